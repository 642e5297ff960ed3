import { writeFile } from 'node:fs/promises';

import { DATA_AUDIO, DATA_VIDEO } from './lipSync';

/**
 * The inputs the simulator's renderer can read: http(s) URLs on this machine (its own sample media,
 * speech links, test servers) and data URIs; anything else (the real internet) is left alone.
 */

/** Readable input: a loopback URL to download, or the bytes of a data URI. */
export type InputSource = { kind: 'fetch'; url: string } | { kind: 'bytes'; bytes: Buffer };

/** Which data URIs an input takes: portraits (PNG/JPEG/WebP), audio or video (`data:<kind>/...;base64,`). */
export type DataUriKind = 'image' | 'audio' | 'video';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
const DATA_URIS: Record<DataUriKind, RegExp> = { image: /^data:image\/(png|jpeg|webp);base64,[A-Za-z0-9+/=]+$/, audio: DATA_AUDIO, video: DATA_VIDEO };
const MAX_INPUT_BYTES = 32 * 1024 * 1024;

/** Where to read `value` from, or undefined when it is not on this machine nor a data URI of `dataUri`'s kind. */
export function inputSource(value: unknown, dataUri?: DataUriKind): InputSource | undefined {
	if (typeof value !== 'string') return undefined;
	if (dataUri && DATA_URIS[dataUri].test(value)) return { kind: 'bytes', bytes: Buffer.from(value.slice(value.indexOf(',') + 1), 'base64') };
	try {
		const url = new URL(value);
		if ((url.protocol === 'http:' || url.protocol === 'https:') && LOOPBACK.has(url.hostname)) return { kind: 'fetch', url: url.href };
	} catch {
		return undefined;
	}
	return undefined;
}

/** Writes the input to `file` (downloading it with a `timeoutMs` limit); rejects on an HTTP error or an input over 32 MB. */
export async function saveInput(source: InputSource, file: string, timeoutMs = 30_000): Promise<void> {
	if (source.kind === 'bytes') return await writeFile(file, source.bytes);
	const response = await fetch(source.url, { signal: AbortSignal.timeout(timeoutMs) });
	if (!response.ok) throw new Error(`${source.url} answered HTTP ${response.status}`);
	const bytes = Buffer.from(await response.arrayBuffer());
	if (bytes.length > MAX_INPUT_BYTES) throw new Error(`${source.url} is larger than ${MAX_INPUT_BYTES} bytes`);
	await writeFile(file, bytes);
}
