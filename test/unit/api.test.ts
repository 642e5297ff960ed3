import { backoffDelay, createGeneration, fetchGeneration, GENERATIONS_PATH, pacedFetchGeneration, type TakeTurn } from '../../nodes/OmniHuman/transport/api';
import { RequestPacer } from '../../nodes/OmniHuman/transport/pacer';
import { response, scriptedSend } from '../support/fakes';
import { VirtualClock } from '../support/virtualClock';

const id = 'a1b2:bytedance/omnihuman';
const body = { model: 'bytedance/omnihuman', image_url: 'https://x/p.png', audio_url: 'https://x/a.mp3' };
const policy = { timeoutMs: 5000, rateLimitDeadline: Number.POSITIVE_INFINITY, rateLimitBudgetSeconds: 3600 };
const released: Array<{ rateLimited: boolean; retryAfterMs?: number }> = [];
/** Every request may go at once; what the code reports back to the pacer is recorded. */
const freeTurn: TakeTurn = async () => ({ release: (answer) => void released.push(answer) });
const now = () => 1_000_000;
beforeEach(() => (released.length = 0));
const queued = response(200, { id, status: 'queued' });

describe('createGeneration', () => {
	test('sends the body once and returns the generation', async () => {
		const { send, sent } = scriptedSend([queued]);
		const result = await createGeneration(send, body, policy, freeTurn, now);
		expect(result).toEqual({ ok: true, value: { id, status: 'queued', phase: 'running' } });
		expect(sent).toEqual([{ method: 'POST', url: GENERATIONS_PATH, body, timeoutMs: 5000 }]);
	});

	test('accepts 201 like 200', async () => {
		const { send } = scriptedSend([response(201, { id, status: 'queued' })]);
		expect((await createGeneration(send, body, policy, freeTurn, now)).ok).toBe(true);
	});

	test('re-sends after a 429 when the pacer gives the next turn, reporting Retry-After to it', async () => {
		const clock = new VirtualClock();
		const pacer = new RequestPacer(clock, { maxInFlight: 4, firstBackoffMs: 100, maxBackoffMs: 1000 });
		const { send, sent } = scriptedSend([response(429, {}, { 'retry-after': '2' }), response(429, {}), queued]);
		const turn: TakeTurn = async (deadline) => await pacer.acquire(new AbortController().signal, deadline);
		const startedAt = clock.now();
		const result = await clock.run(createGeneration(send, body, policy, turn, clock.now));
		expect(result.ok).toBe(true);
		expect(sent).toHaveLength(3);
		// 2 s from Retry-After, then 200 ms: the second 429 in a row, without Retry-After, doubles the 100 ms backoff.
		expect(clock.now() - startedAt).toBe(2200);
		expect(pacer.rateLimitedAnswers).toBe(2);
	});

	test('tells the pacer which answers were 429', async () => {
		const { send } = scriptedSend([response(429, {}, { 'retry-after': '3' }), queued]);
		await createGeneration(send, body, policy, freeTurn, now);
		expect(released).toEqual([{ rateLimited: true, retryAfterMs: 3000 }, { rateLimited: false }]);
	});

	/** A create against a service whose every answer is a 429, one second after the request, within `budgetMs`. */
	async function createWhileRateLimited(budgetMs: number) {
		let time = 1_000_000;
		const { send, sent } = scriptedSend([
			(): ReturnType<typeof response> => {
				time += 1000;
				return response(429, { message: 'slow' });
			},
		]);
		const budget = { rateLimitDeadline: time + budgetMs, rateLimitBudgetSeconds: budgetMs / 1000 };
		return { result: await createGeneration(send, body, { ...policy, ...budget }, freeTurn, () => time), sent };
	}

	test('keeps trying through 429s until its time budget ends, then says no job was made', async () => {
		const { result, sent } = await createWhileRateLimited(9_500);
		expect(sent).toHaveLength(10);
		expect(result.ok).toBe(false);
		if (!result.ok) {
			expect(result.failure.kind).toBe('fatal');
			expect(result.failure.message).toMatch(/slow; still rate limited after 9.5 s/);
			expect(result.failure.description).toMatch(/No job was created/);
		}
	});

	test('a 429 answered as its time budget ends is the last try', async () => {
		const { result, sent } = await createWhileRateLimited(1000);
		expect(sent).toHaveLength(1);
		expect(!result.ok && result.failure.message).toMatch(/slow; still rate limited after 1 s/);
	});

	test('only a 2xx answer makes a job: a 1xx or 3xx answer with a job in its body is not taken for one', async () => {
		for (const status of [100, 199, 300, 304]) {
			const { send } = scriptedSend([response(status, { id, status: 'queued' })]);
			const result = await createGeneration(send, body, policy, freeTurn, now);
			expect([status, result.ok]).toEqual([status, false]);
		}
	});

	test('an answer that is not a 429 (400, 500) does not slow the other requests down', async () => {
		for (const status of [400, 500]) {
			released.length = 0;
			const { send } = scriptedSend([response(status, { message: 'no' })]);
			await createGeneration(send, body, policy, freeTurn, now);
			expect(released.map((answer) => answer.rateLimited)).toEqual([false]);
		}
	});

	test('a turn refused because the budget ended sends nothing', async () => {
		const { send, sent } = scriptedSend([queued]);
		const result = await createGeneration(send, body, policy, async () => 'expired', now);
		expect(sent).toHaveLength(0);
		expect(!result.ok && result.failure).toEqual({
			kind: 'fatal',
			httpCode: '429',
			mayHaveReachedService: false,
			message: 'The AI/ML API is rate limiting requests (HTTP 429); still rate limited after 3600 s (Max Rate-Limit Wait)',
			description: 'No job was created for this item. Run it again later, raise Max Rate-Limit Wait, or send fewer items at once.',
		});
	});

	test('a create with no answer says where to check for the job, and tells the pacer it was no 429', async () => {
		const { send } = scriptedSend([{ kind: 'network', code: 'ECONNRESET', refused: false, timedOut: false, message: 'socket hang up' }]);
		const result = await createGeneration(send, body, policy, freeTurn, now);
		expect(released).toEqual([{ rateLimited: false }]);
		expect(!result.ok && result.failure).toMatchObject({
			kind: 'fatal',
			jobMayExist: true,
			description:
				'The request may have reached the service, so a job may have been created. It was not sent again, to avoid paying twice: check the generations in your AI/ML API dashboard before running this item again.',
		});
	});

	test('Stop while waiting for a turn sends nothing', async () => {
		const { send, sent } = scriptedSend([queued]);
		const result = await createGeneration(send, body, policy, async () => 'cancelled', now);
		expect(sent).toHaveLength(0);
		expect(!result.ok && result.failure.kind).toBe('cancelled');
	});

	test.each([
		['HTTP 500', response(500, { message: 'boom' })],
		['HTTP 502', response(502, '<html>bad gateway</html>')],
		['HTTP 503', response(503, {})],
		['a reset connection', { kind: 'network', code: 'ECONNRESET', refused: false, timedOut: false, message: 'socket hang up' } as const],
		['a timeout', { kind: 'network', code: 'ECONNABORTED', refused: false, timedOut: true, message: 'timeout' } as const],
		['an unreadable 200', response(200, '{"id": ')],
	])('never re-sends after %s: the job may exist', async (_label, answer) => {
		const { send, sent } = scriptedSend([answer, queued]);
		const result = await createGeneration(send, body, policy, freeTurn, now);
		expect(sent).toHaveLength(1);
		expect(result.ok).toBe(false);
		if (!result.ok) {
			expect(result.failure.kind).toBe('fatal');
			expect(result.failure.description).toMatch(/not sent again/);
		}
	});

	test('a refused connection is reported as nothing created', async () => {
		const { send, sent } = scriptedSend([{ kind: 'network', code: 'ECONNREFUSED', refused: true, timedOut: false, message: '' }]);
		const result = await createGeneration(send, body, policy, freeTurn, now);
		expect(sent).toHaveLength(1);
		expect(!result.ok && result.failure.description).toMatch(/Base URL/);
	});

	test('reports a stop as cancelled', async () => {
		const { send } = scriptedSend([{ kind: 'cancelled' }]);
		const result = await createGeneration(send, body, policy, freeTurn, now);
		expect(!result.ok && result.failure.kind).toBe('cancelled');
	});

	test.each([400, 401, 403])('does not retry HTTP %i', async (status) => {
		const { send, sent } = scriptedSend([response(status, { message: 'no' }), queued]);
		const result = await createGeneration(send, body, policy, freeTurn, now);
		expect(sent).toHaveLength(1);
		expect(!result.ok && result.failure.httpCode).toBe(String(status));
	});
});

