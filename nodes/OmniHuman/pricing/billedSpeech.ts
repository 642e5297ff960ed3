import type { AudioMeasure } from '../media/audioLength';
import type { VideoModel } from '../models';
import { speakingTime } from '../speech/speakingTime';
import type { BilledQuantity } from './quote';

/**
 * A script's speech is reserved at this many times its estimated speaking time (capped by the model's audio
 * limit): the estimate already keeps to the slow side of each language's pace, and a voice slower still is
 * measured once spoken, before the video is sent.
 */
export const SCRIPT_BOUND_FACTOR = 1.25;

function seconds(value: number): string {
	return `${Number(value.toFixed(1))} s`;
}

/**
 * The seconds of speech a video request is billed on, from the audio itself: measured where its bytes can
 * be read, else the model's audio limit (the most the service takes, so the most it can charge).
 */
export function measuredSpeech(
	model: VideoModel,
	measure: AudioMeasure,
	source?: string,
): BilledQuantity {
	if (measure.ok)
		return {
			unit: 'second',
			amount: measure.seconds,
			exact: true,
			basis: `${seconds(measure.seconds)} measured from ${source ?? `the ${measure.format.toUpperCase()}`}`,
		};
	return modelLimit(model, `its length could not be read: ${measure.reason}`);
}

/** The worst case of a speech whose length is unknown: the model's audio limit, or per request without one. */
export function modelLimit(model: VideoModel, why: string): BilledQuantity {
	if (model.audioLimitSeconds === undefined)
		return { unit: 'request', amount: 1, exact: false, basis: `per request (${why})` };
	return {
		unit: 'second',
		amount: model.audioLimitSeconds,
		exact: false,
		basis: `up to ${model.audioLimitSeconds} s, ${model.label}'s audio limit (${why})`,
	};
}

/**
 * A script's speech before it is made. `reserve`: an upper bound, so no speech is paid for a video that
 * cannot fit (the estimate × `SCRIPT_BOUND_FACTOR`, at most the model's audio limit). `estimate`: the likely length.
 */
export function scriptSpeech(
	model: VideoModel,
	script: string,
	purpose: 'reserve' | 'estimate',
	speed = 1,
): BilledQuantity {
	const likely = speakingTime(script, speed).seconds;
	if (purpose === 'estimate')
		return {
			unit: 'second',
			amount: likely,
			exact: false,
			basis: `about ${seconds(likely)}, estimated from the script`,
		};
	const limit = model.audioLimitSeconds ?? Number.POSITIVE_INFINITY;
	const bound = Math.min(likely * SCRIPT_BOUND_FACTOR, limit);
	return {
		unit: 'second',
		amount: bound,
		exact: false,
		basis:
			bound === limit
				? `up to ${seconds(bound)}, ${model.label}'s audio limit (about ${seconds(likely)} estimated from the script)`
				: `up to ${seconds(bound)} (the script's estimate of ${seconds(likely)} × ${SCRIPT_BOUND_FACTOR})`,
	};
}

/** What a speech synthesis is billed on: the script's characters. */
export function scriptCharacters(script: string): BilledQuantity {
	const count = [...script].length;
	return { unit: 'character', amount: count, exact: true, basis: `${count} characters` };
}
