import { getEventListeners } from 'node:events';

import type { INode } from 'n8n-workflow';

import { AdmissionTurns, READ_AHEAD } from '../../nodes/OmniHuman/spend/admissionTurns';
import { ItemSpend } from '../../nodes/OmniHuman/spend/itemSpend';
import { SpendLedger } from '../../nodes/OmniHuman/spend/spendLedger';
import type { ItemPlan, PlannedRequest } from '../../nodes/OmniHuman/spend/types';
import { settledSoon } from '../support/settledSoon';

const MODEL = 'bytedance/omnihuman';
const never = new AbortController().signal;
/** OmniHuman at $0.14 a second: its worst case (30 s) is $4.20, its least (1 s) $0.14. */
const upTo30s: PlannedRequest = { kind: 'video', model: MODEL, usd: 4.2, upperBound: true };
const atLeast1s: PlannedRequest = { kind: 'video', model: MODEL, usd: 0.14, atLeast: true };
const exactly = (usd: number): PlannedRequest => ({ kind: 'video', model: MODEL, usd });
const charged = (usd: number) => ({ kind: 'video' as const, model: MODEL, usd, credits: usd * 2_000_000, runIndex: 0 });

describe('an item planned on its worst case (audio not read): admitted on it while it fits', () => {
	test('it is admitted on its worst case beside what is spent and held, and never refused on it', async () => {
		const ledger = new SpendLedger({});
		const first = await ledger.admit([upTo30s], 8, never, 'upper');
		expect(first.ok).toBe(true);
		// $4.20 held + $4.20 > $8, but $4.20 alone fits beside what was spent: it waits for the first's charge.
		const second = ledger.admit([upTo30s], 8, never, 'upper');
		expect((await settledSoon(second)).done).toBe(false);
		if (!first.ok) return;
		first.admission.settle('video', { key: 'a', entry: charged(0.7) });
		expect(await second).toMatchObject({ ok: true });
		ledger.record('b', charged(3.5));
		// $4.20 spent: a third worst case can never fit, yet its real length might: "exact needed", not a refusal.
		expect(await ledger.admit([upTo30s], 8, never, 'upper')).toMatchObject({ ok: false, exactNeeded: true });
	});

	test('what is held on a worst case does not count against an item priced at its least, and shrinks to the charge', async () => {
		const ledger = new SpendLedger({});
		const held = await ledger.admit([upTo30s], 4.3, never, 'upper');
		expect(held.ok).toBe(true);
		expect(ledger.committedUsd).toBeCloseTo(4.2, 9);
		expect(ledger.firmUsd).toBe(0);
		// Beside $4.20 held on a worst case, $0.14 might still fit: the item is to be read, not refused.
		expect(await ledger.admit([atLeast1s], 4.3, never, 'lower')).toMatchObject({ ok: false, exactNeeded: true });
		if (held.ok) held.admission.settle('video', { key: 'a', entry: charged(4.2) });
		expect(ledger.firmUsd).toBeCloseTo(4.2, 9);
		// Now $4.20 is spent: even one second passes $4.30. Refused without its audio being read.
		const refused = await ledger.admit([atLeast1s], 4.3, never, 'lower');
		expect(refused).toMatchObject({ ok: false, cancelled: false });
		expect(refused).not.toHaveProperty('exactNeeded');
		if (!refused.ok && !refused.cancelled) expect(refused.reason).toMatch(/spent \$4\.20 on 1 job.*needs a bytedance\/omnihuman job of \$0\.14$/);
	});

	test('an item priced at its least waits while a request in flight holds its exact price (it may still fail)', async () => {
		const ledger = new SpendLedger({});
		const held = await ledger.admit([exactly(4.2)], 4.3, never);
		if (!held.ok) throw new Error('refused');
		const atLeast = ledger.admit([atLeast1s], 4.3, never, 'lower');
		expect((await settledSoon(atLeast)).done).toBe(false);
		// The request failed, nothing charged: the room is back, and the item is to be read.
		held.admission.settle('video', 'not-charged');
		expect(await atLeast).toMatchObject({ ok: false, exactNeeded: true });
	});

	test('an item priced at its least is never admitted on it, whatever the room', async () => {
		const ledger = new SpendLedger({});
		expect(await ledger.admit([atLeast1s], 100, never)).toMatchObject({ ok: false, cancelled: false });
		expect(await ledger.admit([atLeast1s], 100, never, 'lower')).toMatchObject({ ok: false, exactNeeded: true });
		expect(ledger.committedUsd).toBe(0);
	});

	test('a worst case repriced exactly leaves the upper-bound sum with it', async () => {
		const ledger = new SpendLedger({});
		const held = await ledger.admit([upTo30s], 10, never, 'upper');
		if (!held.ok) throw new Error('refused');
		expect(held.admission.reprice(exactly(1.4))).toBe(true);
		expect(ledger.firmUsd).toBeCloseTo(1.4, 9);
		expect(ledger.committedUsd).toBeCloseTo(1.4, 9);
		held.admission.release();
		expect(ledger.firmUsd).toBeCloseTo(0, 9);
	});
});

