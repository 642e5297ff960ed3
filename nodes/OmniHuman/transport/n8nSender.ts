import type { IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { CREDENTIAL_TYPE } from '../../../credentials/AimlApiOmniHumanApi.credentials';
import {
	headerValue,
	type ApiRequest,
	type Exchange,
	type HttpHeaders,
	type SendRequest,
} from './exchange';

const MAX_VIDEO_REDIRECTS = 5;
const TIMEOUT_CODES = new Set([
	'ECONNABORTED',
	'ETIMEDOUT',
	'UND_ERR_HEADERS_TIMEOUT',
	'UND_ERR_BODY_TIMEOUT',
	'UND_ERR_CONNECT_TIMEOUT',
]);

interface FullResponse {
	statusCode: number;
	headers?: HttpHeaders;
	body: unknown;
}

function errorChain(error: unknown): Array<Record<string, unknown>> {
	const chain: Array<Record<string, unknown>> = [];
	let current: unknown = error;
	while (
		typeof current === 'object' &&
		current !== null &&
		chain.length < 6 &&
		!chain.includes(current as Record<string, unknown>)
	) {
		chain.push(current as Record<string, unknown>);
		current = (current as { cause?: unknown }).cause;
	}
	return chain;
}

/** Reads what went wrong from n8n's wrapped error without keeping the error (its request config holds the key). */
export function describeThrown(
	error: unknown,
	signal: AbortSignal | undefined,
): Exclude<Exchange, { kind: 'response' }> {
	const chain = errorChain(error);
	const code = chain
		.map((entry) => entry.code)
		.find((value): value is string => typeof value === 'string' && value !== '');
	const messages = chain
		.map((entry) => entry.message)
		.filter((value): value is string => typeof value === 'string');
	if (
		signal?.aborted ||
		code === 'ERR_CANCELED' ||
		chain.some((entry) => entry.name === 'AbortError' || entry.name === 'CanceledError')
	) {
		return { kind: 'cancelled' };
	}
	const timedOut =
		(code !== undefined && TIMEOUT_CODES.has(code)) ||
		messages.some((text) => /timeout/i.test(text));
	if (code === undefined && !timedOut) {
		const innermost = messages[messages.length - 1] ?? 'unknown error';
		return { kind: 'refused-locally', message: innermost };
	}
	return {
		kind: 'network',
		code: code ?? 'ETIMEDOUT',
		refused: code === 'ECONNREFUSED',
		timedOut,
		message: messages[0] ?? code ?? 'network error',
	};
}

/** A JSON answer read as bytes (`encoding: 'arraybuffer'`), parsed as any other; other bytes stay bytes. */
function jsonOfBytes(body: unknown, headers: HttpHeaders): unknown {
	if (!Buffer.isBuffer(body) || !/json/i.test(headerValue(headers, 'content-type') ?? ''))
		return body;
	try {
		return JSON.parse(body.toString('utf8')) as unknown;
	} catch {
		return body.toString('utf8');
	}
}

/**
 * Sends requests through `httpRequestWithAuthentication`: the credential adds the key (only for its own
 * Base URL) and n8n ties the request to the execution's cancel signal. HTTP error statuses come back as
 * data, so they can be classified without n8n's generic wrapping. `signal` also covers the node's own stop
 * (first error without Continue On Fail): no request starts after it.
 */
export function n8nSender(
	context: IExecuteFunctions,
	signal: AbortSignal | undefined,
): SendRequest {
	return async (request: ApiRequest): Promise<Exchange> => {
		if (signal?.aborted) return { kind: 'cancelled' };
		const options: IHttpRequestOptions = {
			method: request.method,
			url: request.url,
			timeout: request.timeoutMs,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			sendCredentialsOnCrossOriginRedirect: false,
			headers: {
				Accept: request.encoding === undefined ? 'application/json' : '*/*',
				...request.headers,
			},
		};
		if (request.qs) options.qs = request.qs;
		if (request.body) {
			options.body = request.body;
			options.json = true;
		}
		if (request.encoding === 'stream') {
			options.encoding = 'stream';
			options.maxRedirects = MAX_VIDEO_REDIRECTS;
		} else {
			options.disableFollowRedirect = true;
			if (request.encoding === 'arraybuffer') options.encoding = 'arraybuffer';
		}
		try {
			const response = (await context.helpers.httpRequestWithAuthentication.call(
				context,
				CREDENTIAL_TYPE,
				options,
			)) as FullResponse;
			const headers = response.headers ?? {};
			return {
				kind: 'response',
				statusCode: response.statusCode,
				headers,
				body: jsonOfBytes(response.body, headers),
			};
		} catch (error) {
			return describeThrown(error, signal);
		}
	};
}
