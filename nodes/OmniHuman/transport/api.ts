import { parseGeneration, type Generation } from '../generation';
import type { Exchange, SendRequest } from './exchange';
import { failureFromNetwork, failureFromStatus, unreadableAnswer, type ApiFailure } from './failure';

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

export interface CreateRetryPolicy {
	timeoutMs: number;
	/** Attempts in all, counting the first; only a 429 leads to another. */
	maxAttempts: number;
	/** Wait before the first retry when the service sends no Retry-After; doubles each time. */
	backoffBaseMs: number;
	maxBackoffMs: number;
}

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
 * (the service did nothing). Any other failure after the request may have reached the service is
 * reported, never re-sent: the user could otherwise pay twice.
 */
export async function createGeneration(
	send: SendRequest,
	body: CreateBody,
	policy: CreateRetryPolicy,
	pacing: Pacing,
): Promise<ApiResult<Generation>> {
	for (let attempt = 1; ; attempt++) {
		const exchange = await send({ method: 'POST', url: GENERATIONS_PATH, body: { ...body }, timeoutMs: policy.timeoutMs });
		if (exchange.kind !== 'response') {
			const failure = failureOf(exchange);
			if (failure.kind !== 'transient') return { ok: false, failure };
			return { ok: false, failure: createOutcomeUnknown(failure) };
		}
		if (isSuccess(exchange.statusCode)) {
			const generation = parseGeneration(exchange.body);
			if (generation) return { ok: true, value: generation };
			return { ok: false, failure: createOutcomeUnknown(unreadableAnswer(exchange.statusCode)) };
		}
		const failure = failureFromStatus(exchange.statusCode, exchange.headers, exchange.body, pacing.now());
		if (failure.kind === 'transient') return { ok: false, failure: createOutcomeUnknown(failure) };
		if (failure.kind !== 'rate-limited') return { ok: false, failure };
		if (attempt >= policy.maxAttempts) {
			return {
				ok: false,
				failure: {
					...failure,
					kind: 'fatal',
					message: `${failure.message}; still rate limited after ${attempt} attempts`,
					description: 'No job was created. Run the node again later, or lower Max Concurrent Jobs.',
				},
			};
		}
		await pacing.sleep(failure.retryAfterMs ?? backoffDelay(attempt, policy.backoffBaseMs, policy.maxBackoffMs));
	}
}

/** A create that may or may not have made a job: fail, and say why it was not re-sent. */
function createOutcomeUnknown(failure: ApiFailure): ApiFailure {
	if (!failure.mayHaveReachedService) {
		return { ...failure, kind: 'fatal', description: failure.description ?? 'No job was created.' };
	}
	return {
		...failure,
		kind: 'fatal',
		description:
			'The request may have reached the service, so a job may have been created. It was not sent again, ' +
			'to avoid paying twice: check the generations in your AI/ML API dashboard before running this item again.',
	};
}
