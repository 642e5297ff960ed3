import type { INode } from 'n8n-workflow';

import { ItemSpend } from '../../nodes/OmniHuman/spend/itemSpend';
import { SpendLedger } from '../../nodes/OmniHuman/spend/spendLedger';
import type { PlannedRequest } from '../../nodes/OmniHuman/spend/types';
import { settledSoon } from '../support/settledSoon';

const AVATAR = 'bytedance/omnihuman';
const TTS = 'openai/tts-1';
const never = new AbortController().signal;
const seconds = (amount: number) => ({ unit: 'second' as const, amount, exact: true, basis: `${amount} s measured` });
const video = (usd?: number, more: Partial<PlannedRequest> = {}): PlannedRequest => ({ kind: 'video', model: AVATAR, ...(usd !== undefined && { usd }), ...more });
const speech = (usd: number): PlannedRequest => ({ kind: 'speech', model: TTS, usd });
const scope = { node: { name: 'OmniHuman' } as INode, itemIndex: 0 };

/** A ledger that was charged `spentUsd`, with one item admitted on `plan` under `limitUsd`. */
async function admittedOn(plan: PlannedRequest[], limitUsd: number, spentUsd = 0, bound: 'exact' | 'upper' = 'exact') {
	const ledger = new SpendLedger({});
	if (spentUsd > 0) ledger.record('earlier', { kind: 'video', model: AVATAR, usd: spentUsd, credits: spentUsd * 2_000_000, runIndex: 0 });
	const result = await ledger.admit(plan, limitUsd, never, bound);
	if (!result.ok) throw new Error('the item should have been admitted');
	return { ledger, admission: result.admission };
}

/** Whether one more request of `usd` is admitted at once (else it waits or is refused). */
async function admitsAtOnce(ledger: SpendLedger, usd: number, limitUsd: number) {
	const state = await settledSoon(ledger.admit([video(usd)], limitUsd, never));
	return state.done && state.value.ok;
}

describe('whether an item could still fit: beside what was charged, or beside that and the exact reservations', () => {
	test('$3 charged, $2 held exactly and $4 held on a worst case: $7 more fits beside the charges, $5 beside the firm sum', async () => {
		const { ledger } = await admittedOn([video(2)], 10, 3);
		expect((await ledger.admit([video(4, { upperBound: true })], 10, never, 'upper')).ok).toBe(true);
		expect(ledger.firmUsd).toBe(5);
		expect(ledger.couldFit(7, 10, 'spent')).toBe(true);
		expect(ledger.couldFit(7.01, 10, 'spent')).toBe(false);
		expect(ledger.couldFit(5, 10, 'firm')).toBe(true);
		expect(ledger.couldFit(5.01, 10, 'firm')).toBe(false);
	});
});

describe('an item priced again once its speech is made and measured', () => {
	test('a larger price that brings the execution exactly to its limit is kept, and holds its room', async () => {
		const { ledger, admission } = await admittedOn([video(4)], 10, 4);
		expect(admission.reprice(video(6))).toBe(true);
		expect(admission.reserved('video')).toBe(6);
		expect(ledger.committedUsd).toBe(10);
		expect(await admitsAtOnce(ledger, 0.5, 10)).toBe(false);
	});

	test('a larger price that would pass the limit is refused, and the item keeps what it held', async () => {
		const { ledger, admission } = await admittedOn([video(4)], 10, 4);
		expect(admission.reprice(video(6.5))).toBe(false);
		expect(admission.reserved('video')).toBe(4);
		expect(ledger.committedUsd).toBe(8);
	});

	test('a smaller price gives room back at once: the item waiting for it goes', async () => {
		const { ledger, admission } = await admittedOn([video(4)], 10, 4);
		const waiting = ledger.admit([video(2.5)], 10, never);
		expect((await settledSoon(waiting)).done).toBe(false);
		expect(admission.reprice(video(3))).toBe(true);
		expect(await settledSoon(waiting)).toEqual({ done: true, value: { ok: true, admission: expect.anything() } });
	});

	test('after a charge above its estimate put the execution over its room, the same or a smaller price is still kept', async () => {
		const { ledger, admission } = await admittedOn([video(4)], 10, 2);
		const other = await ledger.admit([video(4)], 10, never);
		if (!other.ok) throw new Error('the second item should fit');
		// The first item was priced at $4 and charged $5.5: $7.5 charged + $4 held is over $10.
		other.admission.settle('video', { key: 'other', entry: { kind: 'video', model: AVATAR, usd: 5.5, runIndex: 0 } });
		expect(admission.reprice(video(4))).toBe(true);
		expect(admission.reprice(video(3.5))).toBe(true);
		expect(admission.reserved('video')).toBe(3.5);
	});

	test('an exact price replacing an exact one: the firm sum is what was charged plus the new price', async () => {
		const { ledger, admission } = await admittedOn([video(2)], 10, 3);
		expect(admission.reprice(video(2.5))).toBe(true);
		expect(ledger.firmUsd).toBe(5.5);
	});

	test('a worst case priced again on a smaller worst case stays out of the firm sum', async () => {
		const { ledger, admission } = await admittedOn([video(4, { upperBound: true })], 10, 3, 'upper');
		expect(ledger.firmUsd).toBe(3);
		expect(admission.reprice(video(3, { upperBound: true }))).toBe(true);
		expect(ledger.firmUsd).toBe(3);
		expect(ledger.committedUsd).toBe(6);
		expect(admission.reprice(video(2.5))).toBe(true);
		expect(ledger.firmUsd).toBe(5.5);
	});

	test("only the request of the kind priced again changes: the speech's reservation stays", async () => {
		const { admission } = await admittedOn([video(4), speech(0.02)], 10);
		expect(admission.reprice({ ...speech(0.05) })).toBe(true);
		expect(admission.reserved('speech')).toBe(0.05);
		expect(admission.reserved('video')).toBe(4);
	});

	test('a model whose first request went without a price, or a price that cannot be known, never refuses the item', async () => {
		const { admission } = await admittedOn([video()], 10);
		expect(admission.reserved('video')).toBeUndefined();
		expect(admission.reprice(video(12))).toBe(true);
		const priced = await admittedOn([video(3)], 10);
		expect(priced.admission.reprice(video())).toBe(true);
		expect(priced.admission.reserved('video')).toBe(3);
	});

	test('without a limit, or before the item asked for room, a new price never refuses it', async () => {
		const unlimited = new ItemSpend(new SpendLedger({}), scope, 0, never);
		expect(unlimited.reprice(video(50))).toBe(true);
		await unlimited.admit(async () => ({ requests: [video(4)] }), undefined);
		expect(unlimited.reprice(video(50))).toBe(true);
	});
});

