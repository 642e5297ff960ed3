import { formatSeconds, inputError } from '../errors';
import type { VideoModel } from '../models';
import type { ItemRun } from '../nodeRun';
import { chargeOfUsage, formatUsd } from '../spend/charge';
import { isAudioData, type Speech } from './speechAnswer';
import type { AudioLength } from './speechLength';
import { familiesAnsweringWithLink } from './speechModels';

/** The paid synthesis, as the errors after it say: "already paid ($0.0150)" or that its charge was not reported. */
export function paidSynthesis(speech: Speech): string {
	const charge = chargeOfUsage(speech.usage);
	return charge
		? `the speech synthesis was already paid (${formatUsd(charge.usd)})`
		: `the speech synthesis was already paid (its charge was not reported${isAudioData(speech) ? ' with the audio bytes' : ''}: see the usage logs)`;
}

/**
 * The speech as the video model takes it, refused before the video is paid when it cannot take it: audio
 * bytes (a data URI) only where the model takes base64 audio (PixVerse Lip Sync); a link everywhere.
 */
export function speechForVideo(run: ItemRun, videoModel: VideoModel, speech: Speech): Speech {
	if (!isAudioData(speech) || videoModel.takesAudioData) return speech;
	const type = /^data:([^;,]+)/.exec(speech.audioUrl)?.[1] ?? 'audio';
	const withLink = familiesAnsweringWithLink()
		.map((family) => family.label)
		.join(', ');
	throw inputError(
		run,
		'Speech Model',
		`answered with audio bytes (${type}), not a link, and ${videoModel.label} takes only a link as its audio; ${paidSynthesis(speech)}, and no video job was made`,
		`Choose a speech model that answers with a link (${withLink}), or use Audio Source "URL" with audio hosted elsewhere.`,
	);
}

/**
 * Refuses the video job before it is paid when the synthesized speech came out longer than the model
 * takes. A length that could not be read lets the job go on: the script's estimate was checked already.
 */
export function checkSpeechLength(
	run: ItemRun,
	videoModel: VideoModel,
	speech: Speech,
	length: AudioLength,
): void {
	const limit = videoModel.audioLimitSeconds;
	if (limit === undefined || !length.ok || length.seconds < limit) return;
	throw inputError(
		run,
		'Script',
		`came out as ${formatSeconds(length.seconds)} of speech, above ${videoModel.label}'s audio limit (${videoModel.audioLimit}); ${paidSynthesis(speech)}, and no video job was made`,
		'Shorten the script or raise Speed: the estimate before sending is made at a normal pace, and some voices speak slower.',
	);
}
