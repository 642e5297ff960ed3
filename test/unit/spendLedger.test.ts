import type { INode } from 'n8n-workflow';

import { ItemSpend } from '../../nodes/OmniHuman/spend/itemSpend';
import type { PlannedRequest } from '../../nodes/OmniHuman/spend/types';
import { SpendLedger } from '../../nodes/OmniHuman/spend/spendLedger';
import { settledSoon } from '../support/settledSoon';

const video = (model = 'bytedance/omnihuman'): PlannedRequest => ({ kind: 'video', model });
const never = new AbortController().signal;

const charged = (usd: number, runIndex = 0) => ({ kind: 'video' as const, model: 'bytedance/omnihuman', usd, credits: usd * 2_000_000, runIndex });

describe('SpendLedger: admission under Max Spend per Execution', () => {
	test('without a limit every item is admitted at once and charges still add up', async () => {
		const ledger = new SpendLedger({});
		const first = await ledger.admit([video()], undefined, never);
		const second = await ledger.admit([video()], undefined, never);
		expect(first.ok && second.ok).toBe(true);
		ledger.record('a', charged(0.63));
		ledger.record('b', charged(0.63));
		expect(ledger.totals()).toMatchObject({ jobs: 2, usd: 1.26, credits: 2_520_000 });
	});

	test("a model's first request goes alone; the next waits for its charge, then reserves it", async () => {
		const ledger = new SpendLedger({});
		const first = await ledger.admit([video()], 10, never);
		if (!first.ok) throw new Error('first refused');
		const second = ledger.admit([video()], 10, never);
		expect((await settledSoon(second)).done).toBe(false);
		first.admission.settle('video', { key: 'a', entry: charged(4) });
		const admitted = await second;
		expect(admitted.ok).toBe(true);
		// 4 spent + 4 reserved: a third at 4 would reach 12 > 10; it waits, since the reservation may still fail.
		const third = ledger.admit([video()], 10, never);
		expect((await settledSoon(third)).done).toBe(false);
		if (admitted.ok) admitted.admission.settle('video', 'not-charged');
		expect((await third).ok).toBe(true);
	});

	test('refuses at once when what was spent leaves no room, naming the limit, the spend and the jobs', async () => {
		const ledger = new SpendLedger({});
		ledger.record('a', charged(0.63));
		ledger.record('b', charged(0.63));
		const result = await ledger.admit([video()], 1.5, never);
		expect(result).toEqual({
			ok: false,
			cancelled: false,
			reason: expect.stringMatching(/Max Spend per Execution \(\$1\.50\) would be passed: this execution has spent \$1\.26 on 2 jobs and 0 speech syntheses.*job of \$0\.63/),
		});
	});

	test('exactly the jobs that fit: $0.63 jobs under $100 → 158', async () => {
		const ledger = new SpendLedger({});
		const results = await Promise.all(
			Array.from({ length: 200 }, async (_, index) => {
				// Each item its own stop signal, as the node gives it (200 waits on one signal would stack 200 listeners).
				const result = await ledger.admit([video()], 100, new AbortController().signal);
				if (!result.ok) return false;
				await new Promise((resolve) => setImmediate(resolve));
				result.admission.settle('video', { key: `job-${index}`, entry: charged(0.63) });
				return true;
			}),
		);
		expect(results.filter(Boolean)).toHaveLength(158);
		expect(ledger.totals().usd).toBeLessThanOrEqual(100);
		expect(ledger.totals().jobs).toBe(158);
	});

	test('a speech synthesis and its video are reserved together', async () => {
		const ledger = new SpendLedger({});
		ledger.record('s', { kind: 'speech', model: 'openai/tts-1', usd: 0.5, credits: 1_000_000, runIndex: 0 });
		ledger.record('v', charged(2));
		// 2.5 spent; speech 0.5 + video 2 = 5: fits 5, not 4.99.
		expect((await ledger.admit([{ kind: 'speech', model: 'openai/tts-1' }, video()], 4.99, never)).ok).toBe(false);
		expect((await ledger.admit([{ kind: 'speech', model: 'openai/tts-1' }, video()], 5, never)).ok).toBe(true);
	});

	test('a charge the service did not report stops the spending, and says why', async () => {
		const ledger = new SpendLedger({});
		ledger.record('a', { kind: 'video', model: 'bytedance/omnihuman', runIndex: 0, generationId: 'gen-1' });
		const result = await ledger.admit([video()], 100, never);
		expect(result).toEqual({ ok: false, cancelled: false, reason: expect.stringMatching(/cannot be kept: the service reported no charge for the bytedance\/omnihuman job gen-1/) });
	});

	test('the same request recorded again (a completed job reporting its charge) counts once', () => {
		const ledger = new SpendLedger({});
		ledger.record('a', { ...charged(2.94), generationId: 'gen-1' });
		ledger.recordCompletion('gen-1', { usd: 2.94, credits: 5_880_000 });
		ledger.record('a', { kind: 'video', model: 'bytedance/omnihuman', runIndex: 1, generationId: 'gen-1' });
		expect(ledger.totals()).toMatchObject({ jobs: 1, usd: 2.94, unreported: 0 });
	});

	test('the ledger lives in the node context: a second ledger over it sees what the first recorded', () => {
		const nodeContext = {};
		new SpendLedger(nodeContext).record('a', charged(1));
		expect(new SpendLedger(nodeContext).totals().usd).toBe(1);
		expect(new SpendLedger({}).totals().usd).toBe(0);
	});

	test('a ledger saved with the execution and read back (a retry from the Executions list) keeps its sums and its limit', async () => {
		const saved = {};
		const first = new SpendLedger(saved);
		first.record('a', { ...charged(0.63), generationId: 'gen-1' });
		first.record('b', charged(0.63));
		const restored = JSON.parse(JSON.stringify(saved)) as typeof saved;
		const ledger = new SpendLedger(restored);
		expect(ledger.totals()).toMatchObject({ jobs: 2, usd: 1.26 });
		expect(await ledger.admit([video()], 1.5, never)).toMatchObject({ ok: false, reason: expect.stringMatching(/has spent \$1\.26 on 2 jobs/) });
		ledger.recordCompletion('gen-1', { usd: 1, credits: 2_000_000 });
		expect(ledger.totals().usd).toBeCloseTo(1.63, 9);
	});

	test('Stop ends a wait for room', async () => {
		const ledger = new SpendLedger({});
		const first = await ledger.admit([video()], 10, never);
		expect(first.ok).toBe(true);
		const stop = new AbortController();
		const waiting = ledger.admit([video()], 10, stop.signal);
		stop.abort();
		expect(await waiting).toEqual({ ok: false, cancelled: true });
	});

	test("a finished job's charge corrects what its create reported, still as one job", () => {
		const ledger = new SpendLedger({});
		const spend = new ItemSpend(ledger, { node: { name: 'OmniHuman' } as INode, itemIndex: 0 }, 0, never);
		spend.paid('video', 'a', 'bytedance/omnihuman', { credits: 5_880_000, usdSpent: 2.94 }, 'gen-1');
		spend.completed('gen-1', { credits: 6_000_000, usdSpent: 3 });
		spend.completed('gen-other', { credits: 2_000_000, usdSpent: 1 });
		expect(ledger.totals()).toMatchObject({ jobs: 1, usd: 3, credits: 6_000_000 });
	});

	test('a paid request whose outcome is unknown counts at what was reserved for it', async () => {
		const ledger = new SpendLedger({});
		ledger.record('first', charged(0.63));
		const spend = new ItemSpend(ledger, { node: { name: 'OmniHuman' } as INode, itemIndex: 1 }, 0, never);
		await spend.admit(async () => ({ requests: [video()] }), 10);
		spend.outcomeUnknown('video', 'second', 'bytedance/omnihuman');
		spend.release();
		expect(ledger.totals()).toMatchObject({ jobs: 2, usd: 1.26, credits: 2_520_000, unreported: 0 });
	});

	describe('priced per second of speech', () => {
		const speech = (amount: number, exact = true) => ({ unit: 'second' as const, amount, exact, basis: `${amount} s` });
		const priced = (amount: number, rate = 0.14): PlannedRequest => ({ ...video(), usd: rate * Math.ceil(amount), quantity: speech(amount) });
		const learned = (amount: number, exact = true): PlannedRequest => ({ ...video(), quantity: speech(amount, exact) });

		test('the issue’s batch: 5 s then five of 25 s at $0.14/s under $8 → $0.70 + $3.50 + $3.50, never $18.20', async () => {
			const ledger = new SpendLedger({});
			const lengths = [5, 25, 25, 25, 25, 25];
			const outcomes = await Promise.all(
				lengths.map(async (amount, index) => {
					const result = await ledger.admit([priced(amount)], 8, never);
					if (!result.ok) return false;
					await new Promise((resolve) => setImmediate(resolve));
					result.admission.settle('video', { key: `job-${index}`, entry: charged(0.14 * Math.ceil(amount)) });
					return true;
				}),
			);
			expect(outcomes).toEqual([true, true, true, false, false, false]);
			expect(ledger.totals().usd).toBeCloseTo(7.7, 9);
		});

		test('without a price list the rate is learned per second: the first goes alone, the next are priced at charge ÷ seconds', async () => {
			const ledger = new SpendLedger({});
			const first = await ledger.admit([learned(5)], 8, never);
			if (!first.ok) throw new Error('first refused');
			const second = ledger.admit([learned(25)], 8, never);
			expect((await settledSoon(second)).done).toBe(false);
			first.admission.settle('video', { key: 'a', entry: charged(0.7) });
			const admitted = await second;
			if (!admitted.ok) throw new Error('second refused');
			expect(admitted.admission.reserved('video')).toBeCloseTo(3.5, 9);
			// 0.70 spent + 3.50 reserved: another 25 s job would reach 7.70 — fits; a fourth waits for room.
			const third = await ledger.admit([learned(25)], 8, never);
			if (!third.ok) throw new Error('third refused');
			const fourth = ledger.admit([learned(25)], 8, never);
			expect((await settledSoon(fourth)).done).toBe(false);
			admitted.admission.settle('video', { key: 'b', entry: charged(3.5) });
			third.admission.settle('video', { key: 'c', entry: charged(3.5) });
			expect(await fourth).toMatchObject({ ok: false, reason: expect.stringMatching(/has spent \$7\.70.*job of \$3\.50 \(25 s\)/) });
		});

		test('a charge whose seconds were only bounded teaches at most the charge per second', async () => {
			const ledger = new SpendLedger({});
			const first = await ledger.admit([learned(30, false)], 10, never);
			if (!first.ok) throw new Error('first refused');
			first.admission.settle('video', { key: 'a', entry: charged(0.7) });
			// 5 s were billed, but only "at most 30 s" was known: the next 5 s job is priced at 0.70 × 5, not 0.70 ÷ 30 × 5.
			const next = await ledger.admit([learned(5)], 10, never);
			if (!next.ok) throw new Error('refused');
			expect(next.admission.reserved('video')).toBeCloseTo(3.5, 9);
		});

		test('a reservation repriced lower frees room at once; higher only if it fits', async () => {
			const ledger = new SpendLedger({});
			const item = await ledger.admit([priced(30)], 5, never);
			if (!item.ok) throw new Error('refused');
			const waiting = ledger.admit([priced(10)], 5, never);
			expect((await settledSoon(waiting)).done).toBe(false);
			expect(item.admission.reprice(priced(8))).toBe(true);
			expect((await waiting).ok).toBe(true);
			expect(item.admission.reprice(priced(30))).toBe(false);
		});

		test('out of credits: every later request of the execution is refused at once, with or without a limit', async () => {
			const ledger = new SpendLedger({});
			ledger.outOfCredits("You've run out of credits");
			for (const limit of [undefined, 100])
				expect(await ledger.admit([priced(5)], limit, never)).toMatchObject({ ok: false, outOfCredits: true, reason: expect.stringMatching(/ran out of credits/) });
		});

		test('what was estimated is kept beside what was charged', async () => {
			const ledger = new SpendLedger({});
			const item = await ledger.admit([priced(21)], 10, never);
			if (!item.ok) throw new Error('refused');
			item.admission.settle('video', { key: 'a', entry: charged(2.94) });
			expect(ledger.totals().estimated).toEqual({ requests: 1, usd: expect.closeTo(2.94, 9), chargedUsd: 2.94, upperBounds: 0 });
		});
	});
});