describe('items near the limit read their audio ahead of their turns', () => {
	test(`the ${READ_AHEAD} items after one near the limit start their reads, whether already waiting or arriving later`, async () => {
		const turns = new AdmissionTurns();
		const started: number[] = [];
		const reader = (index: number) => () => started.push(index);
		const waits = [1, 2, 3].map((index) => turns.wait(index, never, reader(index)));
		expect(started).toEqual([]);
		turns.readAheadAfter(0);
		expect(started).toEqual([1, 2, 3]);
		void turns.wait(READ_AHEAD, never, reader(READ_AHEAD));
		void turns.wait(READ_AHEAD + 1, never, reader(READ_AHEAD + 1));
		expect(started).toEqual([1, 2, 3, READ_AHEAD]);
		// Each read starts once.
		turns.readAheadAfter(1);
		expect(started).toEqual([1, 2, 3, READ_AHEAD, READ_AHEAD + 1]);
		for (let index = 0; index <= 3; index++) turns.pass(index);
		await Promise.all(waits);
	});

	test('an item that has passed its turn is not read ahead', () => {
		const turns = new AdmissionTurns();
		const started: number[] = [];
		void turns.wait(1, never, () => started.push(1));
		turns.pass(0);
		turns.pass(1);
		turns.readAheadAfter(0);
		expect(started).toEqual([]);
	});
});

function item(ledger: SpendLedger, turns: AdmissionTurns, itemIndex: number) {
	return new ItemSpend(ledger, { node: { name: 'OmniHuman' } as INode, itemIndex }, 0, never, turns);
}

