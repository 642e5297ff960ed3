import type { Generation } from '../../nodes/OmniHuman/generation';
import { parseGeneration } from '../../nodes/OmniHuman/generation';
import { pollGeneration, type WaitSettings } from '../../nodes/OmniHuman/poll';
import type { ApiResult } from '../../nodes/OmniHuman/transport/api';
import type { ApiFailure } from '../../nodes/OmniHuman/transport/failure';
import { FakeClock } from '../support/fakes';

const id = 'u:bytedance/omnihuman';
const gen = (status: string, extra: Record<string, unknown> = {}): ApiResult<Generation> => ({
	ok: true,
	value: parseGeneration({ id, status, ...extra })!,
});
const done = gen('completed', { video: { url: 'https://cdn/v.mp4' } });
const transient = (retryAfterMs?: number): ApiResult<Generation> => ({
	ok: false,
	failure: { kind: retryAfterMs === undefined ? 'transient' : 'rate-limited', message: 'busy', mayHaveReachedService: true, retryAfterMs },
});
const settings: WaitSettings = { intervalMs: 10_000, maxWaitMs: 600_000, requestTimeoutMs: 60_000, untilFinal: true };

/** Answers polls from a list (the last repeats) and records the timeout each poll was given. */
function polls(answers: Array<ApiResult<Generation>>) {
	const timeouts: number[] = [];
	const fetchOnce = async (timeoutMs: number) => {
		timeouts.push(timeoutMs);
		return answers[Math.min(timeouts.length - 1, answers.length - 1)];
	};
	return { fetchOnce, timeouts };
}

test('polls at the interval until completed', async () => {
	const clock = new FakeClock();
	const { fetchOnce, timeouts } = polls([gen('queued'), gen('generating'), done]);
	const outcome = await pollGeneration(fetchOnce, settings, clock);
	expect(outcome).toMatchObject({ ok: true, polls: 3, elapsedMs: 20_000 });
	expect(clock.sleeps).toEqual([10_000, 10_000]);
	expect(timeouts).toEqual([60_000, 60_000, 60_000]);
});

test('polls start one interval apart (start to start): the time a poll takes is not added', async () => {
	const clock = new FakeClock();
	const answers = [gen('queued'), gen('generating'), done];
	const startedAt: number[] = [];
	const fetchOnce = async () => {
		startedAt.push(clock.time);
		clock.time += 3_000;
		return answers[startedAt.length - 1];
	};
	await pollGeneration(fetchOnce, settings, clock);
	expect(clock.sleeps).toEqual([7_000, 7_000]);
	expect(startedAt.map((at) => at - startedAt[0])).toEqual([0, 10_000, 20_000]);
});

test('a poll slower than the interval still leaves a quarter interval before the next one', async () => {
	const clock = new FakeClock();
	const answers = [gen('queued'), done];
	let count = 0;
	const fetchOnce = async () => {
		clock.time += 15_000;
		return answers[count++];
	};
	await pollGeneration(fetchOnce, settings, clock);
	expect(clock.sleeps).toEqual([2_500]);
});

test('waits one interval before the first poll when the create answer is known', async () => {
	const clock = new FakeClock();
	const { fetchOnce } = polls([done]);
	const outcome = await pollGeneration(fetchOnce, settings, clock, gen('queued').ok ? (gen('queued') as { value: Generation }).value : undefined);
	expect(outcome).toMatchObject({ ok: true, polls: 1 });
	expect(clock.sleeps).toEqual([10_000]);
});

test('polls per job stay within ceil(T / interval) + 1', async () => {
	const clock = new FakeClock();
	const jobMs = 95_000;
	const startedAt = clock.time;
	const fetchOnce = async () => (clock.time - startedAt >= jobMs ? done : gen('generating'));
	const outcome = await pollGeneration(fetchOnce, settings, clock);
	expect(outcome.ok).toBe(true);
	expect(outcome.polls).toBeLessThanOrEqual(Math.ceil(jobMs / settings.intervalMs) + 1);
});

test.each([['unknown statuses', gen('rendering')], ['waiting', gen('waiting')], ['active', gen('active')]])(
	'%s count as still running',
	async (_label, running) => {
		const clock = new FakeClock();
		const { fetchOnce } = polls([running, running, done]);
		expect((await pollGeneration(fetchOnce, settings, clock)).ok).toBe(true);
	},
);

test('succeeded ends the wait like completed', async () => {
	const { fetchOnce } = polls([gen('succeeded', { video: { url: 'https://cdn/v.mp4' } })]);
	expect(await pollGeneration(fetchOnce, settings, new FakeClock())).toMatchObject({ ok: true, generation: { status: 'succeeded' } });
});

