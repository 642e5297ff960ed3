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
