import { parseGeneration, type Generation } from '../generation';
import type { ApiRequest, Exchange, SendRequest } from './exchange';
import {
	failureFromNetwork,
	failureFromStatus,
	unreadableAnswer,
	type ApiFailure,
} from './failure';
import type { TurnResult } from './pacer';
import { paidRequestHeaders, usageOfAnswer, type CreatePolicy } from './paidRequestPolicy';

export const GENERATIONS_PATH = '/v2/video/generations';

export type ApiResult<T> = { ok: true; value: T } | { ok: false; failure: ApiFailure };

/** The video request, in the shape its model takes (see `videoRequestBody` in `models.ts`). */
export type VideoRequestBody = Record<string, string | undefined>;

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
	const exchange = await send({
		method: 'GET',
		url: GENERATIONS_PATH,
		qs: { generation_id: id },
		timeoutMs,
	});
	if (exchange.kind !== 'response') return { ok: false, failure: failureOf(exchange) };
	if (!isSuccess(exchange.statusCode)) {
		return {
			ok: false,
			failure: failureFromStatus(exchange.statusCode, exchange.headers, exchange.body, now()),
		};
	}
	const generation = parseGeneration(exchange.body, id);
	return generation
		? { ok: true, value: generation }
		: { ok: false, failure: unreadableAnswer(exchange.statusCode) };
}

/** What a paid request makes: a video job, or a speech synthesis. Named in the messages. */
export interface PaidThing {
	/** "job", "speech synthesis" */
	noun: string;
	/** Where to check for one that may exist. */
	whereToCheck: string;
}

export const VIDEO_JOB: PaidThing = {
	noun: 'job',
	whereToCheck: 'the generations in your AI/ML API dashboard',
};

/**
 * Sends a request that costs money. It is sent again only after a 429 (the service did nothing), when the
 * run's pacer gives this item its next turn; the bound is time, not a number of attempts. Any other failure
 * after the request may have reached the service is reported, never re-sent: the user could pay twice.
 * `read` turns a 2xx answer into the value, or a failure of its own, or undefined for an unreadable answer.
 */
export async function sendPaidRequest<T>(
	send: SendRequest,
	request: ApiRequest,
	policy: CreatePolicy,
	takeTurn: TakeTurn,
	now: () => number,
	thing: PaidThing,
	read: (exchange: Extract<Exchange, { kind: 'response' }>) => ApiResult<T> | undefined,
): Promise<ApiResult<T>> {
	let lastLimit: ApiFailure | undefined;
	for (;;) {
		const turn = await takeTurn(policy.rateLimitDeadline);
		if (turn === 'cancelled') return { ok: false, failure: CANCELLED };
		if (turn === 'expired')
			return {
				ok: false,
				failure: stillRateLimited(lastLimit, policy.rateLimitBudgetSeconds, thing),
			};
		const exchange = await send(request);
		if (exchange.kind !== 'response') {
			turn.release({ rateLimited: false });
			const failure = failureOf(exchange);
			if (failure.kind !== 'transient') return { ok: false, failure };
			return { ok: false, failure: outcomeUnknown(failure, thing) };
		}
		if (isSuccess(exchange.statusCode)) {
			turn.release({ rateLimited: false });
			return (
				read(exchange) ?? {
					ok: false,
					failure: outcomeUnknown(unreadableAnswer(exchange.statusCode), thing),
				}
			);
		}
		const failure = failureFromStatus(exchange.statusCode, exchange.headers, exchange.body, now());
		turn.release({
			rateLimited: failure.kind === 'rate-limited',
			retryAfterMs: failure.retryAfterMs,
		});
		if (failure.kind === 'transient') return { ok: false, failure: outcomeUnknown(failure, thing) };
		if (failure.kind !== 'rate-limited') return { ok: false, failure };
		if (now() >= policy.rateLimitDeadline)
			return {
				ok: false,
				failure: stillRateLimited(failure, policy.rateLimitBudgetSeconds, thing),
			};
		lastLimit = failure;
	}
}

/** `POST /v2/video/generations`: the paid create (see `sendPaidRequest`). */
export async function createGeneration(
	send: SendRequest,
	body: VideoRequestBody,
	policy: CreatePolicy,
	takeTurn: TakeTurn,
	now: () => number,
): Promise<ApiResult<Generation>> {
	const request: ApiRequest = {
		method: 'POST',
		url: GENERATIONS_PATH,
		body: { ...body },
		headers: paidRequestHeaders(policy),
		timeoutMs: policy.timeoutMs,
	};
	return await sendPaidRequest(send, request, policy, takeTurn, now, VIDEO_JOB, (exchange) => {
		const generation = parseGeneration(exchange.body);
		if (!generation) return undefined;
		const usage = usageOfAnswer(generation.usage, exchange.headers);
		return { ok: true, value: { ...generation, ...(usage && { usage }) } };
	});
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
		return {
			ok: false,
			failure: {
				kind: 'transient',
				message: 'The AI/ML API is rate limiting status requests (HTTP 429)',
				mayHaveReachedService: false,
			},
		};
	}
	const result = await fetchGeneration(send, id, timeoutMs, now);
	const rateLimited = !result.ok && result.failure.kind === 'rate-limited';
	turn.release({ rateLimited, retryAfterMs: result.ok ? undefined : result.failure.retryAfterMs });
	return result;
}

function stillRateLimited(
	failure: ApiFailure | undefined,
	budgetSeconds: number,
	thing: PaidThing,
): ApiFailure {
	return {
		kind: 'fatal',
		httpCode: '429',
		mayHaveReachedService: false,
		message: `${failure?.message ?? 'The AI/ML API is rate limiting requests (HTTP 429)'}; still rate limited after ${Number(budgetSeconds.toFixed(2))} s (Max Rate-Limit Wait)`,
		description: `No ${thing.noun} was created for this item. Run it again later, raise Max Rate-Limit Wait, or send fewer items at once.`,
	};
}

/** A paid request that may or may not have made something: fail, and say why it was not re-sent. */
function outcomeUnknown(failure: ApiFailure, thing: PaidThing): ApiFailure {
	if (!failure.mayHaveReachedService) {
		return {
			...failure,
			kind: 'fatal',
			description: failure.description ?? `No ${thing.noun} was created.`,
		};
	}
	return {
		...failure,
		kind: 'fatal',
		jobMayExist: true,
		description:
			`The request may have reached the service, so a ${thing.noun} may have been created. It was not sent again, ` +
			`to avoid paying twice: check ${thing.whereToCheck} before running this item again.`,
	};
}