describe("a charge the service did not report, counted at the price list's price for its own kind", () => {
	test("each request's listed price is its own kind's", async () => {
		const { admission } = await admittedOn([video(4), speech(0.02)], 10);
		expect(admission.listedPrice('speech')).toBe(0.02);
		expect(admission.listedPrice('video')).toBe(4);
	});

	test('a job with no charge reported after its speech was charged counts at the listed $4: the limit still holds', async () => {
		const ledger = new SpendLedger({});
		const item = new ItemSpend(ledger, scope, 0, never);
		await item.admit(async () => ({ requests: [speech(0.02), video(4)] }), 10);
		item.paid('speech', 'speech-key', TTS, { usdSpent: 0.02, credits: 40_000 });
		item.paid('video', 'job-key', AVATAR, undefined, 'gen-1');
		expect(ledger.totals()).toMatchObject({ jobs: 1, syntheses: 1, usd: 4.02, unreported: 1 });
		expect(ledger.committedUsd).toBe(4.02);
	});
});

describe('what is kept of a paid request', () => {
	test("a completed job's corrected charge keeps its estimate, and teaches the rate of the seconds it was billed on", async () => {
		const ledger = new SpendLedger({});
		const item = new ItemSpend(ledger, scope, 0, never);
		await item.admit(async () => ({ requests: [video(2.1, { quantity: seconds(15) })] }), 10);
		item.paid('video', 'job-key', AVATAR, { usdSpent: 2.1, credits: 4_200_000 }, 'gen-1');
		item.completed('gen-1', { usdSpent: 2.25, credits: 4_500_000 });
		expect(ledger.totals()).toMatchObject({ jobs: 1, usd: 2.25, estimated: { requests: 1, usd: 2.1, chargedUsd: 2.25, upperBounds: 0 } });
		expect(ledger.learnedRate(AVATAR, 'second')).toBeCloseTo(0.15, 10);
	});

	test("a job an earlier try of this execution made is this execution's, not one paid before it", () => {
		const ledger = new SpendLedger({});
		new ItemSpend(ledger, scope, 0, never).resumed('job-key', AVATAR, 'gen-1', { usdSpent: 3, credits: 6_000_000 });
		new ItemSpend(ledger, { ...scope, itemIndex: 1 }, 0, never).resumed('logs:gen-2', AVATAR, 'gen-2', { usdSpent: 2, credits: 4_000_000 }, true);
		expect(ledger.totals()).toMatchObject({ jobs: 2, usd: 5, paidBefore: { jobs: 1, usd: 2 } });
	});

	test('an item priced on its least is refused, never admitted on it', async () => {
		const ledger = new SpendLedger({});
		const result = await ledger.admit([speech(0.02), video(1, { atLeast: true })], 10, never);
		expect(result).toMatchObject({ ok: false, cancelled: false, reason: expect.stringContaining('would be passed') });
		expect(ledger.committedUsd).toBe(0);
	});
});

describe('after the account ran out of credits', () => {
	test('the next item is refused with nothing sent, as out of credits, not as over the limit', async () => {
		const ledger = new SpendLedger({});
		ledger.outOfCredits('Insufficient credits');
		const item = new ItemSpend(ledger, { ...scope, itemIndex: 4 }, 0, never);
		const error = await item.admit(async () => ({ requests: [video(4)] }), undefined).catch((thrown: unknown) => thrown);
		expect(error).toMatchObject({
			message: expect.stringContaining('ran out of credits earlier in this execution (Insufficient credits)'),
			description: 'Nothing was sent for this item.',
			context: { itemIndex: 4, outOfCredits: true },
		});
		expect((error as { context: object }).context).not.toHaveProperty('spendLimitRefused');
	});
});