test.each([
	['error with name/message', gen('error', { error: { name: 'GenerationError', message: 'No face' } }), /No face/],
	['failed with detail', gen('failed', { error: { detail: [{ loc: ['body'], msg: 'too long' }] } }), /too long/],
	['completed without a video URL', gen('completed'), /no video URL/],
])('%s ends the wait with a failure', async (_label, answer, message) => {
	const { fetchOnce } = polls([answer]);
	const outcome = await pollGeneration(fetchOnce, settings, new FakeClock());
	expect(outcome.ok).toBe(false);
	expect(!outcome.ok && (outcome.failure as ApiFailure).message).toMatch(message);
});

test('the failure says what the service said, and what to check or do next', async () => {
	const failedBare = await pollGeneration(polls([gen('error')]).fetchOnce, settings, new FakeClock());
	expect(!failedBare.ok && failedBare.failure).toMatchObject({
		message: 'The generation failed (status "error")',
		description: 'The service reported the job as failed. Check that the image shows one clear face and the audio is speech under 30 s.',
	});
	const noVideo = await pollGeneration(polls([gen('completed')]).fetchOnce, settings, new FakeClock());
	expect(!noVideo.ok && noVideo.failure).toMatchObject({
		message: 'The generation is "completed" but the service returned no video URL',
		description: 'Run the Get operation with this Generation ID later to fetch the video link again.',
	});
});

test('transient trouble is retried with backoff from the interval, and never abandons the job', async () => {
	const clock = new FakeClock();
	const { fetchOnce } = polls([transient(), transient(), transient(), gen('generating'), done]);
	const outcome = await pollGeneration(fetchOnce, settings, clock);
	expect(outcome.ok).toBe(true);
	expect(clock.sleeps).toEqual([10_000, 20_000, 40_000, 10_000]);
});

test('Retry-After replaces the backoff', async () => {
	const clock = new FakeClock();
	const { fetchOnce } = polls([transient(3_000), done]);
	await pollGeneration(fetchOnce, settings, clock);
	expect(clock.sleeps).toEqual([3_000]);
});

test('a fatal answer stops at once', async () => {
	const clock = new FakeClock();
	const fatal: ApiResult<Generation> = { ok: false, failure: { kind: 'fatal', httpCode: '404', message: 'unknown', mayHaveReachedService: true } };
	const { fetchOnce, timeouts } = polls([fatal, done]);
	const outcome = await pollGeneration(fetchOnce, settings, clock);
	expect(outcome).toMatchObject({ ok: false, polls: 1 });
	expect(timeouts).toHaveLength(1);
});

test('never waits past Max Wait: the last poll is at the deadline, then a timeout with the last status', async () => {
	const clock = new FakeClock();
	const { fetchOnce, timeouts } = polls([gen('generating')]);
	const outcome = await pollGeneration(fetchOnce, { ...settings, intervalMs: 7_000, maxWaitMs: 30_000 }, clock);
	expect(outcome).toMatchObject({ ok: false, failure: { kind: 'timeout', lastStatus: 'generating' }, elapsedMs: 30_000 });
	expect(clock.sleeps).toEqual([7_000, 7_000, 7_000, 7_000, 2_000]);
	expect(clock.sleeps.reduce((a, b) => a + b)).toBe(30_000);
	expect(timeouts.at(-1)).toBe(1_000);
});

test('a long Retry-After is cut to what is left of Max Wait', async () => {
	const clock = new FakeClock();
	const { fetchOnce } = polls([transient(500_000)]);
	const outcome = await pollGeneration(fetchOnce, { ...settings, maxWaitMs: 20_000 }, clock);
	expect(outcome.ok).toBe(false);
	expect(clock.sleeps).toEqual([20_000]);
});

test('with untilFinal off, the first status read ends the wait', async () => {
	const clock = new FakeClock();
	const { fetchOnce } = polls([gen('generating')]);
	expect(await pollGeneration(fetchOnce, { ...settings, untilFinal: false }, clock)).toMatchObject({
		ok: true,
		polls: 1,
		generation: { status: 'generating' },
	});
	expect(clock.sleeps).toEqual([]);
});

test('with untilFinal off, transient trouble is still retried', async () => {
	const clock = new FakeClock();
	const { fetchOnce } = polls([transient(), gen('queued')]);
	expect(await pollGeneration(fetchOnce, { ...settings, untilFinal: false }, clock)).toMatchObject({ ok: true, polls: 2 });
});

test('a stopped execution ends the wait: the sleep rejection propagates', async () => {
	const { fetchOnce, timeouts } = polls([gen('generating')]);
	const pacing = { now: () => 0, sleep: async () => Promise.reject(new Error('aborted')) };
	await expect(pollGeneration(fetchOnce, settings, pacing)).rejects.toThrow('aborted');
	expect(timeouts).toHaveLength(1);
});
