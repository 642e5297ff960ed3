import {
	cancelledError,
	earlierOutcomeUnknown,
	failureError,
	speechPaidVideoRefused,
} from '../errors';
import { phaseOf, type Generation } from '../generation';
import { videoRequestBody, type RequestSpeech, type VideoModel } from '../models';
import type { ItemRun, PaidRequest } from '../nodeRun';
import type { ItemPlan } from '../spend/types';
import { createGeneration, type VideoRequestBody } from '../transport/api';
import { paidRequestPolicy } from '../transport/paidRequestPolicy';
import type { Speech } from '../speech/speechAnswer';
import { checkSpeechLength, speechForVideo } from '../speech/speechForVideo';
import { readSpeechLength } from '../speech/speechLength';
import { synthesizeOnce } from '../speech/synthesis';
import type { ItemOptions } from './options';
import { planItem, priceVideoOnSpeech } from './itemPricing';
import { readExtras, readSource, readSpeechInput } from './videoInputs';

export interface VideoJob {
	generation: Generation;
	/** Created by an earlier try of this item (n8n's Retry On Fail, or a crashed run): nothing was sent now. */
	resumed: boolean;
	model: VideoModel;
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
	model: VideoModel,
	options: ItemOptions,
): Promise<VideoJob> {
	const source = await readSource(run, model, options);
	const extras = readExtras(run, model);
	const input = await readSpeechInput(run, model, options);
	const bodyWith = (speech: RequestSpeech) => videoRequestBody(model, source, speech, extras);
	const firstRequest =
		input.kind === 'text'
			? input.ttsBody
			: bodyWith(input.kind === 'url' ? { audioUrl: input.audioUrl } : input);
	// Looked up once (the body may hold a portrait of megabytes as base64), then handed to its paid request.
	// A binary's link is new on every try: the key hashes the audio's bytes in its place.
	const first = run.paidRequest(
		input.kind === 'url' && input.keyUrl ? bodyWith({ audioUrl: input.keyUrl }) : firstRequest,
	);
	if (run.crashRecovery && !first.earlier) {
		const found = await resumeFromUsageLogs(run, model);
		if (found) return found;
	}
	// Priced only under a limit, and only when a request is really sent (a retried item resumes instead).
	const fields = bodyWith({ audioUrl: '' });
	const plan = async (limitUsd: number): Promise<ItemPlan> =>
		await planItem(run, model, input, fields, limitUsd);
	if (input.kind !== 'text') {
		const job = await submitOnce(run, firstRequest as VideoRequestBody, first, options, plan);
		return { ...job, model };
	}
	const synthesized = await synthesizeOnce(run, input.ttsBody, first, options, plan);
	const length = await readSpeechLength(run, speechForVideo(run, model, synthesized));
	checkSpeechLength(run, model, synthesized, length);
	// Priced on the length read here, not read twice.
	const speech = length.ok ? { ...synthesized, seconds: length.seconds } : synthesized;
	const body = bodyWith({ audioUrl: speech.audioUrl });
	const request = run.paidRequest(body);
	if (options.maxSpendUsd !== undefined && !request.earlier) {
		const video = await priceVideoOnSpeech(run, model, fields, speech);
		if (!run.spend.reprice(video.plan)) throw speechPaidVideoRefused(run, video, speech);
	}
	const job = await submitOnce(run, body, request, options, plan);
	return { ...job, model, speech };
}

/** A retried execution's item: the job its crashed run made, found in the usage logs by its client request id. */
async function resumeFromUsageLogs(run: ItemRun, model: VideoModel): Promise<VideoJob | undefined> {
	const found = await run.crashRecovery?.findJob(run, model.id);
	if (!found?.inferenceId) return undefined;
	const { inferenceId } = found;
	const usage = { usdSpent: found.usd, credits: found.credits };
	run.spend.resumed(`logs:${inferenceId}`, model.id, inferenceId, usage, true);
	run.context.logger.info(
		`OmniHuman: item ${run.itemIndex} resumes generation ${inferenceId}, found in the usage logs by its client request id`,
		{
			generationId: inferenceId,
			itemIndex: run.itemIndex,
			executionId: run.context.getExecutionId(),
		},
	);
	const generation = { id: inferenceId, status: found.status, phase: phaseOf(found.status) };
	return { generation, resumed: true, model };
}

/** The paid create, once (again only after a 429); an earlier try's job, or its unknown outcome, stops it. */
async function submitOnce(
	run: ItemRun,
	body: VideoRequestBody,
	{ key, earlier, remember }: PaidRequest,
	options: ItemOptions,
	plan: (limitUsd: number) => Promise<ItemPlan>,
): Promise<Pick<VideoJob, 'generation' | 'resumed'>> {
	if (earlier?.kind === 'generation') {
		run.spend.resumed(key, String(body.model), earlier.generationId, earlier.usage);
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
		if (result.failure.jobMayExist) run.spend.outcomeUnknown('video', key, String(body.model));
		else run.spend.notCharged('video', result.failure);
		if (result.failure.kind === 'cancelled') throw cancelledError(run);
		const error = failureError(run, result.failure);
		if (result.failure.jobMayExist) remember({ kind: 'unknown', message: error.message });
		throw error;
	}
	run.spend.paid('video', key, String(body.model), result.value.usage, result.value.id);
	remember({
		kind: 'generation',
		generationId: result.value.id,
		status: result.value.status,
		...(result.value.usage && { usage: result.value.usage }),
	});
	return { generation: result.value, resumed: false };
}
