import { checkText, requireValid, toNumber } from '../checks';
import { cancelledError, earlierOutcomeUnknown, failureError, inputError } from '../errors';
import type { VideoModel } from '../models';
import type { ItemRun, PaidRequest } from '../nodeRun';
import type { PlannedRequest } from '../spend/admission';
import {
	SPEECH_MODEL_WITH_URL,
	SPEECH_MODELS,
	speechModel,
	speechRequestBody,
} from './speechModels';
import { describeSpeakingTime, speakingTime } from './speakingTime';
import { synthesizeSpeech, type Speech } from '../transport/speech';
import { paidRequestPolicy } from '../transport/paidRequestPolicy';
import type { ItemOptions } from '../helpers/options';

/**
 * The `/v1/tts` request for this item, checked before anything is paid: the script fits the speech model
 * and, at a normal pace, the video model's audio limit.
 */
export function readScript(run: ItemRun, videoModel: VideoModel): Record<string, unknown> {
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
	const time = speakingTime(script, speed);
	if (videoModel.audioLimitSeconds !== undefined && time.seconds >= videoModel.audioLimitSeconds) {
		throw inputError(
			run,
			'Script',
			`would take about ${Math.round(time.seconds)} s to say (${describeSpeakingTime(time, speed)}), above ${videoModel.label}'s audio limit (${videoModel.audioLimit})`,
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
	{ key, earlier, remember }: PaidRequest,
	options: ItemOptions,
	plan: PlannedRequest[],
): Promise<Speech> {
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
