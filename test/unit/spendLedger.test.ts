import type { INode } from 'n8n-workflow';

import { ItemSpend } from '../../nodes/OmniHuman/spend/itemSpend';
import type { PlannedRequest } from '../../nodes/OmniHuman/spend/admission';
import { SpendLedger } from '../../nodes/OmniHuman/spend/spendLedger';

const video = (model = 'bytedance/omnihuman'): PlannedRequest => ({ kind: 'video', model });
const never = new AbortController().signal;

/** Settles on the next turn of the event loop: a waiter that has not resolved by then is still waiting. */
async function settledSoon<T>(promise: Promise<T>): Promise<{ done: true; value: T } | { done: false }> {
	let state: { done: true; value: T } | { done: false } = { done: false };
	void promise.then((value) => (state = { done: true, value }));
	await new Promise((resolve) => setImmediate(resolve));
	return state;
}

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
			reason: expect.stringMatching(/Max Spend per Execution \(\$1\.50\) would be passed: this execution has spent \$1\.26 on 2 jobs and 0 speech syntheses.*about \$0\.63/),
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
		await spend.admit([video()], 10);
		spend.outcomeUnknown('video', 'second', 'bytedance/omnihuman');
		spend.release();
		expect(ledger.totals()).toMatchObject({ jobs: 2, usd: 1.26, credits: 2_520_000, unreported: 0 });
	});
});