describe('fetchGeneration', () => {
	test('passes the id only as a query parameter, unchanged', async () => {
		const odd = 'a b/c&d#e?f:bytedance/omnihuman';
		const { send, sent } = scriptedSend([response(200, { id: odd, status: 'generating' })]);
		await fetchGeneration(send, odd, 1000, () => 0);
		expect(sent[0]).toEqual({ method: 'GET', url: GENERATIONS_PATH, qs: { generation_id: odd }, timeoutMs: 1000 });
	});

	test('an unreadable body is transient', async () => {
		const { send } = scriptedSend([response(200, 'not json')]);
		const result = await fetchGeneration(send, id, 1000, () => 0);
		expect(!result.ok && result.failure.kind).toBe('transient');
	});

	test('a paced poll reports a 429 to the pacer and passes the result on', async () => {
		const { send } = scriptedSend([response(429, {}, { 'retry-after': '4' })]);
		const result = await pacedFetchGeneration(send, id, 1000, freeTurn, Number.POSITIVE_INFINITY, now);
		expect(!result.ok && result.failure.kind).toBe('rate-limited');
		expect(released).toEqual([{ rateLimited: true, retryAfterMs: 4000 }]);
	});

	test('a paced poll whose deadline passed in the queue sends nothing', async () => {
		const { send, sent } = scriptedSend([response(200, { id, status: 'generating' })]);
		const result = await pacedFetchGeneration(send, id, 1000, async () => 'expired', 0, now);
		expect(sent).toHaveLength(0);
		expect(!result.ok && result.failure).toEqual({ kind: 'transient', message: 'The AI/ML API is rate limiting status requests (HTTP 429)', mayHaveReachedService: false });
	});

	test('a local refusal is final', async () => {
		const { send } = scriptedSend([{ kind: 'refused-locally', message: 'Base URL must start with https://' }]);
		const result = await fetchGeneration(send, id, 1000, () => 0);
		expect(!result.ok && result.failure).toMatchObject({ kind: 'fatal', message: 'Base URL must start with https://' });
	});
});

test('backoffDelay doubles up to the cap', () => {
	expect([1, 2, 3, 4, 5].map((attempt) => backoffDelay(attempt, 100, 1000))).toEqual([100, 200, 400, 800, 1000]);
});
