import { SIMULATOR_API_KEY, type Simulator } from './server';

/** Raw calls to a simulator for its own tests: the answer's status, headers and parsed JSON (or bytes). */
export interface SimulatorAnswer {
	status: number;
	headers: Headers;
	json: Record<string, unknown>;
	bytes: Buffer;
}

export async function postJson(sim: Simulator, path: string, body: unknown, key: string | null = SIMULATOR_API_KEY, signal?: AbortSignal): Promise<SimulatorAnswer> {
	const response = await fetch(`${sim.url}${path}`, {
		method: 'POST',
		headers: { ...(key !== null && { authorization: `Bearer ${key}` }), 'content-type': 'application/json' },
		body: typeof body === 'string' ? body : JSON.stringify(body),
		signal,
	});
	const bytes = Buffer.from(await response.arrayBuffer());
	const isJson = (response.headers.get('content-type') ?? '').startsWith('application/json');
	return { status: response.status, headers: response.headers, json: isJson ? (JSON.parse(bytes.toString('utf8')) as Record<string, unknown>) : {}, bytes };
}

export const synthesize = async (sim: Simulator, body: Record<string, unknown>, signal?: AbortSignal) => await postJson(sim, '/v1/tts', body, SIMULATOR_API_KEY, signal);

export const createVideo = async (sim: Simulator, body: Record<string, unknown>) => await postJson(sim, '/v2/video/generations', body);

/** A script of `count` words (`count / 2.5` seconds of speech at a normal pace). */
export function words(count: number): string {
	return Array.from({ length: count }, (_, index) => `word${index}`).join(' ');
}
