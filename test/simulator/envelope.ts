import type { ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';

/** The service's flat error envelope: `{ statusCode, message, path, requestId, timestamp }`. */
export function errorEnvelope(statusCode: number | string, message: string, path: string) {
	return { statusCode, message, path, requestId: randomUUID(), timestamp: new Date().toISOString() };
}

export function sendJson(response: ServerResponse, statusCode: number, body: unknown, headers: Record<string, string> = {}) {
	const text = JSON.stringify(body);
	response.writeHead(statusCode, {
		'content-type': 'application/json; charset=utf-8',
		'content-length': Buffer.byteLength(text),
		'x-inference-id': randomUUID(),
		...headers,
	});
	response.end(text);
}

export function sendError(response: ServerResponse, statusCode: number, message: string, path: string, headers: Record<string, string> = {}) {
	sendJson(response, statusCode, errorEnvelope(statusCode, message, path), headers);
}

/**
 * The request body as a JSON object with no problems by `problemsOf`; otherwise answers 400 "Body validation
 * error!" (naming the problems) and returns undefined.
 */
export function validBody(
	rawBody: string,
	path: string,
	response: ServerResponse,
	problemsOf: (body: Record<string, unknown>) => string[],
): Record<string, unknown> | undefined {
	let body: unknown;
	try {
		body = JSON.parse(rawBody);
	} catch {
		sendError(response, 400, 'Body validation error!', path);
		return undefined;
	}
	if (typeof body !== 'object' || body === null || Array.isArray(body)) {
		sendError(response, 400, 'Body validation error!', path);
		return undefined;
	}
	const problems = problemsOf(body as Record<string, unknown>);
	if (problems.length > 0) {
		sendError(response, 400, `Body validation error! ${problems.join('; ')}`, path);
		return undefined;
	}
	return body as Record<string, unknown>;
}
