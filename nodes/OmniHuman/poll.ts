import type { Generation } from './generation';
import type { Clock } from './nodeRun';
import { backoffDelay, type ApiResult } from './transport/api';
import type { ApiFailure } from './transport/failure';

export interface WaitSettings {
	intervalMs: number;
	maxWaitMs: number;
	/** Upper bound for one poll request; also cut to what is left of Max Wait. */
	requestTimeoutMs: number;
	/**
	 * Off: the first status read (or `initial`) ends the wait, whatever the status (transient trouble is still
	 * retried).
	 */
	untilFinal: boolean;
}

export type WaitOutcome =
	| { ok: true; generation: Generation; polls: number; elapsedMs: number }
	| {
			ok: false;
			failure: ApiFailure | { kind: 'timeout'; lastStatus?: string; lastFailure?: string };
			polls: number;
			elapsedMs: number;
	  };

/** One poll; the wait loop passes the timeout this request may take and the deadline it may wait until for its turn. */
export type FetchOnce = (timeoutMs: number, deadline: number) => Promise<ApiResult<Generation>>;

const MIN_REQUEST_TIMEOUT_MS = 1_000;
const MAX_TRANSIENT_BACKOFF_MS = 60_000;

/**
 * Polls until the generation is final or Max Wait is used up.
 * - `completed` with a video URL ends the wait; `failed` (error/failed statuses) and fatal HTTP answers end it with a failure.
 * - Transient trouble (429, 5xx, dropped connections, unreadable bodies) is retried after `Retry-After` or a backoff that
 *   starts at the poll interval: a job still running is never abandoned because of it.
 * - No sleep or request outlasts the deadline: the last poll happens at the deadline itself.
 * `initial` is what the caller already knows (the create answer); without it the first poll is immediate.
 */
export async function pollGeneration(
	fetchOnce: FetchOnce,
	settings: WaitSettings,
	clock: Clock,
	initial?: Generation,
): Promise<WaitOutcome> {
	const startedAt = clock.now();
	const deadline = startedAt + settings.maxWaitMs;
	let polls = 0;
	let transientStreak = 0;
	let lastStatus = initial?.status;
	let latest: ApiResult<Generation> | undefined = initial
		? { ok: true, value: initial }
		: undefined;
	let askedAt = startedAt;

	for (;;) {
		if (latest === undefined) {
			askedAt = clock.now();
			const remaining = deadline - askedAt;
			latest = await fetchOnce(
				Math.min(settings.requestTimeoutMs, Math.max(remaining, MIN_REQUEST_TIMEOUT_MS)),
				deadline,
			);
			polls++;
		}
		const elapsedMs = () => clock.now() - startedAt;
		let delay: number;
		if (latest.ok) {
			transientStreak = 0;
			const generation = latest.value;
			lastStatus = generation.status;
			if (generation.phase === 'completed') {
				if (generation.videoUrl) return { ok: true, generation, polls, elapsedMs: elapsedMs() };
				return {
					ok: false,
					failure: completedWithoutVideo(generation),
					polls,
					elapsedMs: elapsedMs(),
				};
			}
			if (generation.phase === 'failed') {
				return { ok: false, failure: generationFailed(generation), polls, elapsedMs: elapsedMs() };
			}
			if (!settings.untilFinal) return { ok: true, generation, polls, elapsedMs: elapsedMs() };
			// Polls start every interval (start to start), so a finished job is seen within one interval; a slow
			// answer still leaves a quarter interval before the next request.
			delay = Math.max(settings.intervalMs / 4, settings.intervalMs - (clock.now() - askedAt));
		} else {
			const { failure } = latest;
			if (failure.kind !== 'transient' && failure.kind !== 'rate-limited') {
				return { ok: false, failure, polls, elapsedMs: elapsedMs() };
			}
			transientStreak++;
			delay =
				failure.retryAfterMs ??
				backoffDelay(
					transientStreak,
					settings.intervalMs,
					Math.max(settings.intervalMs, MAX_TRANSIENT_BACKOFF_MS),
				);
		}
		const remaining = deadline - clock.now();
		if (remaining <= 0) {
			const lastFailure = latest.ok ? undefined : latest.failure.message;
			return {
				ok: false,
				failure: { kind: 'timeout', lastStatus, lastFailure },
				polls,
				elapsedMs: elapsedMs(),
			};
		}
		await clock.sleep(Math.min(delay, remaining));
		latest = undefined;
	}
}

function generationFailed(generation: Generation): ApiFailure {
	return {
		kind: 'fatal',
		mayHaveReachedService: true,
		message: `The generation failed (status "${generation.status}")${generation.errorMessage ? `: ${generation.errorMessage}` : ''}`,
		description:
			'The service reported the job as failed. Check that the image shows one clear face and the audio is speech under 30 s.',
	};
}

function completedWithoutVideo(generation: Generation): ApiFailure {
	return {
		kind: 'fatal',
		mayHaveReachedService: true,
		message: `The generation is "${generation.status}" but the service returned no video URL`,
		description:
			'Run the Get operation with this Generation ID later to fetch the video link again.',
	};
}
