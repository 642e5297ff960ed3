import { createGeneration, type TakeTurn } from '../../nodes/OmniHuman/transport/api';
import { RequestPacer, type PacerSettings } from '../../nodes/OmniHuman/transport/pacer';
import { response } from '../support/fakes';
import { windowLimitedCreates, type WindowLimit } from '../support/rateLimitedService';
import { VirtualClock } from '../support/virtualClock';

const body = { model: 'bytedance/omnihuman', image_url: 'https://x/p.png', audio_url: 'https://x/a.mp3' };
const CREATES: PacerSettings = { maxInFlight: 4, firstBackoffMs: 1000, maxBackoffMs: 60_000 };
const HOUR = 3600_000;

/** `count` items created at once through one pacer against a window-limited service, in virtual time. */
async function batch(count: number, limit: WindowLimit, budgetMs = HOUR) {
	const clock = new VirtualClock();
	const pacer = new RequestPacer(clock, CREATES);
	const service = windowLimitedCreates(clock, limit);
	const startedAt = clock.now();
	// One stop signal per item, as the node gives each item its own.
	const takeTurn = (): TakeTurn => {
		const signal = new AbortController().signal;
		return async (deadline) => await pacer.acquire(signal, deadline);
	};
	const policy = { timeoutMs: 5000, rateLimitDeadline: startedAt + budgetMs, rateLimitBudgetSeconds: budgetMs / 1000 };
	const results = await clock.run(Promise.all(Array.from({ length: count }, () => createGeneration(service.send, body, policy, takeTurn(), clock.now))));
	if (process.env.PACER_DEBUG) console.log(limit, { accepted: service.stats.accepted, limited: service.stats.rateLimited, spanMs: service.stats.lastAt - startedAt, pace: pacer.paceMs });
	const spanMs = service.stats.lastAt - startedAt;
	return { results, stats: service.stats, pacer, clock, spanMs };
}

/** A pacer in virtual time and one request through it, answered after 10 ms; rate limited when given a Retry-After. */
function answering(settings: PacerSettings) {
	const clock = new VirtualClock();
	const pacer = new RequestPacer(clock, settings);
	const signal = new AbortController().signal;
	const answer = async (retryAfterMs?: number) => {
		const turn = await clock.run(pacer.acquire(signal, Number.POSITIVE_INFINITY));
		clock.time += 10;
		if (typeof turn !== 'string') turn.release({ rateLimited: retryAfterMs !== undefined, ...(retryAfterMs !== undefined && { retryAfterMs }) });
	};
	return { clock, pacer, signal, answer };
}

