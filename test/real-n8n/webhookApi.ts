/**
 * The webhook examples as a client sees them: the Header Auth secret they require (the Webhook nodes'
 * `httpHeaderAuth` credential) and plain calls that send it.
 */
export const WEBHOOK_CREDENTIAL_ID = 'OmniHumanHookKey';
export const WEBHOOK_AUTH_HEADER = 'X-API-Key';
/** The secret tests and the queue bench use; the demo makes its own. */
export const TEST_WEBHOOK_SECRET = 'omnihuman-e2e-webhook-secret-1';

export const SYNC_WEBHOOK_WORKFLOW_ID = 'OmniHumanWebhook';
export const ASYNC_WEBHOOK_WORKFLOW_ID = 'OmniHumanAsync01';

/** The n8n credential the Webhook nodes check the header against. */
export function webhookCredential(secret: string) {
	return { id: WEBHOOK_CREDENTIAL_ID, name: 'OmniHuman webhook key', type: 'httpHeaderAuth', data: { name: WEBHOOK_AUTH_HEADER, value: secret } };
}

export interface WebhookAnswer {
	status: number;
	headers: Headers;
	/** The parsed JSON body, or `{ text }` when it is not JSON. */
	body: Record<string, unknown>;
	/** From sending the request to the end of the answer. */
	ms: number;
}

export interface WebhookCall {
	method?: string;
	/** The secret to send; `null` sends no header. */
	secret?: string | null;
	/** A JSON value (sent as application/json) or raw text with `contentType`. */
	json?: unknown;
	text?: string;
	contentType?: string;
}

export async function callWebhook(url: string, call: WebhookCall = {}): Promise<WebhookAnswer> {
	const headers: Record<string, string> = {};
	const secret = call.secret === undefined ? TEST_WEBHOOK_SECRET : call.secret;
	if (secret !== null) headers[WEBHOOK_AUTH_HEADER] = secret;
	let body: string | undefined;
	if (call.json !== undefined) {
		body = JSON.stringify(call.json);
		headers['content-type'] = call.contentType ?? 'application/json';
	} else if (call.text !== undefined) {
		body = call.text;
		if (call.contentType) headers['content-type'] = call.contentType;
	}
	// fetch labels a string body text/plain; bytes go without a content-type.
	const payload = body !== undefined && !headers['content-type'] ? Buffer.from(body) : body;
	const startedAt = performance.now();
	const response = await fetch(url, { method: call.method ?? (body === undefined ? 'GET' : 'POST'), headers, body: payload });
	const text = await response.text();
	const ms = performance.now() - startedAt;
	let parsed: Record<string, unknown>;
	try {
		parsed = JSON.parse(text) as Record<string, unknown>;
	} catch {
		parsed = { text };
	}
	return { status: response.status, headers: response.headers, body: parsed, ms };
}

/** A client of the asynchronous example: GET the status URL every `intervalMs` until it is no longer running. */
export async function pollStatus(statusUrl: string, { intervalMs = 250, timeoutMs = 60_000, secret }: { intervalMs?: number; timeoutMs?: number; secret?: string } = {}) {
	const deadline = Date.now() + timeoutMs;
	const seen: string[] = [];
	for (;;) {
		const answer = await callWebhook(statusUrl, { secret });
		const status = String(answer.body.status ?? answer.status);
		if (seen.at(-1) !== status) seen.push(status);
		if (answer.status !== 200 || status === 'completed') return { answer, seen };
		if (Date.now() > deadline) throw new Error(`${statusUrl} still "${status}" after ${timeoutMs} ms`);
		await new Promise((resolve) => setTimeout(resolve, intervalMs));
	}
}
