import { backoffDelay, createGeneration, fetchGeneration, GENERATIONS_PATH } from '../../nodes/OmniHuman/transport/api';
import { FakeClock, response, scriptedSend } from '../support/fakes';

const id = 'a1b2:bytedance/omnihuman';
const body = { model: 'bytedance/omnihuman', image_url: 'https://x/p.png', audio_url: 'https://x/a.mp3' };
const policy = { timeoutMs: 5000, maxAttempts: 4, backoffBaseMs: 100, maxBackoffMs: 1000 };
const queued = response(200, { id, status: 'queued' });

describe('createGeneration', () => {
	test('sends the body once and returns the generation', async () => {
		const { send, sent } = scriptedSend([queued]);
		const result = await createGeneration(send, body, policy, new FakeClock());
		expect(result).toEqual({ ok: true, value: { id, status: 'queued', phase: 'running' } });
		expect(sent).toEqual([{ method: 'POST', url: GENERATIONS_PATH, body, timeoutMs: 5000 }]);
	});

	test('accepts 201 like 200', async () => {
		const { send } = scriptedSend([response(201, { id, status: 'queued' })]);
		expect((await createGeneration(send, body, policy, new FakeClock())).ok).toBe(true);
	});

	test('retries a 429, honouring Retry-After, then backing off', async () => {
		const clock = new FakeClock();
		const { send, sent } = scriptedSend([response(429, {}, { 'retry-after': '2' }), response(429, {}), queued]);
		const result = await createGeneration(send, body, policy, clock);
		expect(result.ok).toBe(true);
		expect(sent).toHaveLength(3);
		expect(clock.sleeps).toEqual([2000, 200]);
	});

	test('gives up after maxAttempts of 429, saying no job was made', async () => {
		const clock = new FakeClock();
		const { send, sent } = scriptedSend([response(429, { message: 'slow' })]);
		const result = await createGeneration(send, body, policy, clock);
		expect(sent).toHaveLength(4);
		expect(result.ok).toBe(false);
		if (!result.ok) {
			expect(result.failure.kind).toBe('fatal');
			expect(result.failure.message).toMatch(/4 attempts/);
			expect(result.failure.description).toMatch(/No job was created/);
		}
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
		const result = await createGeneration(send, body, policy, new FakeClock());
		expect(sent).toHaveLength(1);
		expect(result.ok).toBe(false);
		if (!result.ok) {
			expect(result.failure.kind).toBe('fatal');
			expect(result.failure.description).toMatch(/not sent again/);
		}
	});

	test('a refused connection is reported as nothing created', async () => {
		const { send, sent } = scriptedSend([{ kind: 'network', code: 'ECONNREFUSED', refused: true, timedOut: false, message: '' }]);
		const result = await createGeneration(send, body, policy, new FakeClock());
		expect(sent).toHaveLength(1);
		expect(!result.ok && result.failure.description).toMatch(/Base URL/);
	});

	test('reports a stop as cancelled', async () => {
		const { send } = scriptedSend([{ kind: 'cancelled' }]);
		const result = await createGeneration(send, body, policy, new FakeClock());
		expect(!result.ok && result.failure.kind).toBe('cancelled');
	});

	test.each([400, 401, 403])('does not retry HTTP %i', async (status) => {
		const { send, sent } = scriptedSend([response(status, { message: 'no' }), queued]);
		const result = await createGeneration(send, body, policy, new FakeClock());
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

	test('a local refusal is final', async () => {
		const { send } = scriptedSend([{ kind: 'refused-locally', message: 'Base URL must start with https://' }]);
		const result = await fetchGeneration(send, id, 1000, () => 0);
		expect(!result.ok && result.failure).toMatchObject({ kind: 'fatal', message: 'Base URL must start with https://' });
	});
});

test('backoffDelay doubles up to the cap', () => {
	expect([1, 2, 3, 4, 5].map((attempt) => backoffDelay(attempt, 100, 1000))).toEqual([100, 200, 400, 800, 1000]);
});
