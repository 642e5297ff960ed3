import { priceHint } from './billing';
import { isHttpUrl } from './bodyRules';
import { JOB_OUTCOMES, type JobOutcome } from './faults';

/**
 * Per-job settings carried in the audio, image or (Lip Sync) video URL, e.g. `https://x/a.mp3?sim-outcome=failed-detail&sim-duration=200`;
 * `sim-audio-seconds=31` says how long the audio at that URL is (checked against the model's audio limit);
 * `sim-price=0.63` is the job's price in USD.
 */
export function hintsOf(body: Record<string, unknown>) {
	const hints: { outcome?: JobOutcome; durationMs?: number; audioSeconds?: number; priceUsd?: number } = {};
	for (const field of ['audio_url', 'image_url', 'video_url']) {
		const value = body[field];
		if (typeof value !== 'string' || !isHttpUrl(value)) continue;
		const params = new URL(value).searchParams;
		const outcome = params.get('sim-outcome');
		if (outcome && (JOB_OUTCOMES as string[]).includes(outcome)) hints.outcome = outcome as JobOutcome;
		const duration = Number(params.get('sim-duration'));
		if (params.has('sim-duration') && Number.isFinite(duration)) hints.durationMs = duration;
		const audioSeconds = Number(params.get('sim-audio-seconds'));
		if (field === 'audio_url' && params.has('sim-audio-seconds') && Number.isFinite(audioSeconds)) hints.audioSeconds = audioSeconds;
		hints.priceUsd = priceHint(params.get('sim-price')) ?? hints.priceUsd;
	}
	return hints;
}
