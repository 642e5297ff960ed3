import type { GenerationUsage } from '../generation';
import { readUsage } from '../generation';
import type { ApiResult } from '../transport/api';
import { headerValue, type Exchange } from '../transport/exchange';
import { usageOfAnswer } from '../transport/paidRequestPolicy';

/** A synthesized speech: where its audio is, and what it cost when the answer says. */
export interface Speech {
	/** A link to the audio, or a `data:audio/…;base64,` URI when the service answered with the bytes. */
	audioUrl: string;
	usage?: GenerationUsage;
	/** Its length, as read from the audio once it is made (not kept for a retried item: read again). */
	seconds?: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The audio's media type: the answer's own when it is `audio/…`, else recognised from its first bytes. */
function audioType(contentType: string, bytes: Buffer): string {
	const declared = contentType.split(';')[0].trim().toLowerCase();
	if (/^audio\/[a-z0-9.+-]+$/.test(declared)) return declared;
	const head = bytes.subarray(0, 4).toString('latin1');
	if (head === 'RIFF') return 'audio/wav';
	if (head === 'fLaC') return 'audio/flac';
	if (head === 'OggS') return 'audio/ogg';
	return 'audio/mpeg';
}

/** Audio bytes as the data URI a video model that takes base64 audio accepts. */
export function audioDataUri(bytes: Buffer, contentType: string): string {
	return `data:${audioType(contentType, bytes)};base64,${bytes.toString('base64')}`;
}

/**
 * The three answers the service documents: `{ audio: "<url>" }`, `{ audio: { url } }` (both with
 * `meta.usage` and the charge headers), or the audio bytes themselves (a model that streams: no link, no
 * charge reported), kept as a data URI. Undefined: an answer that is none of these.
 */
export function readSpeechAnswer(
	exchange: Extract<Exchange, { kind: 'response' }>,
): ApiResult<Speech> | undefined {
	const contentType = headerValue(exchange.headers, 'content-type') ?? '';
	let body = exchange.body;
	const isJson = /json/i.test(contentType);
	if (Buffer.isBuffer(body) && isJson) body = body.toString('utf8');
	if (typeof body === 'string' && isJson) {
		try {
			body = JSON.parse(body) as unknown;
		} catch {
			return undefined;
		}
	}
	if (Buffer.isBuffer(body) && body.length > 0)
		return { ok: true, value: { audioUrl: audioDataUri(body, contentType) } };
	if (typeof body === 'string' && body !== '')
		return {
			ok: true,
			value: { audioUrl: audioDataUri(Buffer.from(body, 'latin1'), contentType) },
		};
	if (!isRecord(body)) return undefined;
	const audio = isRecord(body.audio) ? body.audio.url : body.audio;
	if (typeof audio !== 'string' || !/^https?:\/\//i.test(audio)) return undefined;
	const usage = usageOfAnswer(readUsage(body.meta), exchange.headers);
	return { ok: true, value: { audioUrl: audio, ...(usage && { usage }) } };
}

/** Whether the speech came as bytes (a data URI) rather than a link. */
export function isAudioData(speech: Pick<Speech, 'audioUrl'>): boolean {
	return speech.audioUrl.startsWith('data:');
}
