import { SIMULATOR_API_KEY, type Simulator } from './server';

/** Raw calls to a simulator for its own tests: the answer's status, headers and parsed JSON (or bytes). */
export interface SimulatorAnswer {
	status: number;
	headers: Headers;
	json: Record<string, unknown>;
	bytes: Buffer;
}

export interface CallOptions {
	method?: 'GET' | 'POST';
	body?: unknown;
	/** The API key sent as Bearer (null: no Authorization header). */
	key?: string | null;
	headers?: Record<string, string>;
	signal?: AbortSignal;
}

export async function call(sim: Simulator, path: string, { method = 'GET', body, key = SIMULATOR_API_KEY, headers = {}, signal }: CallOptions = {}): Promise<SimulatorAnswer> {
	const response = await fetch(`${sim.url}${path}`, {
		method,
		headers: { ...(key !== null && { authorization: `Bearer ${key}` }), ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
		body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
		signal,
	});
	const bytes = Buffer.from(await response.arrayBuffer());
	const isJson = (response.headers.get('content-type') ?? '').startsWith('application/json');
	return { status: response.status, headers: response.headers, json: isJson ? (JSON.parse(bytes.toString('utf8')) as Record<string, unknown>) : {}, bytes };
}

export async function postJson(sim: Simulator, path: string, body: unknown, key: string | null = SIMULATOR_API_KEY, signal?: AbortSignal): Promise<SimulatorAnswer> {
	return await call(sim, path, { method: 'POST', body, key, signal });
}

/** `GET /v2/logs` with `query` (pairs keep a parameter repeated: `[['model', 'a'], ['model', 'b']]`). */
export async function readLogs(sim: Simulator, query: string | Array<[string, string]> | Record<string, string> = '', key: string | null = SIMULATOR_API_KEY): Promise<SimulatorAnswer> {
	const search = new URLSearchParams(query).toString();
	return await call(sim, `/v2/logs${search ? `?${search}` : ''}`, { key });
}

export const synthesize = async (sim: Simulator, body: Record<string, unknown>, signal?: AbortSignal) => await postJson(sim, '/v1/tts', body, SIMULATOR_API_KEY, signal);

export const createVideo = async (sim: Simulator, body: Record<string, unknown>, headers?: Record<string, string>) =>
	await call(sim, '/v2/video/generations', { method: 'POST', body, headers });

export const pollVideo = async (sim: Simulator, id: string) => await call(sim, `/v2/video/generations?generation_id=${encodeURIComponent(id)}`);

/** A script of `count` words (`count / 2.5` seconds of speech at a normal pace). */
export function words(count: number): string {
	return Array.from({ length: count }, (_, index) => `word${index}`).join(' ');
}
