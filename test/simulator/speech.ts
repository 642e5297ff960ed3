import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';

import { OUT_OF_CREDITS } from './account';
import { chargeHeaders, speechCharge, usageReport, type BillingSettings, type Charge } from './billing';
import { sendError, sendJson, validBody } from './envelope';
import type { Fault } from './faults';
import { silentAudio } from './placeholderAudio';
import { audioFormatOf, estimateSpeechSeconds, simSpeechFamily, speechBodyProblems, speedOf, spokenWords, streams, voiceOf } from './speechModels';
import { speak, type SpeechEngineOptions } from './spokenAudio';

/**
 * `POST /v1/tts` of the simulator: validates the body per speech family, records a synthesis and answers
 * in the shape of its family (`{ audio: "<url>" }` or `{ audio: { url } }`), or with the audio bytes and no
 * charge when a streaming family (ElevenLabs, Deepgram) was not sent `stream: false`; 201 (or 200). The
 * speech is silent placeholder audio of the estimated length (150 words a minute; `sim-tts-seconds=` sets
 * it), or espeak-ng's when a speech engine is given, served at `<video origin>/speech/<id>.mp3|.wav`, a link
 * a video job takes as `audio_url`.
 */
export type TtsShape = 'url-string' | 'url-object' | 'bytes';
export const TTS_SHAPES: TtsShape[] = ['url-string', 'url-object', 'bytes'];

export interface TtsAnswer {
	/** `url-string`: `{ audio: "<url>", meta }`; `url-object`: `{ audio: { url }, meta }`; `bytes`: the audio itself. */
	shape: TtsShape;
	status: 200 | 201;
}

/** Unless set: each family's own shape (or the bytes when it streams), HTTP 201. */
export const DEFAULT_TTS_ANSWER: Partial<TtsAnswer> = {};

export interface SpeechSynthesis {
	id: string;
	model: string;
	voice?: string;
	text: string;
	/** Spoken words (the simulator's `sim-…` hints left out). */
	words: number;
	speed: number;
	/** Estimated length: words / 2.5 per second / speed. Video models check it against their audio limit. */
	durationSeconds: number;
	format: 'mp3' | 'wav';
	/** Size of the audio served for it. */
	bytes: number;
	/** Where it is served; undefined when the answer was the raw bytes. */
	url?: string;
	shape: TtsShape;
	status: 200 | 201;
	request: Record<string, unknown>;
	/** What it cost (billed even when the answer was the raw bytes, which report no charge). */
	charge: Charge;
	/** The charge as `meta.usage` spells it in the default reporting. */
	usage: { credits_used: number; usd_spent: number };
	requestId: string;
	/** The request's `X-Client-Request-Id` when valid (an invalid one is dropped). */
	clientRequestId?: string;
	at: number;
}

/** What a `/v1/tts` request brings besides its body. */
export interface SpeechRequest {
	/** Takes the charge from the balance; false when it cannot cover it (403, nothing made). */
	pay: (charge: Charge) => boolean;
	billing: BillingSettings;
	clientRequestId?: string;
}

const CONTENT_TYPES = { mp3: 'audio/mpeg', wav: 'audio/wav' } as const;

/**
 * Per-request answer hints written anywhere in the text: `sim-tts-shape=bytes`, `sim-tts-status=200`,
 * `sim-tts-seconds=40` (the speech's length, whatever the text) (and `sim-price=0.02`, the synthesis' price in
 * USD: see `speechCharge`).
 */
export function ttsHints(text: string): Partial<TtsAnswer> & { seconds?: number } {
	const hints: Partial<TtsAnswer> & { seconds?: number } = {};
	const seconds = /\bsim-tts-seconds=(\d+(?:\.\d+)?)/.exec(text)?.[1];
	if (seconds) hints.seconds = Number(seconds);
	const shape = /\bsim-tts-shape=([a-z-]+)/.exec(text)?.[1];
	if (shape && (TTS_SHAPES as string[]).includes(shape)) hints.shape = shape as TtsShape;
	const status = /\bsim-tts-status=(\d+)/.exec(text)?.[1];
	if (status === '200' || status === '201') hints.status = Number(status) as 200 | 201;
	return hints;
}

export class SpeechDesk {
	readonly syntheses: SpeechSynthesis[] = [];

	/** How `/v1/tts` answers unless the text carries `sim-tts-shape=` / `sim-tts-status=`; unset: per family. */
	answer: Partial<TtsAnswer> = { ...DEFAULT_TTS_ANSWER };

	private readonly audio = new Map<string, Buffer>();

	/** Real speech under way, by synthesis id (only with a speech engine). */
	private readonly spoken = new Map<string, Promise<void>>();

	/** `origin`: where speech links point (the simulator's CDN-like video origin). */
	constructor(
		private readonly origin: () => string,
		private readonly engine?: SpeechEngineOptions,
	) {}

	reset() {
		this.syntheses.length = 0;
		this.audio.clear();
		this.spoken.clear();
		this.answer = { ...DEFAULT_TTS_ANSWER };
	}

