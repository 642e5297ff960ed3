import type { INode } from 'n8n-workflow';

import type { PlannedRequest } from '../../nodes/OmniHuman/spend/types';
import { ItemSpend } from '../../nodes/OmniHuman/spend/itemSpend';
import { SpendLedger } from '../../nodes/OmniHuman/spend/spendLedger';
import { settledSoon } from '../support/settledSoon';

const MODEL = 'bytedance/omnihuman';
const video: PlannedRequest = { kind: 'video', model: MODEL };
const never = new AbortController().signal;
const charged = (usd: number) => ({ kind: 'video' as const, model: MODEL, usd, credits: usd * 2_000_000, runIndex: 0 });

/** $4 spent on one job, limit $10: an admitted item reserves $4 (8 of 10), so a third waits for room. */
async function oneAdmittedOneWaiting() {
	const ledger = new SpendLedger({});
	ledger.record('first', charged(4));
	const admitted = await ledger.admit([video], 10, never);
	if (!admitted.ok) throw new Error('the second item should fit');
	const waiting = ledger.admit([video], 10, never);
	expect((await settledSoon(waiting)).done).toBe(false);
	return { ledger, admission: admitted.admission, waiting };
}

describe('reservations under Max Spend per Execution give their room back once', () => {
	test('an item that ends without paying (released) lets the item waiting for room in', async () => {
		const { admission, waiting } = await oneAdmittedOneWaiting();
		admission.release();
		const state = await settledSoon(waiting);
		expect(state).toEqual({ done: true, value: { ok: true, admission: expect.anything() } });
	});

	test('a reservation given back twice makes room once: the item waiting stays waiting', async () => {
		const { ledger, waiting } = await oneAdmittedOneWaiting();
		// The same request's reservation returned a second time (or one this ledger never made).
		ledger.drop({ ...video, usd: 4 });
		expect((await settledSoon(waiting)).done).toBe(false);
		// Another $4 charge would bring the execution to $12 against a $10 limit.
		expect(ledger.totals().usd).toBe(4);
	});

	test('an admission released twice, or settled after its release, frees its room only once', async () => {
		const { ledger, admission, waiting } = await oneAdmittedOneWaiting();
		admission.release();
		const second = await settledSoon(waiting);
		expect(second.done && second.value.ok).toBe(true);
		// 4 spent + 4 reserved by the second item: a third waits, whatever the first admission does now.
		const third = ledger.admit([video], 10, never);
		admission.release();
		admission.settle('video', 'not-charged');
		expect((await settledSoon(third)).done).toBe(false);
	});
});

describe('an item that resumes a job keeps what the ledger knows of it', () => {
	test("a retry resuming a job whose completion corrected its charge keeps the corrected charge", () => {
		const nodeContext = {};
		const scope = { node: { name: 'OmniHuman' } as INode, itemIndex: 0 };
		// Try 1: the create reports $2.94, the completed job $3.00 (the ledger keeps the correction).
		const firstTry = new ItemSpend(new SpendLedger(nodeContext), scope, 0, never);
		firstTry.paid('video', 'request-key', MODEL, { usdSpent: 2.94, credits: 5_880_000 }, 'gen-1');
		firstTry.completed('gen-1', { usdSpent: 3, credits: 6_000_000 });
		// Try 2 (Retry On Fail): resumes the job with what try 1 remembered of its create.
		const ledger = new SpendLedger(nodeContext);
		new ItemSpend(ledger, scope, 0, never).resumed('request-key', MODEL, 'gen-1', { usdSpent: 2.94, credits: 5_880_000 });
		expect(ledger.totals()).toMatchObject({ jobs: 1, usd: 3, credits: 6_000_000, paidBefore: { jobs: 0, usd: 0 } });
	});
});