describe('ItemSpend: an item on its worst case, then priced exactly only when needed, in input order', () => {
	test('far from the limit its audio is never read; near it, it is read and the item holds its turn meanwhile', async () => {
		const ledger = new SpendLedger({});
		const turns = new AdmissionTurns();
		const reads: number[] = [];
		let finishRead: (() => void) | undefined;
		const plan = (index: number, seconds: number, slowRead = false): ItemPlan => ({
			requests: [upTo30s],
			least: [atLeast1s],
			exact: async () => {
				reads.push(index);
				if (slowRead) await new Promise<void>((resolve) => (finishRead = resolve));
				return [exactly(0.14 * seconds)];
			},
		});
		const first = item(ledger, turns, 0);
		await first.admit(async () => plan(0, 5), 5);
		expect(reads).toEqual([]);
		first.paid('video', 'a', MODEL, { usdSpent: 0.7 });
		// $0.70 spent + $4.20 fits $5: on its worst case again, unread.
		const second = item(ledger, turns, 1);
		await second.admit(async () => plan(1, 25, true), 5);
		expect(reads).toEqual([]);
		second.paid('video', 'b', MODEL, { usdSpent: 3.5 });
		// $4.20 spent: the third's worst case can never fit, so its audio is read (slowly); the fourth waits its turn.
		const third = item(ledger, turns, 2).admit(async () => plan(2, 10, true), 5);
		const fourth = item(ledger, turns, 3).admit(async () => plan(3, 1), 5);
		await new Promise((resolve) => setImmediate(resolve));
		expect(reads).toEqual([2]);
		finishRead?.();
		// 10 s = $1.40 does not fit beside $4.20 spent; the fourth's 1 s ($0.14) does.
		await expect(third).rejects.toThrow(/Max Spend per Execution \(\$5\.00\) would be passed/);
		await fourth;
		expect(reads).toEqual([2, 3]);
		expect(ledger.committedUsd).toBeCloseTo(4.34, 9);
	});

	test('after a charge went unreported, an item on its worst case is refused with the reason, nothing read', async () => {
		const ledger = new SpendLedger({});
		ledger.record('unreported', { kind: 'video', model: MODEL, runIndex: 0, generationId: 'gen-1' });
		let read = false;
		const refused = item(ledger, new AdmissionTurns(), 0).admit(async () => ({ requests: [upTo30s], exact: async () => ((read = true), [exactly(0.14)]) }), 20);
		await expect(refused).rejects.toThrow(/the service reported no charge for the bytedance\/omnihuman job gen-1/);
		expect(read).toBe(false);
	});

	test('once even one second can never fit, an item is refused without its audio being read', async () => {
		const ledger = new SpendLedger({});
		ledger.record('spent', charged(4.9));
		let read = false;
		const refused = item(ledger, new AdmissionTurns(), 0).admit(
			async () => ({ requests: [upTo30s], least: [atLeast1s], exact: async () => ((read = true), [exactly(0.14)]) }),
			5,
		);
		await expect(refused).rejects.toThrow(/needs a bytedance\/omnihuman job of \$0\.14/);
		expect(read).toBe(false);
	});

	test.each([
		[0, 0, false],
		[12, 0, true],
		[0, 3, true],
		[11.6, 0, false],
	])('$%d spent, %d worst cases held, an item admitted on its $4.20 worst case under $20: the next item starts its read ahead: %s', async (spent, held, readsAhead) => {
		const ledger = new SpendLedger({});
		if (spent > 0) ledger.record('spent', charged(spent));
		const turns = new AdmissionTurns();
		const onWorstCase = async (): Promise<ItemPlan> => ({ requests: [upTo30s], exact: async () => [exactly(0.14)] });
		for (let index = 0; index < held; index++) await item(ledger, turns, index).admit(onWorstCase, 20);
		const started: number[] = [];
		const next = item(ledger, turns, held + 1).admit(async () => ({ ...(await onWorstCase()), readAhead: () => started.push(held + 1) }), 20);
		await new Promise((resolve) => setImmediate(resolve));
		const first = item(ledger, turns, held);
		await first.admit(onWorstCase, 20);
		// Charged and held, this worst case and one more: $8.40 fits $20 beside nothing; not beside $12 charged, nor beside $12.60 held.
		expect(started).toEqual(readsAhead ? [held + 1] : []);
		first.release();
		await next;
	});
});

describe('AdmissionTurns: an item waiting for its turn', () => {
	test('is let go at once when its execution stops, and the items before it are not held up', async () => {
		const turns = new AdmissionTurns();
		const stop = new AbortController();
		const waiting = turns.wait(2, stop.signal);
		expect((await settledSoon(waiting)).done).toBe(false);
		stop.abort();
		expect((await settledSoon(waiting)).done).toBe(true);
		// Its place is forgotten: the turns still pass in order behind it.
		const next = turns.wait(1, never);
		turns.pass(0);
		expect((await settledSoon(next)).done).toBe(true);
	});

	test('leaves no abort listener on its signal once its turn comes (one signal serves a whole item)', async () => {
		const turns = new AdmissionTurns();
		const signal = new AbortController().signal;
		const waiting = turns.wait(1, signal);
		expect(getEventListeners(signal, 'abort')).toHaveLength(1);
		turns.pass(0);
		await waiting;
		expect(getEventListeners(signal, 'abort')).toHaveLength(0);
	});
});
