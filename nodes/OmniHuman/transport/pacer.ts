/** The time source a pacer waits on: n8n's sleep in the node, a fake clock in tests. */
export interface PacerClock {
	now(): number;
	/** Resolves after `ms`, or rejects/resolves early once `signal` aborts (either is fine). */
	sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export interface PacerSettings {
	/** Requests of this kind in flight at once (creates: a few; polls: unbounded). */
	maxInFlight: number;
	/** Pause after a 429 without `Retry-After`; doubles while 429s follow each other, up to `maxBackoffMs`. */
	firstBackoffMs: number;
	maxBackoffMs: number;
}

/** A permission to send one request; report how the service answered. */
export interface Turn {
	release(answer: { rateLimited: boolean; retryAfterMs?: number }): void;
}

export type TurnResult = Turn | 'cancelled' | 'expired';

interface Waiter {
	deadline: number;
	settle(result: TurnResult): void;
}

/** Fewer answers than this between two pauses teach nothing about the pace. */
const MIN_BURST_TO_LEARN = 5;

/** After this many answered requests in a row without a 429, the learned pace is tried 5 % faster. */
const SPEED_UP_AFTER = 100;

/**
 * One queue for every item of a node run that sends requests of one kind (creates, polls). A 429 pauses
 * everyone, not just the item that got it: until `Retry-After`, else a growing backoff. From each
 * rate-limited burst it learns the pace the service accepts (the time the answered requests took, pause
 * included, ÷ their number) and from then on spaces requests evenly at that pace, trying 5 % faster now
 * and then, so a batch meets a handful of 429s in all instead of one per item per retry. Items are served
 * in the order they asked.
 */
export class RequestPacer {
	private readonly queue: Waiter[] = [];

	private inFlight = 0;

	private pausedUntil = 0;

	private pausedAt = Number.NEGATIVE_INFINITY;

	private spacingMs = 0;

	private nextStartAt = 0;

	private consecutiveLimits = 0;

	private burstStartedAt: number;

	private burstAnswered = 0;

	private answeredInRow = 0;

	private wake?: { at: number; controller: AbortController };

	/** 429 answers seen by this pacer (for logs and the benchmark). */
	rateLimitedAnswers = 0;

	constructor(
		private readonly clock: PacerClock,
		private readonly settings: PacerSettings,
	) {
		this.burstStartedAt = clock.now();
	}

	/** The gap the pacer currently keeps between request starts (0 until the service has rate limited). */
	get paceMs(): number {
		return this.spacingMs;
	}

	/** Waits for this request's turn. `expired`: the deadline came first; `cancelled`: the signal aborted. */
	async acquire(signal: AbortSignal, deadline: number): Promise<TurnResult> {
		if (signal.aborted) return 'cancelled';
		return await new Promise<TurnResult>((resolve) => {
			const onAbort = () => {
				const index = this.queue.indexOf(waiter);
				if (index !== -1) this.queue.splice(index, 1);
				resolve('cancelled');
				this.pump();
			};
			const waiter: Waiter = {
				deadline,
				settle: (result) => {
					signal.removeEventListener('abort', onAbort);
					resolve(result);
				},
			};
			signal.addEventListener('abort', onAbort, { once: true });
			this.queue.push(waiter);
			this.pump();
		});
	}

	/** `dueAt`: when this turn was due; the next one is due a spacing later, so late timers do not slow the pace down. */
	private grant(dueAt: number): Turn {
		this.inFlight++;
		const startedAt = this.clock.now();
		this.nextStartAt = Math.max(dueAt + this.spacingMs, startedAt + this.spacingMs / 2);
		let released = false;
		return {
			release: ({ rateLimited, retryAfterMs }) => {
				if (released) return;
				released = true;
				this.inFlight--;
				if (rateLimited) this.onRateLimited(startedAt, retryAfterMs);
				else this.onAnswered();
				this.pump();
			},
		};
	}

	private onRateLimited(startedAt: number, retryAfterMs: number | undefined) {
		this.rateLimitedAnswers++;
		this.answeredInRow = 0;
		const now = this.clock.now();
		// A request sent before the current pause began is a straggler of the burst that caused it.
		if (startedAt < this.pausedAt) {
			if (retryAfterMs !== undefined)
				this.pausedUntil = Math.max(this.pausedUntil, now + retryAfterMs);
			return;
		}
		this.consecutiveLimits++;
		const pause =
			retryAfterMs ??
			Math.min(
				this.settings.firstBackoffMs * 2 ** (this.consecutiveLimits - 1),
				this.settings.maxBackoffMs,
			);
		if (this.burstAnswered >= MIN_BURST_TO_LEARN) {
			// What the service accepted since the last pause, over the time it took including this pause. A short
			// burst (a resume into an almost full window) says little: it may at most double the spacing.
			const learned = (now - this.burstStartedAt + pause) / this.burstAnswered;
			this.spacingMs = this.spacingMs > 0 ? Math.min(learned, 2 * this.spacingMs) : learned;
		}
		this.pausedAt = now;
		this.pausedUntil = Math.max(this.pausedUntil, now + pause);
		this.burstStartedAt = this.pausedUntil;
		this.burstAnswered = 0;
	}

	private onAnswered() {
		this.consecutiveLimits = 0;
		this.burstAnswered++;
		this.answeredInRow++;
		if (this.spacingMs > 0 && this.answeredInRow % SPEED_UP_AFTER === 0) this.spacingMs *= 0.95;
	}

	/** Hands out every turn that is due now and sleeps (once, for everyone) until the next one is. */
	private pump() {
		const now = this.clock.now();
		while (this.queue.length > 0 && this.inFlight < this.settings.maxInFlight) {
			const readyAt = Math.max(this.pausedUntil, this.nextStartAt);
			if (readyAt > now) break;
			this.queue.shift()!.settle(this.grant(readyAt));
		}
		for (let index = this.queue.length - 1; index >= 0; index--) {
			if (this.queue[index].deadline <= now) this.queue.splice(index, 1)[0].settle('expired');
		}
		if (this.queue.length === 0) return this.cancelWake();
		if (this.inFlight >= this.settings.maxInFlight) {
			// A release wakes the queue; only a deadline needs a timer.
			return this.scheduleWake(Math.min(...this.queue.map((waiter) => waiter.deadline)));
		}
		const readyAt = Math.max(this.pausedUntil, this.nextStartAt);
		this.scheduleWake(Math.min(readyAt, ...this.queue.map((waiter) => waiter.deadline)));
	}

	private scheduleWake(at: number) {
		if (!Number.isFinite(at)) return this.cancelWake();
		if (this.wake && this.wake.at <= at) return;
		this.cancelWake();
		const controller = new AbortController();
		const wake = { at, controller };
		this.wake = wake;
		const wakeUp = () => {
			if (this.wake !== wake) return;
			this.wake = undefined;
			this.pump();
		};
		this.clock.sleep(Math.max(at - this.clock.now(), 0), controller.signal).then(wakeUp, wakeUp);
	}

	private cancelWake() {
		this.wake?.controller.abort();
		this.wake = undefined;
	}
}