describe('waiting for room, and what the limit allows', () => {
	test('an item stopped before it asks for room is stopped, not admitted', async () => {
		const { ledger } = await oneAdmittedOneWaiting();
		const stop = new AbortController();
		stop.abort();
		expect(await ledger.admit([{ ...video, model: 'klingai/avatar-pro' }], 10, stop.signal)).toEqual({ ok: false, cancelled: true });
		expect(await ledger.admit([video], 10, stop.signal)).toEqual({ ok: false, cancelled: true });
	});

	test('an item stopped while it waits gives its place up: the room goes to the next one', async () => {
		const ledger = new SpendLedger({});
		ledger.record('first', charged(4));
		const holder = await ledger.admit([video], 10, never);
		if (!holder.ok) throw new Error('the second item should fit');
		const stop = new AbortController();
		const stopped = ledger.admit([video], 10, stop.signal);
		const next = ledger.admit([video], 10, never);
		stop.abort();
		expect(await stopped).toEqual({ ok: false, cancelled: true });
		holder.admission.release();
		const state = await settledSoon(next);
		expect(state.done && state.value.ok).toBe(true);
	});

	test('the limit reached exactly: a model whose price is not known yet is refused, one that fits exactly is admitted', async () => {
		const ledger = new SpendLedger({});
		ledger.record('first', charged(1));
		expect(await ledger.admit([{ ...video, model: 'klingai/avatar-pro' }], 1, never)).toMatchObject({ ok: false, cancelled: false });
		expect(await ledger.admit([video], 2, never)).toMatchObject({ ok: true });
	});

	test('a charge reported late (the completed job) lifts the stop a missing charge put on spending', async () => {
		const ledger = new SpendLedger({});
		ledger.record('first', { kind: 'video', model: MODEL, runIndex: 0, generationId: 'gen-1' });
		expect(await ledger.admit([video], 10, never)).toMatchObject({ ok: false, reason: expect.stringMatching(/reported no charge/) });
		ledger.recordCompletion('gen-1', { usd: 4, credits: 8_000_000 });
		expect(await ledger.admit([video], 10, never)).toMatchObject({ ok: true });
		expect(ledger.totals()).toMatchObject({ usd: 4, unreported: 0 });
	});
});

describe('a script item reserves its speech and its video, and settles each on its own', () => {
	const SPEECH = { kind: 'speech' as const, model: 'openai/tts-1' };
	const scriptLedger = () => {
		const ledger = new SpendLedger({});
		ledger.record('speech-0', { ...SPEECH, usd: 0.5, credits: 1_000_000, runIndex: 0 });
		ledger.record('video-0', charged(2));
		return ledger;
	};

	test('its speech paid, the room of its video stays reserved until the video answers', async () => {
		const ledger = scriptLedger();
		// $2.50 spent; the item reserves $0.50 + $2; limit $5.50.
		const item = await ledger.admit([SPEECH, video], 5.5, never);
		if (!item.ok) throw new Error('the script item should fit');
		const other = ledger.admit([video], 5.5, never);
		item.admission.settle('speech', { key: 'speech-1', entry: { ...SPEECH, usd: 0.5, credits: 1_000_000, runIndex: 0 } });
		expect((await settledSoon(other)).done).toBe(false);
		item.admission.settle('video', { key: 'video-1', entry: charged(2) });
		expect(await other).toMatchObject({ ok: false, cancelled: false });
		expect(ledger.totals().usd).toBe(5);
	});

	test('a video whose outcome is unknown counts at what was reserved for the video, not for the speech', async () => {
		const ledger = scriptLedger();
		const spend = new ItemSpend(ledger, { node: { name: 'OmniHuman' } as INode, itemIndex: 1 }, 0, never);
		await spend.admit(async () => ({ requests: [SPEECH, video] }), 10);
		// Its speech came from an earlier try (nothing paid now, its reservation still held).
		spend.outcomeUnknown('video', 'video-1', MODEL);
		spend.release();
		expect(ledger.totals()).toMatchObject({ jobs: 2, syntheses: 1, usd: 4.5, unreported: 0 });
	});
});

