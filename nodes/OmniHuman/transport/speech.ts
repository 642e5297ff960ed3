import { sendPaidRequest, type ApiResult, type PaidThing, type TakeTurn } from './api';
import type { Exchange, SendRequest } from './exchange';
import { paidRequestHeaders, type CreatePolicy } from './paidRequestPolicy';

export const TTS_PATH = '/v1/tts';

const SPEECH_SYNTHESIS: PaidThing = {
	noun: 'speech synthesis',
	whereToCheck: 'the usage in your AI/ML API dashboard',
};

/**
 * `POST /v1/tts`: billed like a create, so never re-sent on an unknown outcome, and paced with the creates
 * on 429. The answer is read as bytes, since a model that streams answers with the audio itself; `read`
 * makes the speech of a 2xx answer (see `speech/speechAnswer.ts`).
 */
export async function synthesizeSpeech<T>(
	send: SendRequest,
	body: Record<string, unknown>,
	policy: CreatePolicy,
	takeTurn: TakeTurn,
	now: () => number,
	read: (exchange: Extract<Exchange, { kind: 'response' }>) => ApiResult<T> | undefined,
): Promise<ApiResult<T>> {
	const request = {
		method: 'POST' as const,
		url: TTS_PATH,
		body,
		headers: paidRequestHeaders(policy),
		timeoutMs: policy.timeoutMs,
		encoding: 'arraybuffer' as const,
	};
	return await sendPaidRequest(send, request, policy, takeTurn, now, SPEECH_SYNTHESIS, read);
}
