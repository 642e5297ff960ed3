import { headerValue, type Exchange } from './exchange';
import { parseRetryAfter } from './retryAfter';

/**
 * How a failed exchange should be handled:
 * - `rate-limited`: the service did nothing; safe to send again after `retryAfterMs`.
 * - `transient`: worth another poll later (5xx, dropped connection, unreadable body).
 * - `fatal`: sending again will not help (bad input, key, credits, unknown id, 504).
 * - `cancelled`: the execution was stopped.
 */
export type FailureKind = 'rate-limited' | 'transient' | 'fatal' | 'cancelled';

export interface ApiFailure {
	kind: FailureKind;
	message: string;
	description?: string;
	httpCode?: string;
	retryAfterMs?: number;
	/** The request may have reached the service (matters for create: the job may exist). */
	mayHaveReachedService: boolean;
	/** A create got no clear answer after it may have reached the service: a paid job may exist. */
	jobMayExist?: boolean;
	/** No HTTP answer at all: connection refused/reset, timeout. */
	network?: { code: string; refused: boolean; timedOut: boolean };
	/** The service said the account has no credits left (403 "You've run out of credits…", 402). */
	outOfCredits?: boolean;
}

const MAX_SERVICE_TEXT = 500;

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function clip(text: string): string {
	const flat = text.replace(/\s+/g, ' ').trim();
	return flat.length > MAX_SERVICE_TEXT ? `${flat.slice(0, MAX_SERVICE_TEXT)}…` : flat;
}

/** The service's own words from the error envelope `{ statusCode, message, ... }`, or a plain-text body. */
export function serviceMessage(body: unknown): string | undefined {
	if (typeof body === 'string') {
		const text = body.trim();
		if (text === '') return undefined;
		if (text.startsWith('<')) return 'the service answered with an HTML page instead of JSON';
		try {
			return serviceMessage(JSON.parse(text));
		} catch {
			return clip(text);
		}
	}
	if (!isRecord(body)) return undefined;
	const { message } = body;
	if (typeof message === 'string' && message.trim() !== '') return clip(message);
	if (Array.isArray(message)) {
		const parts = message.filter((part) => typeof part === 'string' || typeof part === 'number');
		if (parts.length > 0) return clip(parts.join('; '));
	}
	if (isRecord(body.error) && typeof body.error.message === 'string')
		return clip(body.error.message);
	if (typeof body.error === 'string') return clip(body.error);
	if (typeof body.detail === 'string') return clip(body.detail);
	return undefined;
}

function withServiceWords(base: string, words: string | undefined): string {
	return words ? `${base}: ${words}` : base;
}

export function failureFromStatus(
	statusCode: number,
	headers: Record<string, string | string[] | undefined>,
	body: unknown,
	now: number,
): ApiFailure {
	const words = serviceMessage(body);
	const httpCode = String(statusCode);
	const reached = { httpCode, mayHaveReachedService: true };
	switch (statusCode) {
		case 400:
		case 422:
			return {
				kind: 'fatal',
				...reached,
				message: withServiceWords(`The AI/ML API rejected the request (HTTP ${statusCode})`, words),
				description:
					'Check the Image and Audio inputs: both must be reachable http(s) URLs (audio under 30 s), or a PNG/JPEG/WebP image.',
			};
		case 401:
			return {
				kind: 'fatal',
				...reached,
				message: 'The AI/ML API did not accept the API key (HTTP 401)',
				description: withServiceWords(
					"Check the API Key in the node's 'AI/ML API' credential",
					words,
				),
			};
		case 402:
		case 403:
			return {
				kind: 'fatal',
				...reached,
				message: withServiceWords(
					`The AI/ML API refused the request: no credits left or not allowed (HTTP ${statusCode})`,
					words,
				),
				description: 'Check the balance and plan of the AI/ML API account this key belongs to.',
				...((statusCode === 402 || /credit|balance|top.?up/i.test(words ?? '')) && {
					outOfCredits: true,
				}),
			};
		case 404:
			return {
				kind: 'fatal',
				...reached,
				message: withServiceWords('The AI/ML API does not know this generation (HTTP 404)', words),
				description:
					'Check the Generation ID: it must be the full id returned by Create, e.g. "<uuid>:bytedance/omnihuman".',
			};
		case 429:
			return {
				kind: 'rate-limited',
				httpCode,
				mayHaveReachedService: false,
				message: withServiceWords('The AI/ML API is rate limiting requests (HTTP 429)', words),
				retryAfterMs: parseRetryAfter(headerValue(headers, 'retry-after'), now),
			};
		case 504:
			return {
				kind: 'fatal',
				...reached,
				message: withServiceWords(
					'The AI/ML API gave up on the generation (HTTP 504)',
					words ?? 'Generation timeout',
				),
			};
		default:
			if (statusCode >= 500) {
				return {
					kind: 'transient',
					...reached,
					message: withServiceWords(`The AI/ML API had a server error (HTTP ${statusCode})`, words),
				};
			}
			return {
				kind: 'fatal',
				...reached,
				message: withServiceWords(`The AI/ML API answered HTTP ${statusCode}`, words),
			};
	}
}

export function failureFromNetwork(exchange: Extract<Exchange, { kind: 'network' }>): ApiFailure {
	const { code, refused, timedOut } = exchange;
	let message: string;
	if (refused) message = `Could not connect to the AI/ML API (${code})`;
	else if (timedOut) message = 'The AI/ML API did not answer in time (request timeout)';
	else message = `The connection to the AI/ML API failed (${code})`;
	return {
		kind: 'transient',
		message,
		description: refused
			? "Check the Base URL in the node's 'AI/ML API' credential and your network."
			: undefined,
		mayHaveReachedService: !refused,
		network: { code, refused, timedOut },
	};
}

export function unreadableAnswer(statusCode: number): ApiFailure {
	return {
		kind: 'transient',
		httpCode: String(statusCode),
		mayHaveReachedService: true,
		message: `The AI/ML API answered HTTP ${statusCode} with a body that is not a generation object (malformed JSON)`,
	};
}
