import { parseGeneration, type Generation } from '../generation';
import type { Exchange, SendRequest } from './exchange';
import { failureFromNetwork, failureFromStatus, unreadableAnswer, type ApiFailure } from './failure';
import type { TurnResult } from './pacer';

export const GENERATIONS_PATH = '/v2/video/generations';

export type ApiResult<T> = { ok: true; value: T } | { ok: false; failure: ApiFailure };

/** Waits and tells the time; the node passes n8n's abortable `sleep`, tests pass a fake clock. */
export interface Pacing {
	sleep(ms: number): Promise<void>;
	now(): number;
}

export interface CreateBody {
	model: string;
	image_url: string;
	audio_url: string;
}

export interface CreatePolicy {
	timeoutMs: number;
	/** While the service answers 429, the item waits its turn until this time (ms since epoch), then gives up. */
	rateLimitDeadline: number;
	/** The same budget in seconds, for the message. */
	rateLimitBudgetSeconds: number;
}

/** Waits for the run's shared pacer to let this item send (see `RequestPacer`). */
export type TakeTurn = (deadline: number) => Promise<TurnResult>;

const CANCELLED: ApiFailure = {
	kind: 'cancelled',
	message: 'The execution was stopped',
	mayHaveReachedService: false,
};

export function backoffDelay(attempt: number, baseMs: number, maxMs: number): number {
	return Math.min(baseMs * 2 ** Math.max(attempt - 1, 0), maxMs);
}

function failureOf(exchange: Exclude<Exchange, { kind: 'response' }>): ApiFailure {
	switch (exchange.kind) {
		case 'cancelled':
			return CANCELLED;
		case 'refused-locally':
			return { kind: 'fatal', message: exchange.message, mayHaveReachedService: false };
		case 'network':
			return failureFromNetwork(exchange);
	}
}

function isSuccess(statusCode: number): boolean {
	return statusCode >= 200 && statusCode < 300;
}

/** One `GET /v2/video/generations?generation_id=…`; the id travels only as an encoded query parameter. */
export async function fetchGeneration(
	send: SendRequest,
	id: string,
	timeoutMs: number,
	now: () => number,
): Promise<ApiResult<Generation>> {
	const exchange = await send({ method: 'GET', url: GENERATIONS_PATH, qs: { generation_id: id }, timeoutMs });
	if (exchange.kind !== 'response') return { ok: false, failure: failureOf(exchange) };
	if (!isSuccess(exchange.statusCode)) {
		return { ok: false, failure: failureFromStatus(exchange.statusCode, exchange.headers, exchange.body, now()) };
	}
	const generation = parseGeneration(exchange.body, id);
	return generation ? { ok: true, value: generation } : { ok: false, failure: unreadableAnswer(exchange.statusCode) };
}

/**
 * `POST /v2/video/generations`. Creating costs money, so the request is sent again only after a 429
 * (the service did nothing), when the run's pacer gives this item its next turn; the bound is time, not a
 * number of attempts. Any other failure after the request may have reached the service is reported,
 * never re-sent: the user could otherwise pay twice.
 */
export async function createGeneration(
	send: SendRequest,
	body: CreateBody,
	policy: CreatePolicy,
	takeTurn: TakeTurn,
	now: () => number,
): Promise<ApiResult<Generation>> {
	let lastLimit: ApiFailure | undefined;
	for (;;) {
		const turn = await takeTurn(policy.rateLimitDeadline);
		if (turn === 'cancelled') return { ok: false, failure: CANCELLED };
		if (turn === 'expired') return { ok: false, failure: stillRateLimited(lastLimit, policy.rateLimitBudgetSeconds) };
		const exchange = await send({ method: 'POST', url: GENERATIONS_PATH, body: { ...body }, timeoutMs: policy.timeoutMs });
		if (exchange.kind !== 'response') {
			turn.release({ rateLimited: false });
			const failure = failureOf(exchange);
			if (failure.kind !== 'transient') return { ok: false, failure };
			return { ok: false, failure: createOutcomeUnknown(failure) };
		}
		if (isSuccess(exchange.statusCode)) {
			turn.release({ rateLimited: false });
			const generation = parseGeneration(exchange.body);
			if (generation) return { ok: true, value: generation };
			return { ok: false, failure: createOutcomeUnknown(unreadableAnswer(exchange.statusCode)) };
		}
		const failure = failureFromStatus(exchange.statusCode, exchange.headers, exchange.body, now());
		turn.release({ rateLimited: failure.kind === 'rate-limited', retryAfterMs: failure.retryAfterMs });
		if (failure.kind === 'transient') return { ok: false, failure: createOutcomeUnknown(failure) };
		if (failure.kind !== 'rate-limited') return { ok: false, failure };
		if (now() >= policy.rateLimitDeadline) return { ok: false, failure: stillRateLimited(failure, policy.rateLimitBudgetSeconds) };
		lastLimit = failure;
	}
}

/** One poll through the run's pacer: polls that meet a 429 slow down together. */
export async function pacedFetchGeneration(
	send: SendRequest,
	id: string,
	timeoutMs: number,
	takeTurn: TakeTurn,
	deadline: number,
	now: () => number,
): Promise<ApiResult<Generation>> {
	const turn = await takeTurn(deadline);
	if (turn === 'cancelled') return { ok: false, failure: CANCELLED };
	if (turn === 'expired') {
		return { ok: false, failure: { kind: 'transient', message: 'The AI/ML API is rate limiting status requests (HTTP 429)', mayHaveReachedService: false } };
	}
	const result = await fetchGeneration(send, id, timeoutMs, now);
	const rateLimited = !result.ok && result.failure.kind === 'rate-limited';
	turn.release({ rateLimited, retryAfterMs: result.ok ? undefined : result.failure.retryAfterMs });
	return result;
}

function stillRateLimited(failure: ApiFailure | undefined, budgetSeconds: number): ApiFailure {
	return {
		kind: 'fatal',
		httpCode: '429',
		mayHaveReachedService: false,
		message: `${failure?.message ?? 'The AI/ML API is rate limiting requests (HTTP 429)'}; still rate limited after ${Number(budgetSeconds.toFixed(2))} s (Max Rate-Limit Wait)`,
		description: 'No job was created for this item. Run it again later, raise Max Rate-Limit Wait, or send fewer items at once.',
	};
}

/** A create that may or may not have made a job: fail, and say why it was not re-sent. */
function createOutcomeUnknown(failure: ApiFailure): ApiFailure {
	if (!failure.mayHaveReachedService) {
		return { ...failure, kind: 'fatal', description: failure.description ?? 'No job was created.' };
	}
	return {
		...failure,
		kind: 'fatal',
		jobMayExist: true,
		description:
			'The request may have reached the service, so a job may have been created. It was not sent again, ' +
			'to avoid paying twice: check the generations in your AI/ML API dashboard before running this item again.',
	};
}
