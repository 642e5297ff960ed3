import type { INodeProperties } from 'n8n-workflow';

import { checkText, toNumber } from '../checks';
import { cancelledError, earlierOutcomeUnknown, failureError, inputError } from '../errors';
import type { AvatarModel } from '../models';
import type { ItemRun } from '../nodeRun';
import type { PlannedRequest } from '../spend/spendLedger';
import {
	estimateSpeechSeconds,
	SPEECH_MODEL_WITH_URL,
	SPEECH_MODELS,
	speechModel,
	speechRequestBody,
	type SpeechFamily,
} from '../speechModels';
import { synthesizeSpeech, type Speech } from '../transport/speech';
import { paidRequestPolicy, requireValid, type ItemOptions } from './options';

type Show = Record<string, string[]>;

const modelsOf = (family: SpeechFamily) =>
	SPEECH_MODELS.filter((model) => model.family === family).map((model) => model.id);

/** One Voice field per family of speech models, all named `voice`: n8n shows the one of the chosen model. */
function voiceField(family: SpeechFamily, defaultVoice: string, show: Show): INodeProperties {
	const [first] = SPEECH_MODELS.filter((model) => model.family === family);
	return {
		displayName: 'Voice',
		name: 'voice',
		type: 'options',
		options: first.voices.map((voice) => ({ name: voice, value: voice })),
		default: defaultVoice,
		description: `The voice that speaks the script (${first.label.split(' ')[0]} voices)`,
		displayOptions: { show: { ...show, speechModel: modelsOf(family) } },
	};
}

/** Audio Source "Text": the script and how it is spoken. */
export function speechFields(show: Show): INodeProperties[] {
	return [
		{
			displayName: 'Script',
			name: 'script',
			type: 'string',
			typeOptions: { rows: 4 },
			default: '',
			required: true,
			placeholder: 'Hi Anna, thanks for joining us! Here is what happens next…',
			description:
				'What the avatar says. Up to about 74 words fit under 30 s, the audio limit of OmniHuman and VEED; a longer script is refused before anything is paid.',
			displayOptions: { show },
		},
		{
			displayName: 'Speech Model',
			name: 'speechModel',
			type: 'options',
			options: SPEECH_MODELS.map((model) => ({ name: model.label, value: model.id })),
			default: 'openai/tts-1',
			description:
				'The AI/ML API text-to-speech model that reads the script (same key; billed per synthesis)',
			displayOptions: { show },
		},
		voiceField('openai', 'alloy', show),
		voiceField('elevenlabs', 'Rachel', show),
		voiceField('deepgram', 'thalia-en', show),
		{
			displayName: 'Speed',
			name: 'speed',
			type: 'number',
			typeOptions: { minValue: 0.25, maxValue: 4, numberPrecision: 2 },
			default: 1,
			description: 'Speaking speed, 1 = normal (OpenAI: 0.25–4, ElevenLabs: 0.7–1.2)',
			displayOptions: {
				show: { ...show, speechModel: [...modelsOf('openai'), ...modelsOf('elevenlabs')] },
			},
		},
	];
}

/**
 * The `/v1/tts` request for this item, checked before anything is paid: the script fits the speech model
 * and, at a normal pace, the video model's audio limit.
 */
export function readScript(run: ItemRun, videoModel: AvatarModel): Record<string, unknown> {
	const { context, itemIndex } = run;
	const script = requireValid(
		run,
		'Script',
		checkText(context.getNodeParameter('script', itemIndex, '')),
	).trim();
	const modelId = context.getNodeParameter('speechModel', itemIndex, 'openai/tts-1');
	const model = speechModel(String(modelId));
	if (!model)
		throw inputError(
			run,
			'Speech Model',
			`"${String(modelId)}" is not offered`,
			`Choose one of: ${SPEECH_MODELS.map((each) => each.id).join(', ')}`,
		);
	const voice = String(context.getNodeParameter('voice', itemIndex, model.defaultVoice));
	if (!model.voices.includes(voice)) {
		throw inputError(
			run,
			'Voice',
			`"${voice}" is not a voice of ${model.label}`,
			`Choose one of: ${model.voices.slice(0, 12).join(', ')}, …`,
		);
	}
	let speed: number | undefined;
	if (model.speed) {
		const raw = toNumber(context.getNodeParameter('speed', itemIndex, 1));
		if (typeof raw !== 'number' || raw < model.speed.min || raw > model.speed.max) {
			throw inputError(
				run,
				'Speed',
				`must be a number from ${model.speed.min} to ${model.speed.max} for ${model.label} (got ${String(raw)})`,
			);
		}
		speed = raw === 1 ? undefined : raw;
	}
	if (script.length > model.maxCharacters) {
		throw inputError(
			run,
			'Script',
			`is ${script.length} characters long, above ${model.label}'s ${model.maxCharacters}`,
			'Shorten the script.',
		);
	}
	const seconds = estimateSpeechSeconds(script, speed);
	if (seconds >= videoModel.audioLimitSeconds) {
		throw inputError(
			run,
			'Script',
			`would take about ${Math.round(seconds)} s to say (${estimateSpeechSeconds.basis(script, speed)}), above ${videoModel.label}'s audio limit (${videoModel.audioLimit})`,
			'Shorten the script, raise Speed, or choose a model with a longer audio limit. Nothing was sent.',
		);
	}
	return speechRequestBody(model, script, voice, speed);
}

/** The speech model a `/v1/tts` request names. */
export function speechModelOf(body: Record<string, unknown>): string {
	return String(body.model);
}

/**
 * The speech synthesis, once: never re-sent on an unknown outcome, paced with the creates, reused by a
 * retried item, and admitted under Max Spend per Execution together with the video it is for (`plan`).
 */
export async function synthesizeOnce(
	run: ItemRun,
	body: Record<string, unknown>,
	options: ItemOptions,
	plan: PlannedRequest[],
): Promise<Speech> {
	const { key, earlier, remember } = run.paidRequest(body);
	if (earlier?.kind === 'speech')
		return { audioUrl: earlier.audioUrl, ...(earlier.usage && { usage: earlier.usage }) };
	if (earlier?.kind === 'unknown')
		throw earlierOutcomeUnknown(run, earlier.message, 'speech synthesis');
	await run.spend.admit(plan, options.maxSpendUsd);
	const { clientRequestId } = run.origin('speech');
	const policy = paidRequestPolicy(options, run.clock.now(), clientRequestId);
	const result = await synthesizeSpeech(
		run.send,
		body,
		policy,
		run.turns.paid,
		run.clock.now,
		SPEECH_MODEL_WITH_URL.label,
	);
	const model = speechModelOf(body);
	if (!result.ok) {
		if (result.failure.jobMayExist) run.spend.outcomeUnknown('speech', key, model);
		else run.spend.notCharged('speech');
		if (result.failure.kind === 'cancelled') throw cancelledError(run);
		const error = failureError(run, {
			...result.failure,
			message: `Speech synthesis: ${result.failure.message}`,
		});
		if (result.failure.jobMayExist) remember({ kind: 'unknown', message: error.message });
		throw error;
	}
	run.spend.paid('speech', key, model, result.value.usage);
	remember({ kind: 'speech', ...result.value });
	return result.value;
}
