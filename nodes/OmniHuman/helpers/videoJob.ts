import { readBinaryImage } from '../binaryImage';
import { checkHttpUrl, checkImageReference, requireValid } from '../checks';
import { cancelledError, earlierOutcomeUnknown, failureError, inputError } from '../errors';
import { phaseOf, type Generation } from '../generation';
import { checkExtras, type AvatarModel, type ExtraField } from '../models';
import type { ItemRun } from '../nodeRun';
import type { PlannedRequest } from '../spend/spendLedger';
import { createGeneration, paidRequestPolicy, type CreateBody } from '../transport/api';
import type { Speech } from '../transport/speech';
import type { ItemOptions } from './options';
import { readScript, speechModelOf, synthesizeOnce } from './speech';

export interface VideoJob {
	generation: Generation;
	/** Created by an earlier try of this item (n8n's Retry On Fail, or a crashed run): nothing was sent now. */
	resumed: boolean;
	model: AvatarModel;
	speech?: Speech;
}

/**
 * Reads and checks the video request, turns a script into speech first (Audio Source "Text"), and sends
 * the paid create once. A retried item gets back what its earlier try made (speech and job) instead.
 * Everything is checked, and the item admitted under Max Spend per Execution, before the first paid
 * request, so bad input costs nothing.
 */
export async function createVideoJob(
	run: ItemRun,
	model: AvatarModel,
	options: ItemOptions,
): Promise<VideoJob> {
	const { context, itemIndex } = run;
	const imageUrl =
		context.getNodeParameter('imageSource', itemIndex, 'url') === 'binary'
			? await readBinaryImage(run, options.maxImageBytes)
			: requireValid(
					run,
					'Image URL',
					checkImageReference(context.getNodeParameter('imageUrl', itemIndex, '')),
					'Use a public http(s) link to a PNG, JPEG or WebP portrait.',
				);
	const extras = readExtras(run, model);
	const fromText = context.getNodeParameter('audioSource', itemIndex, 'url') === 'text';
	const speechBody = fromText ? readScript(run, model) : undefined;
	const audioUrl = fromText
		? undefined
		: requireValid(
				run,
				'Audio URL',
				checkHttpUrl(context.getNodeParameter('audioUrl', itemIndex, '')),
				`Use a public http(s) link to the speech audio (mp3, wav, …), ${model.audioLimit}.`,
			);
	const bodyWith = (audio: string): CreateBody => ({
		model: model.id,
		image_url: imageUrl,
		audio_url: audio,
		...extras,
	});
	const firstRequest = speechBody ?? bodyWith(audioUrl as string);
	if (run.crashRecovery && !run.paidRequest(firstRequest).earlier) {
		const found = await run.crashRecovery.findJob(run, model.id);
		if (found?.inferenceId) {
			run.spend.resumed(
				`logs:${found.inferenceId}`,
				model.id,
				found.inferenceId,
				found.usd,
				found.credits,
			);
			run.context.logger.info(
				`OmniHuman: item ${itemIndex} resumes generation ${found.inferenceId}, found in the usage logs by its client request id`,
				{ generationId: found.inferenceId, itemIndex, executionId: context.getExecutionId() },
			);
			const generation = {
				id: found.inferenceId,
				status: found.status,
				phase: phaseOf(found.status),
			};
			return { generation, resumed: true, model };
		}
	}
	const plan: PlannedRequest[] = [{ kind: 'video', model: model.id }];
	let speech: Speech | undefined;
	if (speechBody) {
		plan.unshift({ kind: 'speech', model: speechModelOf(speechBody) });
		speech = await synthesizeOnce(run, speechBody, options, plan);
	}
	const body = bodyWith(speech?.audioUrl ?? (audioUrl as string));
	return { ...(await submitOnce(run, body, options, plan)), model, ...(speech && { speech }) };
}

function readExtras(run: ItemRun, model: AvatarModel): Partial<CreateBody> {
	const read = (field: ExtraField) => run.context.getNodeParameter(field, run.itemIndex, '');
	const checked = checkExtras(model, read);
	if (!checked.ok) throw inputError(run, checked.field, checked.problem, checked.hint);
	return checked.extras;
}

/** The paid create, once (again only after a 429); an earlier try's job, or its unknown outcome, stops it. */
async function submitOnce(
	run: ItemRun,
	body: CreateBody,
	options: ItemOptions,
	plan: PlannedRequest[],
): Promise<Pick<VideoJob, 'generation' | 'resumed'>> {
	const { key, earlier, remember } = run.paidRequest(body);
	if (earlier?.kind === 'generation') {
		run.spend.resumed(key, body.model, earlier.generationId);
		return {
			generation: {
				id: earlier.generationId,
				status: earlier.status,
				phase: phaseOf(earlier.status),
				...(earlier.usage && { usage: earlier.usage }),
			},
			resumed: true,
		};
	}
	if (earlier?.kind === 'unknown') throw earlierOutcomeUnknown(run, earlier.message, 'job');
	await run.spend.admit(plan, options.maxSpendUsd);
	const { clientRequestId } = run.origin('video');
	const policy = paidRequestPolicy(options, run.clock.now(), clientRequestId);
	const result = await createGeneration(run.send, body, policy, run.turns.paid, run.clock.now);
	if (!result.ok) {
		if (result.failure.jobMayExist) run.spend.outcomeUnknown('video', key, body.model);
		else run.spend.notCharged('video');
		if (result.failure.kind === 'cancelled') throw cancelledError(run);
		const error = failureError(run, result.failure);
		if (result.failure.jobMayExist) remember({ kind: 'unknown', message: error.message });
		throw error;
	}
	run.spend.paid('video', key, body.model, result.value.usage, result.value.id);
	remember({
		kind: 'generation',
		generationId: result.value.id,
		status: result.value.status,
		...(result.value.usage && { usage: result.value.usage }),
	});
	return { generation: result.value, resumed: false };
}
