import { checkText, requireValid, toNumber } from '../checks';
import { inputError } from '../errors';
import type { VideoModel } from '../models';
import type { ItemRun } from '../nodeRun';
import type { SpeechFamily } from './speechFamily';
import { findVoice, SPEECH_MODELS, speechModel, speechRequestBody } from './speechModels';
import { describeSpeakingTime, speakingTime } from './speakingTime';

/**
 * The `/v1/tts` request for this item, checked before anything is paid: the speech model, its voice, speed
 * and extra fields, the script within the model's own text limit and, at a normal pace, within the video
 * model's audio limit.
 */
export function readScript(run: ItemRun, videoModel: VideoModel): Record<string, unknown> {
	const { context, itemIndex } = run;
	const script = requireValid(
		run,
		'Script',
		checkText(context.getNodeParameter('script', itemIndex, '')),
	).trim();
	const modelId = String(context.getNodeParameter('speechModel', itemIndex, 'openai/tts-1'));
	const model = speechModel(modelId);
	if (!model)
		throw inputError(
			run,
			'Speech Model',
			`"${modelId}" is not offered`,
			`Choose one of: ${SPEECH_MODELS.map((each) => each.id).join(', ')}`,
		);
	const { family } = model;
	const voiceValue = String(context.getNodeParameter('voice', itemIndex, family.defaultVoice));
	const voice = findVoice(family, voiceValue);
	if (!voice) {
		throw inputError(
			run,
			'Voice',
			`"${voiceValue}" is not a voice of ${model.label}`,
			`Choose one of: ${family.voices
				.slice(0, 12)
				.map((each) => each.value)
				.join(', ')}${family.voices.length > 12 ? ', …' : ''}`,
		);
	}
	const speed = readSpeed(run, family, model.label);
	const extras = readExtras(run, family);
	if (script.length > model.maxCharacters) {
		throw inputError(
			run,
			'Script',
			`is ${script.length} characters long, above ${model.label}'s ${model.maxCharacters}`,
			'Shorten the script, or choose a speech model that takes longer texts. Nothing was sent.',
		);
	}
	const time = speakingTime(script, speed);
	if (videoModel.audioLimitSeconds !== undefined && time.seconds >= videoModel.audioLimitSeconds) {
		throw inputError(
			run,
			'Script',
			`would take about ${Math.round(time.seconds)} s to say (${describeSpeakingTime(time, speed)}), above ${videoModel.label}'s audio limit (${videoModel.audioLimit})`,
			'Shorten the script, raise Speed, or choose a model with a longer audio limit. Nothing was sent.',
		);
	}
	return speechRequestBody(model, {
		text: script,
		voice: voice.sent ?? voice.value,
		speed,
		extras,
	});
}

/** Speed, where the family has one: undefined at the normal pace (not sent). */
function readSpeed(run: ItemRun, family: SpeechFamily, label: string): number | undefined {
	if (!family.speed) return undefined;
	const raw = toNumber(run.context.getNodeParameter('speed', run.itemIndex, 1));
	if (typeof raw !== 'number' || raw < family.speed.min || raw > family.speed.max) {
		throw inputError(
			run,
			'Speed',
			`must be a number from ${family.speed.min} to ${family.speed.max} for ${label} (got ${String(raw)})`,
		);
	}
	return raw === 1 ? undefined : raw;
}

/** The family's own fields (MiniMax's Language Boost), only those set to something other than their default. */
function readExtras(run: ItemRun, family: SpeechFamily): Record<string, string> {
	const extras: Record<string, string> = {};
	for (const field of family.extraFields ?? []) {
		const value = String(run.context.getNodeParameter(field.name, run.itemIndex, field.default));
		if (value === field.default) continue;
		if (!field.options.some((option) => option.value === value))
			throw inputError(
				run,
				field.displayName,
				`"${value}" is not offered`,
				`Choose one of: ${field.options
					.map((option) => option.value)
					.filter(Boolean)
					.join(', ')}`,
			);
		extras[field.name] = value;
	}
	return extras;
}

/** The speech model a `/v1/tts` request names. */
export function speechModelOf(body: Record<string, unknown>): string {
	return String(body.model);
}
