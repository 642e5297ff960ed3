import type { IBinaryData, IDataObject } from 'n8n-workflow';

import { cancelledError, failureError, timeoutError } from '../errors';
import { modelOfId, type Generation, type GenerationUsage } from '../generation';
import type { ItemRun } from '../nodeRun';
import { pollGeneration } from '../poll';
import { pacedFetchGeneration } from '../transport/api';
import { isAudioData, type Speech } from '../speech/speechAnswer';
import { downloadVideo } from '../video';
import type { ItemOptions } from './options';

export interface ItemOutput {
	json: IDataObject;
	binary?: Record<string, IBinaryData>;
}

/** The output JSON: the generation, and with Audio Source "Text" the speech it was made from. */
export function generationJson(
	generation: Generation,
	model?: string,
	speech?: Speech,
): IDataObject {
	return {
		id: generation.id,
		status: generation.status,
		...(generation.videoUrl && { videoUrl: generation.videoUrl }),
		model: model ?? modelOfId(generation.id) ?? null,
		...(generation.usage && { usage: { ...generation.usage } }),
		...(speech && !isAudioData(speech) && { audioUrl: speech.audioUrl }),
		...(speech?.usage && { speechUsage: { ...speech.usage } }),
	};
}

/**
 * Polls `generationId` until final (or, with `untilFinal` off, until one status is read), then adds the
 * video as binary data when asked. Every error names the generation id.
 */
export async function waitForVideo(
	run: ItemRun,
	options: ItemOptions,
	generationId: string,
	{
		initial,
		untilFinal,
		startedAt,
		model,
		speech,
		createUsage,
	}: {
		initial?: Generation;
		/** The charge the create answer reported: the output keeps it when the finished job does not repeat it. */
		createUsage?: GenerationUsage;
		untilFinal: boolean;
		startedAt: number;
		model?: string;
		speech?: Speech;
	},
): Promise<ItemOutput> {
	const outcome = await pollGeneration(
		(timeoutMs, deadline) =>
			pacedFetchGeneration(
				run.send,
				generationId,
				timeoutMs,
				run.turns.poll,
				deadline,
				run.clock.now,
			),
		{
			intervalMs: options.pollIntervalMs,
			maxWaitMs: options.maxWaitMs,
			requestTimeoutMs: options.requestTimeoutMs,
			untilFinal,
		},
		run.clock,
		initial,
	);
	if (!outcome.ok) {
		const { failure } = outcome;
		if (failure.kind === 'timeout')
			throw timeoutError(
				run,
				generationId,
				options.maxWaitSeconds,
				failure.lastStatus,
				failure.lastFailure,
				options.waitLimit,
			);
		if (failure.kind === 'cancelled') throw cancelledError(run, generationId);
		throw failureError(run, failure, generationId);
	}
	const generation = { ...outcome.generation };
	generation.usage ??= createUsage;
	if (generation.phase === 'completed') run.spend.completed(generation.id, generation.usage);
	const json: IDataObject = {
		...generationJson(generation, model, speech),
		elapsedSeconds: Math.round((run.clock.now() - startedAt) / 10) / 100,
		polls: outcome.polls,
	};
	if (!options.downloadVideo || generation.phase !== 'completed' || !generation.videoUrl)
		return { json };
	const video = await downloadVideo(run, options, generation.id, generation.videoUrl);
	return { json, binary: { [options.binaryPropertyName]: video } };
}
