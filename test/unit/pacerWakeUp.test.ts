import type { IExecuteFunctions } from 'n8n-workflow';

import { NodeRun } from '../../nodes/OmniHuman/nodeRun';
import { RequestPacer, type PacerClock, type PacerSettings, type Turn, type TurnResult } from '../../nodes/OmniHuman/transport/pacer';

/**
 * The pacer sleeps (once, for everyone) until the next turn is due, and aborts that sleep's wake signal
 * when nobody is waiting any more or a sooner wake-up replaces it. A sleep deaf to that signal still lets
 * Stop end the items, but leaves its timer running (up to the 60 s maximum pause): these tests see it.
 */

interface RecordedSleep {
	ms: number;
	signal: AbortSignal | undefined;
	settled: boolean;
	/** Ends the sleep as if its time had come. */
	elapse(): void;
}

/** A clock whose sleeps only end when the test elapses them or their signal aborts; it keeps every sleep it was asked for. */
function recordingClock(start = 1_000_000) {
	const sleeps: RecordedSleep[] = [];
	const clock: PacerClock & { time: number } = {
		time: start,
		now: () => clock.time,
		sleep: async (ms, signal?: AbortSignal) =>
			await new Promise<void>((resolve, reject) => {
				const sleep: RecordedSleep = {
					ms,
					signal,
					settled: false,
					elapse: () => {
						if (sleep.settled) return;
						sleep.settled = true;
						signal?.removeEventListener('abort', onAbort);
						resolve();
					},
				};
				const onAbort = () => {
					sleep.settled = true;
					reject(new Error('aborted'));
				};
				sleeps.push(sleep);
				if (signal?.aborted) return onAbort();
				signal?.addEventListener('abort', onAbort, { once: true });
			}),
	};
	return { clock, sleeps, pending: () => sleeps.filter((sleep) => !sleep.settled) };
}

const SETTINGS: PacerSettings = { maxInFlight: 1, firstBackoffMs: 1000, maxBackoffMs: 60_000 };

function asTurn(result: TurnResult): Turn {
	if (typeof result === 'string') throw new Error(`expected a turn, got "${result}"`);
	return result;
}

const flush = async () => {
	for (let tick = 0; tick < 5; tick++) await Promise.resolve();
};

describe('RequestPacer: its wake-up sleep ends when nobody needs it any more', () => {
	test('Stop during a 429 pause: the waiter is cancelled and the 60 s sleep is aborted, none left pending', async () => {
		const { clock, sleeps, pending } = recordingClock();
		const pacer = new RequestPacer(clock, SETTINGS);
		asTurn(await pacer.acquire(new AbortController().signal, Number.POSITIVE_INFINITY)).release({ rateLimited: true, retryAfterMs: 60_000 });
		const stop = new AbortController();
		const waiting = pacer.acquire(stop.signal, Number.POSITIVE_INFINITY);
		expect(pending().map((sleep) => sleep.ms)).toEqual([60_000]);
		stop.abort(new Error('Execution was cancelled'));
		await expect(waiting).resolves.toBe('cancelled');
		expect(pending()).toHaveLength(0);
		expect(sleeps.map((sleep) => sleep.signal?.aborted)).toEqual([true]);
	});

	test('Stop while waiting for the learned pace: the pacing sleep is aborted', async () => {
		const { clock, pending } = recordingClock();
		const pacer = new RequestPacer(clock, { ...SETTINGS, maxInFlight: 4 });
		const signal = new AbortController().signal;
		// Five answers, then a 429 with Retry-After 50 s: the pacer learns one request per 10 s.
		for (let index = 0; index < 5; index++) asTurn(await pacer.acquire(signal, Number.POSITIVE_INFINITY)).release({ rateLimited: false });
		asTurn(await pacer.acquire(signal, Number.POSITIVE_INFINITY)).release({ rateLimited: true, retryAfterMs: 50_000 });
		expect(pacer.paceMs).toBe(10_000);
		clock.time += 50_000;
		asTurn(await pacer.acquire(signal, Number.POSITIVE_INFINITY));
		expect(pending()).toHaveLength(0);
		const stop = new AbortController();
		const waiting = pacer.acquire(stop.signal, Number.POSITIVE_INFINITY);
		expect(pending().map((sleep) => sleep.ms)).toEqual([10_000]);
		stop.abort();
		await expect(waiting).resolves.toBe('cancelled');
		expect(pending()).toHaveLength(0);
	});

	test('a sooner wake-up (a nearer deadline) aborts the later sleep instead of leaving it running', async () => {
		const { clock, pending } = recordingClock();
		const pacer = new RequestPacer(clock, SETTINGS);
		asTurn(await pacer.acquire(new AbortController().signal, Number.POSITIVE_INFINITY)).release({ rateLimited: true, retryAfterMs: 60_000 });
		const stopA = new AbortController();
		const stopB = new AbortController();
		const a = pacer.acquire(stopA.signal, Number.POSITIVE_INFINITY);
		const [pause] = pending();
		expect(pause.ms).toBe(60_000);
		const b = pacer.acquire(stopB.signal, clock.now() + 1000);
		expect(pause.settled).toBe(true);
		expect(pending().map((sleep) => sleep.ms)).toEqual([1000]);
		// The deadline comes: B expires, A waits on for the pause, in one sleep.
		clock.time += 1000;
		pending()[0].elapse();
		await expect(b).resolves.toBe('expired');
		await flush();
		expect(pending().map((sleep) => sleep.ms)).toEqual([59_000]);
		stopA.abort();
		await expect(a).resolves.toBe('cancelled');
		expect(pending()).toHaveLength(0);
	});

	test('a turn handed out by a release aborts the sleep that waited for its deadline', async () => {
		const { clock, pending } = recordingClock();
		const pacer = new RequestPacer(clock, SETTINGS);
		const first = asTurn(await pacer.acquire(new AbortController().signal, Number.POSITIVE_INFINITY));
		const waiting = pacer.acquire(new AbortController().signal, clock.now() + 30_000);
		// All turns are out: only the waiter's deadline needs a timer.
		expect(pending().map((sleep) => sleep.ms)).toEqual([30_000]);
		first.release({ rateLimited: false });
		expect(typeof (await waiting)).toBe('object');
		expect(pending()).toHaveLength(0);
	});
});

