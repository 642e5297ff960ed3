import type { GenerationUsage } from '../generation';
import { readUsage } from '../generation';
import { sendPaidRequest, type ApiResult, type PaidThing, type TakeTurn } from './api';
import { headerValue, type Exchange, type SendRequest } from './exchange';
import { paidRequestHeaders, usageOfAnswer, type CreatePolicy } from './paidRequestPolicy';

export const TTS_PATH = '/v1/tts';

export interface Speech {
	/** A link the video models take as `audio_url`. */
	audioUrl: string;
	usage?: GenerationUsage;
}

const SPEECH_SYNTHESIS: PaidThing = {
	noun: 'speech synthesis',
	whereToCheck: 'the usage in your AI/ML API dashboard',
};

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The three answers the service documents: `{ audio: "<url>" }`, `{ audio: { url } }` (both with `meta.usage`),
 * or the audio bytes themselves, which have no link to hand to a video model.
 */
export function readSpeechAnswer(
	exchange: Extract<Exchange, { kind: 'response' }>,
	modelWithUrl: string,
): ApiResult<Speech> | undefined {
	const contentType = headerValue(exchange.headers, 'content-type') ?? '';
	let body = exchange.body;
	if (typeof body === 'string' && /json/i.test(contentType)) {
		try {
			body = JSON.parse(body) as unknown;
		} catch {
			return undefined;
		}
	}
	if (
		/^audio\//i.test(contentType) ||
		Buffer.isBuffer(body) ||
		(typeof body === 'string' && body !== '')
	) {
		return {
			ok: false,
			failure: {
				kind: 'fatal',
				mayHaveReachedService: true,
				httpCode: String(exchange.statusCode),
				message: `The speech model answered with audio bytes (${contentType || 'no content type'}), not a link a video model can use`,
				description: `Choose a speech model that answers with a link, such as ${modelWithUrl}, or use Audio Source "URL" with audio hosted elsewhere.`,
			},
		};
	}
	if (!isRecord(body)) return undefined;
	const audio = isRecord(body.audio) ? body.audio.url : body.audio;
	if (typeof audio !== 'string' || !/^https?:\/\//i.test(audio)) return undefined;
	const usage = usageOfAnswer(readUsage(body.meta), exchange.headers);
	return { ok: true, value: { audioUrl: audio, ...(usage && { usage }) } };
}

/** `POST /v1/tts`: billed like a create, so never re-sent on an unknown outcome, and paced with the creates on 429. */
export async function synthesizeSpeech(
	send: SendRequest,
	body: Record<string, unknown>,
	policy: CreatePolicy,
	takeTurn: TakeTurn,
	now: () => number,
	modelWithUrl: string,
): Promise<ApiResult<Speech>> {
	const request = {
		method: 'POST' as const,
		url: TTS_PATH,
		body,
		headers: paidRequestHeaders(policy),
		timeoutMs: policy.timeoutMs,
	};
	return await sendPaidRequest(send, request, policy, takeTurn, now, SPEECH_SYNTHESIS, (exchange) =>
		readSpeechAnswer(exchange, modelWithUrl),
	);
}
