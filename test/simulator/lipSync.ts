import { randomBytes } from 'node:crypto';

import { isHttpUrl, unexpectedFields } from './bodyRules';

/**
 * `pixverse/lip-sync` on `POST /v2/video/generations` (the contract's "Re-voicing a video"): a video and
 * exactly one speech source, `audio_url` or `lip_sync_tts_content` with `lip_sync_tts_speaker`. Its ids
 * are short random strings, not `<uuid>:<model>`, and its jobs end in `succeeded`.
 */
export const LIP_SYNC_MODEL_ID = 'pixverse/lip-sync';

export const LIP_SYNC_SPEAKERS = [
	'Harper', 'Ava', 'Isabella', 'Sophia', 'Emily', 'Chloe', 'Julia',
	'Mason', 'Jack', 'Liam', 'James', 'Oliver', 'Adrian', 'Ethan',
	'Auto',
] as const;

export type LipSyncSpeaker = (typeof LIP_SYNC_SPEAKERS)[number];

const FEMALE_SPEAKERS: readonly string[] = LIP_SYNC_SPEAKERS.slice(0, 7);

export const LIP_SYNC_FIELDS = ['model', 'video_url', 'audio_url', 'lip_sync_tts_content', 'lip_sync_tts_speaker'];

export const DATA_VIDEO = /^data:video\/[A-Za-z0-9.+-]+;base64,[A-Za-z0-9+/=]+$/;
export const DATA_AUDIO = /^data:audio\/[A-Za-z0-9.+-]+;base64,[A-Za-z0-9+/=]+$/;

/** Where a lip-sync job's speech comes from (recorded on the job). */
export type LipSyncSpeech = { source: 'audio_url'; url: string } | { source: 'lip_sync_tts_content'; text: string; speaker: LipSyncSpeaker };

/** What is wrong with a `pixverse/lip-sync` body, each problem naming its field; empty when valid. */
export function lipSyncBodyProblems(body: Record<string, unknown>): string[] {
	const problems = unexpectedFields(body, LIP_SYNC_FIELDS, LIP_SYNC_MODEL_ID);
	if (body.video_url === undefined) problems.push('video_url is required (an http(s) URL or a data:video/...;base64, URI)');
	else if (!isHttpUrl(body.video_url) && !(typeof body.video_url === 'string' && DATA_VIDEO.test(body.video_url))) {
		problems.push('video_url must be an http(s) URL or a data:video/...;base64, URI');
	}
	const hasAudio = body.audio_url !== undefined;
	const hasTts = body.lip_sync_tts_content !== undefined || body.lip_sync_tts_speaker !== undefined;
	if (hasAudio && body.lip_sync_tts_content !== undefined) {
		problems.push('give exactly one speech source: audio_url or lip_sync_tts_content with lip_sync_tts_speaker, not both');
	} else if (hasAudio && hasTts) {
		problems.push('lip_sync_tts_speaker goes with lip_sync_tts_content, not with audio_url');
	} else if (!hasAudio && !hasTts) {
		problems.push('a speech source is required: audio_url, or lip_sync_tts_content with lip_sync_tts_speaker');
	}
	if (hasAudio && !isHttpUrl(body.audio_url) && !(typeof body.audio_url === 'string' && DATA_AUDIO.test(body.audio_url))) {
		problems.push('audio_url must be an http(s) URL or a data:audio/...;base64, URI');
	}
	if (hasTts && !hasAudio) {
		const content = body.lip_sync_tts_content;
		if (typeof content !== 'string' || content.trim() === '') problems.push('lip_sync_tts_content must be a non-empty string');
		if (body.lip_sync_tts_speaker === undefined) problems.push(`lip_sync_tts_speaker is required with lip_sync_tts_content (one of: ${LIP_SYNC_SPEAKERS.join(', ')})`);
		else if (!(LIP_SYNC_SPEAKERS as readonly unknown[]).includes(body.lip_sync_tts_speaker)) {
			problems.push(`lip_sync_tts_speaker must be one of: ${LIP_SYNC_SPEAKERS.join(', ')}`);
		}
	}
	return problems;
}

/** The speech source of a valid lip-sync body. */
export function lipSyncSpeechOf(body: Record<string, unknown>): LipSyncSpeech {
	if (typeof body.audio_url === 'string') return { source: 'audio_url', url: body.audio_url };
	return { source: 'lip_sync_tts_content', text: body.lip_sync_tts_content as string, speaker: body.lip_sync_tts_speaker as LipSyncSpeaker };
}

/** The espeak-ng voice the simulator speaks a speaker's script with (female names: `+f3`, male: `+m3`). */
export function espeakVoiceOf(speaker: LipSyncSpeaker, base = 'en-us'): string {
	if (speaker === 'Auto') return base;
	return `${base}+${FEMALE_SPEAKERS.includes(speaker) ? 'f3' : 'm3'}`;
}

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
export const SHORT_ID = /^[A-Za-z0-9_-]{21}$/;

/** A short random generation id like `z-IMFJo2ORUJBR7OWIqDM`: 21 characters of `A-Z a-z 0-9 _ -`. */
export function shortGenerationId(): string {
	return [...randomBytes(21)].map((byte) => ID_ALPHABET[byte & 63]).join('');
}