describe("the node's pacer clock (n8n's sleep through abortableSleep) clears its timer when the pacer aborts the wake-up", () => {
	beforeEach(() => jest.useFakeTimers());
	afterEach(() => {
		jest.clearAllTimers();
		jest.useRealTimers();
	});

	/** Just what building a NodeRun and its items reads from n8n (no request is sent here). */
	const context = {
		getContext: () => ({}),
		getWorkflowDataProxy: () => ({ $runIndex: 0 }),
		getNode: () => ({ name: 'OmniHuman', parameters: {} }),
		getWorkflow: () => ({ id: 'workflow-1' }),
		getExecutionId: () => 'execution-1',
		getMode: () => 'manual',
		getInputData: () => [{ json: {} }, { json: {} }, { json: {} }],
		logger: { info: () => {}, debug: () => {}, warn: () => {}, error: () => {} },
	} as unknown as IExecuteFunctions;

	test('Stop during a 60 s pause ends the waiting item and leaves no timer behind', async () => {
		const execution = new AbortController();
		const run = new NodeRun(context, undefined, execution.signal, 1000);
		const first = run.startItem(0);
		asTurn(await first.run.turns.paid(Number.POSITIVE_INFINITY)).release({ rateLimited: true, retryAfterMs: 60_000 });
		first.release();
		const second = run.startItem(1);
		const waiting = second.run.turns.paid(Number.POSITIVE_INFINITY);
		expect(jest.getTimerCount()).toBe(1);
		execution.abort(new Error('Execution was cancelled'));
		await expect(waiting).resolves.toBe('cancelled');
		expect(jest.getTimerCount()).toBe(0);
	});

	test('a sooner wake-up clears the timer of the later one', async () => {
		const run = new NodeRun(context, undefined, new AbortController().signal, 1000);
		asTurn(await run.startItem(0).run.turns.paid(Number.POSITIVE_INFINITY)).release({ rateLimited: true, retryAfterMs: 60_000 });
		const a = run.startItem(1);
		const waitingA = a.run.turns.paid(Number.POSITIVE_INFINITY);
		expect(jest.getTimerCount()).toBe(1);
		const waitingB = run.startItem(2).run.turns.paid(Date.now() + 1000);
		// The 60 s timer is gone; only the 1 s one runs.
		expect(jest.getTimerCount()).toBe(1);
		jest.advanceTimersByTime(1000);
		await expect(waitingB).resolves.toBe('expired');
		await flush();
		expect(jest.getTimerCount()).toBe(1);
		jest.advanceTimersByTime(59_000);
		expect(typeof (await waitingA)).toBe('object');
		expect(jest.getTimerCount()).toBe(0);
	});
});
