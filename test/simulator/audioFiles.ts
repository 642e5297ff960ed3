import type { IncomingMessage, ServerResponse } from 'node:http';

import { malformedMp3, m4a, vbrMp3, type BuiltAudio } from './audioEncodings';
import { sendError } from './envelope';
import { MAX_PLACEHOLDER_SECONDS, mp3FrameCount, silentMp3, silentWav } from './placeholderAudio';

/**
 * Audio files the simulator serves at known lengths on its video (CDN) origin, no key needed, so the node's
 * length reader and the benchmarks have files whose length is known by construction:
 * - `/audio/<seconds>s.mp3` CBR MP3 (128 kbit/s, no header but its frames), `/audio/<seconds>s-vbr.mp3` (Xing
 *   header, frames of 128/64/192 kbit/s), `/audio/<seconds>s.wav` (16 kHz PCM), `/audio/<seconds>s.m4a` (AAC;
 *   `moov` last like ffmpeg's default, `?sim-moov=start` for first). Seconds may be fractional, up to 600.
 *   MP3s are whole frames of 1152/44,100 s, at most one frame (26 ms) under the name's length; WAVs are
 *   exact to 1/16,000 s, M4As to 1/44,100 s.
 * - `/audio/malformed.mp3` (garbage) and `/audio/oversized.mp3` (a CBR MP3 of 360 s, over 5 MB).
 * Range requests answer 206 with `Content-Range`. Flags in the query: `sim-no-range` (ignore Range: 200 and the
 * whole body), `sim-redirect` (one 302 to the same file without the flag), `sim-slow-ms=<ms>` (wait before
 * answering), `sim-status=<code>` (answer that error, e.g. 403).
 */
export const MAX_AUDIO_FILE_SECONDS = MAX_PLACEHOLDER_SECONDS;
export const OVERSIZED_SECONDS = 360;
/** The longest `sim-slow-ms` honoured. */
const MAX_SLOW_MS = 60_000;

const FILE_NAME = /^\/audio\/(\d+(?:\.\d+)?)s(-vbr)?\.(mp3|wav|m4a)$/;
const CONTENT_TYPES = { mp3: 'audio/mpeg', wav: 'audio/wav', m4a: 'audio/mp4' } as const;

/** An audio file of the simulator: its bytes, type and true length (undefined: not audio at all). */
export interface AudioFile extends BuiltAudio {
	type: string;
	seconds: number;
	malformed?: boolean;
}

const cache = new Map<string, AudioFile>();
const CACHE_BYTES = 64 * 1024 * 1024;

/** The file at `pathname` (`moovFirst` for M4A), or undefined when the simulator has none there. */
export function audioFileAt(pathname: string, moovFirst = false): AudioFile | undefined {
	const key = `${pathname}|${moovFirst}`;
	const cached = cache.get(key);
	if (cached) return cached;
	const file = buildAudioFile(pathname, moovFirst);
	if (!file) return undefined;
	let total = file.bytes.length;
	for (const entry of cache.values()) total += entry.bytes.length;
	for (const [oldKey, entry] of cache) {
		if (total <= CACHE_BYTES) break;
		cache.delete(oldKey);
		total -= entry.bytes.length;
	}
	cache.set(key, file);
	return file;
}

function buildAudioFile(pathname: string, moovFirst: boolean): AudioFile | undefined {
	if (pathname === '/audio/malformed.mp3') {
		return { bytes: malformedMp3(), seconds: Number.NaN, type: CONTENT_TYPES.mp3, malformed: true };
	}
	if (pathname === '/audio/oversized.mp3') return cbrMp3(OVERSIZED_SECONDS);
	const match = FILE_NAME.exec(pathname);
	if (!match) return undefined;
	const [, figure, vbr, format] = match;
	const seconds = Number(figure);
	if (!(seconds > 0 && seconds <= MAX_AUDIO_FILE_SECONDS) || (vbr && format !== 'mp3'))
		return undefined;
	if (format === 'mp3')
		return vbr ? { ...vbrMp3(seconds), type: CONTENT_TYPES.mp3 } : cbrMp3(seconds);
	if (format === 'wav') {
		const bytes = silentWav(seconds);
		return { bytes, seconds: (bytes.length - 44) / 2 / 16000, type: CONTENT_TYPES.wav };
	}
	return { ...m4a(seconds, moovFirst), type: CONTENT_TYPES.m4a };
}

function cbrMp3(seconds: number): AudioFile {
	return {
		bytes: silentMp3(seconds),
		seconds: (mp3FrameCount(seconds) * 1152) / 44100,
		type: CONTENT_TYPES.mp3,
	};
}

const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

/** `GET` / `HEAD /audio/…` on the video origin. */
export async function serveAudioFile(url: URL, request: IncomingMessage, response: ServerResponse) {
	const flags = url.searchParams;
	const slowMs = Math.min(Number(flags.get('sim-slow-ms') ?? 0) || 0, MAX_SLOW_MS);
	if (slowMs > 0) await sleep(slowMs);
	if (flags.has('sim-redirect')) {
		const next = new URL(url);
		next.searchParams.delete('sim-redirect');
		response.writeHead(302, { location: `${next.pathname}${next.search}` });
		return response.end();
	}
	const status = Number(flags.get('sim-status'));
	if (status >= 400 && status <= 599)
		return sendError(response, status, status === 403 ? 'Forbidden' : 'Error', url.pathname);
	const file = audioFileAt(url.pathname, flags.get('sim-moov') === 'start');
	if (!file) return sendError(response, 404, 'Not Found', url.pathname);
	const size = file.bytes.length;
	const honoursRange = !flags.has('sim-no-range');
	const range = honoursRange ? byteRange(request.headers.range, size) : undefined;
	const headers: Record<string, string | number> = { 'content-type': file.type };
	if (honoursRange) headers['accept-ranges'] = 'bytes';
	if (range === 'unsatisfiable') {
		response.writeHead(416, { ...headers, 'content-range': `bytes */${size}` });
		return response.end();
	}
	const [start, end] = range ?? [0, size - 1];
	if (range) headers['content-range'] = `bytes ${start}-${end}/${size}`;
	response.writeHead(range ? 206 : 200, { ...headers, 'content-length': end - start + 1 });
	response.end(request.method === 'HEAD' ? undefined : file.bytes.subarray(start, end + 1));
}

/** A single `bytes=` range as [first, last] inclusive; undefined when absent or not understood. */
export function byteRange(
	header: string | undefined,
	size: number,
): [number, number] | 'unsatisfiable' | undefined {
	const match = /^bytes=(\d*)-(\d*)$/.exec(header?.trim() ?? '');
	if (!match || (match[1] === '' && match[2] === '')) return undefined;
	if (match[1] === '') {
		const suffix = Number(match[2]);
		return suffix === 0 ? 'unsatisfiable' : [Math.max(0, size - suffix), size - 1];
	}
	const start = Number(match[1]);
	const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
	if (start >= size || end < start) return 'unsatisfiable';
	return [start, end];
}