describe("an item refused under the limit learns why, and what to do", () => {
	test('the error names the limit and the spend, says nothing was sent, and carries the limit', async () => {
		const ledger = new SpendLedger({});
		ledger.record('first', charged(4));
		const spend = new ItemSpend(ledger, { node: { name: 'OmniHuman' } as INode, itemIndex: 3, secret: 'sk-secret-key' }, 0, never);
		const error = await spend.admit(async () => ({ requests: [video] }), 5).then(
			() => undefined,
			(caught: unknown) => caught as Error & { description?: string; context: Record<string, unknown> },
		);
		expect(error?.message).toMatch(/^Max Spend per Execution \(\$5\.00\) would be passed: this execution has spent \$4\.00 on 1 job/);
		expect(error?.description).toMatch(/^Nothing was sent for this item\. Raise Max Spend per Execution/);
		expect(error?.context).toMatchObject({ itemIndex: 3, spendLimitUsd: 5 });
		// Admitted once, an item is not admitted again (its speech and its video share one admission).
		const other = new ItemSpend(ledger, { node: { name: 'OmniHuman' } as INode, itemIndex: 4 }, 0, never);
		await other.admit(async () => ({ requests: [video] }), 10);
		expect((await settledSoon(other.admit(async () => ({ requests: [video] }), 10))).done).toBe(true);
		const third = ledger.admit([video], 10, never);
		expect((await settledSoon(third)).done).toBe(false);
		other.release();
		expect((await settledSoon(third)).done).toBe(true);
	});
});

describe('more that the limit must get right', () => {
	const SPEECH = { kind: 'speech' as const, model: 'openai/tts-1' };

	test('two runs of the node at once in one execution (an agent calling it twice) share the reservations', async () => {
		const nodeContext = {};
		const first = new SpendLedger(nodeContext);
		first.record('a', charged(4));
		expect((await first.admit([video], 10, never)).ok).toBe(true);
		const second = new SpendLedger(nodeContext);
		expect((await settledSoon(second.admit([video], 10, never))).done).toBe(false);
	});

	test("a model's first request that was not charged (refused by the service) lets the next of that model go", async () => {
		const ledger = new SpendLedger({});
		const first = await ledger.admit([video], 10, never);
		if (!first.ok) throw new Error('the first request of a model goes alone');
		first.admission.settle('video', 'not-charged');
		const next = await settledSoon(ledger.admit([video], 10, never));
		expect(next.done && next.value.ok).toBe(true);
	});

	test('two charges not reported: the stop holds until both are reported', async () => {
		const ledger = new SpendLedger({});
		ledger.record('paid', charged(1));
		ledger.record('a', { kind: 'video', model: MODEL, runIndex: 0, generationId: 'gen-a' });
		ledger.record('b', { kind: 'video', model: MODEL, runIndex: 0, generationId: 'gen-b' });
		ledger.recordCompletion('gen-a', { usd: 1, credits: 2_000_000 });
		expect(await ledger.admit([video], 10, never)).toMatchObject({ ok: false, reason: expect.stringMatching(/no charge for the bytedance\/omnihuman job gen-b/) });
		ledger.recordCompletion('gen-b', { usd: 1, credits: 2_000_000 });
		expect(await ledger.admit([video], 10, never)).toMatchObject({ ok: true });
	});

	test('a known speech price and a video model not seen yet: refused when the speech alone reaches the limit', async () => {
		const ledger = new SpendLedger({});
		ledger.record('s', { ...SPEECH, usd: 0.5, credits: 1_000_000, runIndex: 0 });
		ledger.record('v', charged(0.5));
		// $1 spent + $0.50 of speech = the $1.50 limit: no room left for a video at any price.
		expect(await ledger.admit([SPEECH, { ...video, model: 'klingai/avatar-pro' }], 1.5, never)).toMatchObject({ ok: false, cancelled: false });
		expect(await ledger.admit([SPEECH, { ...video, model: 'klingai/avatar-pro' }], 1.6, never)).toMatchObject({ ok: true });
	});

	test("a video settled while its speech never was (an earlier try's speech) frees the video's room, not the speech's", async () => {
		const ledger = new SpendLedger({});
		ledger.record('s', { ...SPEECH, usd: 0.5, credits: 1_000_000, runIndex: 0 });
		ledger.record('v', charged(2));
		// $2.50 spent; the item reserves $0.50 + $2 (5.00); another $2 video does not fit under $6.50.
		const item = await ledger.admit([SPEECH, video], 6.5, never);
		if (!item.ok) throw new Error('the script item should fit');
		const other = ledger.admit([video], 6.5, never);
		expect((await settledSoon(other)).done).toBe(false);
		// The video cost $1: 2.50 + 1 spent, the speech's 0.50 still reserved, + 2 = 6.00.
		item.admission.settle('video', { key: 'v-1', entry: charged(1) });
		const state = await settledSoon(other);
		expect(state.done && state.value.ok).toBe(true);
	});
});