	/** Answers an authorized `/v1/tts` request that the rate limit let through. */
	async handle(rawBody: string, path: string, response: ServerResponse, { pay, billing, clientRequestId }: SpeechRequest) {
		const body = validBody(rawBody, path, response, speechBodyProblems);
		if (!body) return;
		const charge = speechCharge(billing, body.model as string, body.text as string);
		if (!pay(charge)) return sendError(response, 403, OUT_OF_CREDITS, path);
		const synthesis = this.record(body, charge, clientRequestId);
		if (synthesis.shape === 'bytes') {
			await this.spoken.get(synthesis.id);
			const bytes = this.audio.get(synthesis.id)!;
			response.writeHead(synthesis.status, { 'content-type': CONTENT_TYPES[synthesis.format], 'content-length': bytes.length, 'x-inference-id': synthesis.id });
			this.audio.delete(synthesis.id);
			return response.end(bytes);
		}
		const audio = synthesis.shape === 'url-string' ? synthesis.url : { url: synthesis.url };
		const usage = usageReport(synthesis.charge, billing.reporting);
		const headers = { 'x-inference-id': synthesis.id, ...chargeHeaders(synthesis.charge, billing.reporting) };
		sendJson(response, synthesis.status, { audio, ...(usage && { meta: { usage } }) }, headers);
	}

	/** The synthesis a link (e.g. a video job's `audio_url`) points at, if it is one of this simulator's. */
	find(link: unknown): SpeechSynthesis | undefined {
		if (typeof link !== 'string') return undefined;
		const id = /\/speech\/([0-9a-f-]+)\.(mp3|wav)(\?|$)/.exec(link)?.[1];
		return this.syntheses.find((synthesis) => synthesis.id === id && synthesis.url !== undefined);
	}

	/** `GET /speech/<id>.<mp3|wav>`: no key needed (a CDN link); the `speech` route's faults apply. */
	async serve(url: URL, response: ServerResponse, fault: Fault | undefined) {
		const synthesis = this.find(url.pathname);
		if (synthesis) await this.spoken.get(synthesis.id);
		const bytes = synthesis && this.audio.get(synthesis.id);
		if (fault?.type === 'hang') return;
		if (fault?.type === 'status') return sendError(response, fault.status, fault.message ?? 'Forbidden', url.pathname);
		if (!synthesis || !bytes || !url.pathname.endsWith(`.${synthesis.format}`)) return sendError(response, 404, 'Not Found', url.pathname);
		response.writeHead(200, { 'content-type': CONTENT_TYPES[synthesis.format], 'content-length': bytes.length });
		if (fault?.type === 'drop') {
			response.write(bytes.subarray(0, Math.floor(bytes.length / 2)));
			return response.destroy();
		}
		response.end(bytes);
	}

	/** Replaces the placeholder with espeak-ng's speech; keeps the placeholder when that fails. */
	private async speakInto(synthesis: SpeechSynthesis, engine: SpeechEngineOptions): Promise<void> {
		try {
			const bytes = await speak(engine, spokenWords(synthesis.text).join(' '), synthesis.format, synthesis.speed);
			if (!this.audio.has(synthesis.id)) return;
			this.audio.set(synthesis.id, bytes);
			synthesis.bytes = bytes.length;
		} catch (error) {
			engine.log?.(`no speech spoken for synthesis ${synthesis.id} (silent placeholder served): ${error instanceof Error ? error.message : String(error)}`);
		}
	}

	private record(body: Record<string, unknown>, charge: Charge, clientRequestId: string | undefined): SpeechSynthesis {
		const text = body.text as string;
		const hints = ttsHints(text);
		const shape = streams(body) ? 'bytes' : (hints.shape ?? this.answer.shape ?? simSpeechFamily(body.model)!.shape);
		const status = hints.status ?? this.answer.status ?? 201;
		const id = randomUUID();
		const format = audioFormatOf(body);
		const speed = speedOf(body);
		const durationSeconds = hints.seconds ?? estimateSpeechSeconds(text, speed);
		const audio = silentAudio(format, durationSeconds);
		this.audio.set(id, audio);
		const synthesis: SpeechSynthesis = {
			id,
			model: body.model as string,
			voice: typeof voiceOf(body) === 'string' ? (voiceOf(body) as string) : undefined,
			text,
			words: spokenWords(text).length,
			speed,
			durationSeconds,
			format,
			bytes: audio.length,
			url: shape === 'bytes' ? undefined : `${this.origin()}/speech/${id}.${format}`,
			shape,
			status,
			request: body,
			charge,
			usage: { credits_used: charge.credits, usd_spent: charge.usd },
			requestId: randomUUID(),
			clientRequestId,
			at: Date.now(),
		};
		this.syntheses.push(synthesis);
		if (this.engine) this.spoken.set(id, this.speakInto(synthesis, this.engine));
		return synthesis;
	}
}