describe('RequestPacer: a rate limit slows the batch down, it never fails an item', () => {
	test.each([
		['with Retry-After', true],
		['without Retry-After', false],
	])('500 items against 50 creates per 5 s (%s): every item created once', async (_label, retryAfter) => {
		const { results, stats, pacer } = await batch(500, { perWindow: 50, windowMs: 5000, retryAfter });
		expect(results.every((result) => result.ok)).toBe(true);
		expect(new Set(results.map((result) => result.ok && result.value.id)).size).toBe(500);
		expect(stats.accepted).toBe(500);
		expect(pacer.rateLimitedAnswers).toBe(stats.rateLimited);
		// No stampede: a handful of 429s in all, not one per item per retry.
		expect(stats.rateLimited).toBeLessThanOrEqual(retryAfter ? 10 : 25);
	});

	test('with Retry-After the batch runs at ≥ 90 % of the service limit, 429s ≤ 2 % of items', async () => {
		const { stats, spanMs } = await batch(1000, { perWindow: 50, windowMs: 5000, retryAfter: true });
		const achievedPerWindow = (stats.accepted / spanMs) * 5000;
		expect(achievedPerWindow).toBeGreaterThanOrEqual(45);
		expect(stats.rateLimited).toBeLessThanOrEqual(20);
		expect(Math.max(...stats.perWindow.values())).toBe(50);
	});

	test('without a rate limit nothing waits: 4 creates in flight, no pause', async () => {
		const clock = new VirtualClock();
		const pacer = new RequestPacer(clock, CREATES);
		const service = windowLimitedCreates(clock, { perWindow: 1000, windowMs: 5000, retryAfter: true, latencyMs: 20 });
		const takeTurn: TakeTurn = async (deadline) => await pacer.acquire(new AbortController().signal, deadline);
		const policy = { timeoutMs: 5000, rateLimitDeadline: clock.now() + HOUR, rateLimitBudgetSeconds: 3600 };
		const startedAt = clock.now();
		await clock.run(Promise.all(Array.from({ length: 40 }, () => createGeneration(service.send, body, policy, takeTurn, clock.now))));
		// 40 creates, 4 at a time, 20 ms each.
		expect(clock.now() - startedAt).toBe(200);
		expect(pacer.paceMs).toBe(0);
	});

	test('a 429 pauses everyone until Retry-After, then items go in the order they asked', async () => {
		const clock = new VirtualClock();
		const pacer = new RequestPacer(clock, { ...CREATES, maxInFlight: 1 });
		const signal = new AbortController().signal;
		const order: number[] = [];
		const starts: number[] = [];
		const first = await clock.run(pacer.acquire(signal, Number.POSITIVE_INFINITY));
		const waiting = [1, 2, 3].map(async (index) => {
			const turn = await pacer.acquire(signal, Number.POSITIVE_INFINITY);
			order.push(index);
			starts.push(clock.now());
			if (typeof turn !== 'string') turn.release({ rateLimited: false });
		});
		const pausedAt = clock.now();
		if (typeof first !== 'string') first.release({ rateLimited: true, retryAfterMs: 7000 });
		await clock.run(Promise.all(waiting));
		expect(order).toEqual([1, 2, 3]);
		expect(starts[0] - pausedAt).toBe(7000);
	});

	test('without Retry-After the pause doubles while 429s follow each other, and resets after an answer', async () => {
		const clock = new VirtualClock();
		const pacer = new RequestPacer(clock, { ...CREATES, maxInFlight: 1 });
		const signal = new AbortController().signal;
		const gaps: number[] = [];
		let last = clock.now();
		const answers = [true, true, true, false, true];
		for (const rateLimited of answers) {
			const turn = await clock.run(pacer.acquire(signal, Number.POSITIVE_INFINITY));
			gaps.push(clock.now() - last);
			last = clock.now();
			if (typeof turn !== 'string') turn.release({ rateLimited });
		}
		await clock.run(pacer.acquire(signal, Number.POSITIVE_INFINITY));
		gaps.push(clock.now() - last);
		// The 4th turn had an answer (no 429) so the next 429 pauses for the first backoff again.
		expect(gaps).toEqual([0, 1000, 2000, 4000, 0, 1000]);
	});

	test('429s of requests already in flight when the pause began do not lengthen it', async () => {
		const clock = new VirtualClock();
		const pacer = new RequestPacer(clock, CREATES);
		const signal = new AbortController().signal;
		const burst = await clock.run(Promise.all([1, 2, 3, 4].map(async () => await pacer.acquire(signal, Number.POSITIVE_INFINITY))));
		clock.time += 20;
		const pausedAt = clock.now();
		for (const turn of burst) if (typeof turn !== 'string') turn.release({ rateLimited: true });
		await clock.run(pacer.acquire(signal, Number.POSITIVE_INFINITY));
		expect(clock.now() - pausedAt).toBe(1000);
		expect(pacer.rateLimitedAnswers).toBe(4);
	});

	test("a straggler's Retry-After longer than the pause lengthens it to what the service asked", async () => {
		const clock = new VirtualClock();
		const pacer = new RequestPacer(clock, CREATES);
		const signal = new AbortController().signal;
		const [first, straggler] = await clock.run(Promise.all([1, 2].map(async () => await pacer.acquire(signal, Number.POSITIVE_INFINITY))));
		clock.time += 20;
		const pausedAt = clock.now();
		if (typeof first !== 'string') first.release({ rateLimited: true, retryAfterMs: 1000 });
		if (typeof straggler !== 'string') straggler.release({ rateLimited: true, retryAfterMs: 5000 });
		await clock.run(pacer.acquire(signal, Number.POSITIVE_INFINITY));
		expect(clock.now() - pausedAt).toBe(5000);
	});

	test('a turn released twice frees its place once: no more requests in flight than allowed', async () => {
		const clock = new VirtualClock();
		const pacer = new RequestPacer(clock, { ...CREATES, maxInFlight: 1 });
		const signal = new AbortController().signal;
		const first = await clock.run(pacer.acquire(signal, Number.POSITIVE_INFINITY));
		const granted: number[] = [];
		const waiting = [2, 3].map(async (each) => {
			const turn = await pacer.acquire(signal, Number.POSITIVE_INFINITY);
			granted.push(each);
			return turn;
		});
		await new Promise((resolve) => setImmediate(resolve));
		if (typeof first === 'string') throw new Error('the first request should have had its turn');
		first.release({ rateLimited: false });
		first.release({ rateLimited: false });
		await new Promise((resolve) => setImmediate(resolve));
		expect(granted).toEqual([2]);
		const second = await waiting[0];
		if (typeof second !== 'string') second.release({ rateLimited: false });
		await waiting[1];
		expect(granted).toEqual([2, 3]);
	});

	test('an item stopped in the middle of the queue leaves it: the items behind it still get their turns', async () => {
		const clock = new VirtualClock();
		const pacer = new RequestPacer(clock, { ...CREATES, maxInFlight: 1 });
		const never = new AbortController().signal;
		const stop = new AbortController();
		const first = await clock.run(pacer.acquire(never, Number.POSITIVE_INFINITY));
		const ahead = pacer.acquire(never, Number.POSITIVE_INFINITY);
		const stopped = pacer.acquire(stop.signal, Number.POSITIVE_INFINITY);
		const behind = pacer.acquire(never, Number.POSITIVE_INFINITY);
		stop.abort();
		expect(await stopped).toBe('cancelled');
		if (typeof first !== 'string') first.release({ rateLimited: false });
		const next = await ahead;
		if (typeof next !== 'string') next.release({ rateLimited: false });
		expect(typeof (await behind)).toBe('object');
	});

	test('an item already stopped gets no turn, even with every place free', async () => {
		const clock = new VirtualClock();
		const pacer = new RequestPacer(clock, { ...CREATES, maxInFlight: 1 });
		const stop = new AbortController();
		stop.abort();
		expect(await clock.run(pacer.acquire(stop.signal, Number.POSITIVE_INFINITY))).toBe('cancelled');
		const next = await clock.run(pacer.acquire(new AbortController().signal, Number.POSITIVE_INFINITY));
		expect(typeof next).toBe('object');
	});

	test('after an idle gap at a learned pace, two requests sent together still go half a spacing apart', async () => {
		const { clock, pacer, signal, answer } = answering(CREATES);
		for (let index = 0; index < 5; index++) await answer();
		await answer(1000);
		const spacing = pacer.paceMs;
		expect(spacing).toBeGreaterThan(0);
		clock.time += 60_000;
		const grantedAt = async () => (await clock.run(pacer.acquire(signal, Number.POSITIVE_INFINITY)), clock.now());
		const first = await grantedAt();
		const second = await grantedAt();
		expect(second - first).toBeCloseTo(spacing / 2, 6);
	});

	test('a short burst ended by a long pause may at most double the learned spacing', async () => {
		const { pacer, answer } = answering({ ...CREATES, maxInFlight: 1 });
		for (let index = 0; index < 5; index++) await answer();
		await answer(1000);
		const learned = pacer.paceMs;
		for (let index = 0; index < 5; index++) await answer();
		await answer(600_000);
		expect(pacer.paceMs).toBeCloseTo(2 * learned, 9);
	});

	test('after a learned pace, every 100 answers in a row without a 429 speed it up by 5 %', async () => {
		const { pacer, answer } = answering({ ...CREATES, maxInFlight: 1 });
		for (let index = 0; index < 5; index++) await answer();
		await answer(1000);
		const learned = pacer.paceMs;
		expect(learned).toBeGreaterThan(0);
		for (let index = 0; index < 99; index++) await answer();
		expect(pacer.paceMs).toBe(learned);
		await answer();
		expect(pacer.paceMs).toBeCloseTo(learned * 0.95, 9);
	});

	test('while every place is taken, the waiting item with the nearest deadline expires at it; with none, no timer is set', async () => {
		const clock = new VirtualClock();
		const pacer = new RequestPacer(clock, { ...CREATES, maxInFlight: 1 });
		const signal = new AbortController().signal;
		const busy = await clock.run(pacer.acquire(signal, Number.POSITIVE_INFINITY));
		const start = clock.now();
		const later = pacer.acquire(signal, start + 9000).then((result) => ({ result, at: clock.now() - start }));
		const soon = pacer.acquire(signal, start + 3000).then((result) => ({ result, at: clock.now() - start }));
		expect(await clock.run(soon)).toEqual({ result: 'expired', at: 3000 });
		expect(await clock.run(later)).toEqual({ result: 'expired', at: 9000 });
		const patient = pacer.acquire(signal, Number.POSITIVE_INFINITY);
		await new Promise((resolve) => setImmediate(resolve));
		expect(clock.pendingTimers).toBe(0);
		if (typeof busy !== 'string') busy.release({ rateLimited: false });
		expect(typeof (await patient)).toBe('object');
	});

	test('Stop during a pause ends every waiting item at once and leaves no timer behind', async () => {
		const clock = new VirtualClock();
		const pacer = new RequestPacer(clock, CREATES);
		const stop = new AbortController();
		const first = await clock.run(pacer.acquire(stop.signal, Number.POSITIVE_INFINITY));
		if (typeof first !== 'string') first.release({ rateLimited: true, retryAfterMs: 600_000 });
		const waiting = Array.from({ length: 8 }, async () => await pacer.acquire(stop.signal, Number.POSITIVE_INFINITY));
		await new Promise((resolve) => setImmediate(resolve));
		expect(clock.pendingTimers).toBe(1);
		const stoppedAt = clock.now();
		stop.abort();
		const results = await Promise.all(waiting);
		expect(results.every((result) => result === 'cancelled')).toBe(true);
		expect(clock.now()).toBe(stoppedAt);
		expect(clock.pendingTimers).toBe(0);
	});

	test('an item whose budget ends during a pause gets `expired` at its deadline, the others keep waiting', async () => {
		const clock = new VirtualClock();
		const pacer = new RequestPacer(clock, CREATES);
		const signal = new AbortController().signal;
		const first = await clock.run(pacer.acquire(signal, Number.POSITIVE_INFINITY));
		if (typeof first !== 'string') first.release({ rateLimited: true, retryAfterMs: 10_000 });
		const start = clock.now();
		const short = pacer.acquire(signal, start + 3000).then((result) => ({ result, at: clock.now() - start }));
		const long = pacer.acquire(signal, start + 60_000).then((result) => ({ result, at: clock.now() - start }));
		const [a, b] = await clock.run(Promise.all([short, long]));
		expect(a).toEqual({ result: 'expired', at: 3000 });
		expect(typeof b.result).toBe('object');
		expect(b.at).toBe(10_000);
	});

	test('a create still rate limited when its budget ends fails saying no job was created', async () => {
		const clock = new VirtualClock();
		const pacer = new RequestPacer(clock, CREATES);
		const signal = new AbortController().signal;
		const send = async () => {
			await clock.sleep(20);
			return response(429, { message: 'slow down' });
		};
		const policy = { timeoutMs: 5000, rateLimitDeadline: clock.now() + 30_000, rateLimitBudgetSeconds: 30 };
		const result = await clock.run(createGeneration(send, body, policy, async (deadline) => await pacer.acquire(signal, deadline), clock.now));
		expect(result.ok).toBe(false);
		if (!result.ok) {
			expect(result.failure).toMatchObject({ kind: 'fatal', httpCode: '429', mayHaveReachedService: false });
			expect(result.failure.message).toMatch(/slow down; still rate limited after 30 s \(Max Rate-Limit Wait\)/);
			expect(result.failure.description).toMatch(/No job was created/);
		}
		expect(clock.now()).toBeLessThanOrEqual(1_000_000 + 30_000 + 20);
	});
});
