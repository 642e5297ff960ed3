import type { IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { describeThrown } from '../transport/n8nSender';
import type { RangeAnswer, RangeFetcher } from './remoteSource';
import { ReadRefusal } from './types';

interface StreamedResponse {
	statusCode: number;
	headers?: Record<string, unknown>;
	body: unknown;
}

interface Stream extends AsyncIterable<Uint8Array> {
	destroy?: (error?: Error) => void;
}

const EMPTY: Uint8Array = new Uint8Array(0);

function header(response: StreamedResponse, name: string): string | undefined {
	const value = response.headers?.[name];
	return typeof value === 'string' ? value : Array.isArray(value) ? String(value[0]) : undefined;
}

/**
 * Reads at most `cap` bytes of the body, then ends the transfer: a 2 GB file is never read whole. The signal
 * ends it too (n8n 1.x's helper may not take one, and a stalled body must not hold the socket).
 */
async function readCapped(body: unknown, cap: number, signal: AbortSignal): Promise<Uint8Array> {
	const stream = body as Stream | undefined;
	if (!stream || typeof stream[Symbol.asyncIterator] !== 'function' || cap <= 0) {
		stream?.destroy?.();
		return EMPTY;
	}
	const chunks: Uint8Array[] = [];
	let total = 0;
	const onAbort = () => stream.destroy?.(new Error('The audio request was aborted'));
	signal.addEventListener('abort', onAbort, { once: true });
	try {
		for await (const chunk of stream) {
			const piece = chunk.subarray(0, cap - total);
			chunks.push(piece);
			total += piece.length;
			if (total >= cap) break;
		}
	} finally {
		signal.removeEventListener('abort', onAbort);
		stream.destroy?.();
	}
	const bytes = new Uint8Array(total);
	let at = 0;
	for (const chunk of chunks) {
		bytes.set(chunk, at);
		at += chunk.length;
	}
	return bytes;
}

function refusal(
	error: unknown,
	signal: AbortSignal,
	timedOut: boolean,
	timeoutMs: number,
): ReadRefusal {
	const seconds = `${Math.round(timeoutMs / 100) / 10} s`;
	const names = [error, (error as { cause?: unknown })?.cause].map(
		(entry) => (entry as { name?: unknown })?.name,
	);
	if (names.some((name) => name === 'SsrfBlockedIpError' || name === 'SsrfBlockedHostnameError'))
		return new ReadRefusal("this n8n instance's SSRF protection blocks that address");
	if (timedOut) return new ReadRefusal(`timed out after ${seconds}`);
	const thrown = describeThrown(error, signal);
	if (thrown.kind === 'cancelled') return new ReadRefusal('the execution was stopped');
	if (thrown.kind === 'refused-locally')
		return new ReadRefusal(`the request was refused: ${thrown.message}`);
	if (thrown.timedOut) return new ReadRefusal(`timed out after ${seconds}`);
	if (thrown.code === 'ENOTFOUND' || thrown.code === 'EAI_AGAIN')
		return new ReadRefusal('the host name could not be resolved');
	if (thrown.refused) return new ReadRefusal('the host refused the connection');
	return new ReadRefusal(`the host could not be reached (${thrown.code})`);
}

/**
 * Range requests through n8n's own `helpers.httpRequest`: never `httpRequestWithAuthentication`, so the API
 * key cannot reach the audio's host. Redirects are not followed here (the caller follows http(s) ones,
 * each hop a new request); status errors come back as answers.
 *
 * SSRF: in n8n 2.x `helpers.httpRequest` goes through `OutboundHttp.requests().request()` (n8n-core
 * `dist/execution-engine/node-execution-context/utils/request-helpers/factory.js`), whose default policy
 * ('safe') is n8n's SsrfProtectionService whenever N8N_SSRF_PROTECTION_ENABLED is on (@n8n/backend-network
 * `dist/http/outbound-http.js`, `resolveSsrf`); it checks the URL and each connection's resolved address
 * (`dist/http/axios/request.js`, `validateUrlSsrf`, `setAxiosAgents`). So the protection applies by itself,
 * with its blocked and allowed ranges; `getSecureEgressFilter` is for nodes that open their own sockets.
 * n8n 1.x has no SSRF protection and no such helper: there is nothing to opt into.
 */
export function n8nRangeFetcher(context: IExecuteFunctions, signal: AbortSignal): RangeFetcher {
	return async (url, range, timeoutMs): Promise<RangeAnswer> => {
		if (signal.aborted) throw new ReadRefusal('the execution was stopped');
		const timeout = AbortSignal.timeout(Math.max(1, timeoutMs));
		const abortSignal = AbortSignal.any([signal, timeout]);
		const options: IHttpRequestOptions = {
			method: 'GET',
			url,
			headers: {
				Range: `bytes=${range.offset}-${range.offset + range.length - 1}`,
				Accept: '*/*',
				// Ranges are of the file's own bytes, not of a compressed transfer.
				'Accept-Encoding': 'identity',
			},
			encoding: 'stream',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			disableFollowRedirect: true,
			timeout: timeoutMs,
			abortSignal,
		};
		try {
			const response = (await context.helpers.httpRequest(options)) as StreamedResponse;
			const status = response.statusCode;
			const cap = status === 206 ? range.length : status === 200 ? range.offset + range.length : 0;
			const contentLength = Number(header(response, 'content-length'));
			return {
				status,
				bytes: await readCapped(response.body, cap, abortSignal),
				contentRange: header(response, 'content-range'),
				contentLength: Number.isSafeInteger(contentLength) ? contentLength : undefined,
				location: header(response, 'location'),
			};
		} catch (error) {
			throw refusal(error, signal, timeout.aborted, timeoutMs);
		}
	};
}
