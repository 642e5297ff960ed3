import type { IBinaryData, IDataObject } from 'n8n-workflow';

import { cancelledError, failureError, timeoutError } from '../errors';
import { modelOfId, type Generation } from '../generation';
import type { ItemJob } from '../job';
import type { JobOptions } from '../parameters';
import { waitForGeneration } from '../poll';
import { pacedFetchGeneration } from '../transport/api';
import { downloadVideo } from '../video';

export interface ItemOutput {
	json: IDataObject;
	binary?: Record<string, IBinaryData>;
}

export function generationJson(generation: Generation, model?: string): IDataObject {
	return {
		id: generation.id,
		status: generation.status,
		...(generation.videoUrl && { videoUrl: generation.videoUrl }),
		model: model ?? modelOfId(generation.id) ?? null,
		...(generation.usage && { usage: { ...generation.usage } }),
	};
}

/**
 * Polls `generationId` until final (or, with `untilFinal` off, until one status is read), then adds the
 * video as binary data when asked. Every error names the generation id.
 */
export async function waitForVideo(
	job: ItemJob,
	options: JobOptions,
	generationId: string,
	{ initial, untilFinal, startedAt, model }: { initial?: Generation; untilFinal: boolean; startedAt: number; model?: string },
): Promise<ItemOutput> {
	const outcome = await waitForGeneration(
		(timeoutMs, deadline) => pacedFetchGeneration(job.send, generationId, timeoutMs, job.turns.poll, deadline, job.pacing.now),
		{ intervalMs: options.pollIntervalMs, maxWaitMs: options.maxWaitMs, requestTimeoutMs: options.requestTimeoutMs, untilFinal },
		job.pacing,
		initial,
	);
	if (!outcome.ok) {
		const { failure } = outcome;
		if (failure.kind === 'timeout') throw timeoutError(job, generationId, options.maxWaitSeconds, failure.lastStatus, failure.lastFailure);
		if (failure.kind === 'cancelled') throw cancelledError(job, generationId);
		throw failureError(job, failure, generationId);
	}
	const { generation } = outcome;
	const json: IDataObject = {
		...generationJson(generation, model),
		elapsedSeconds: Math.round((job.pacing.now() - startedAt) / 10) / 100,
		polls: outcome.polls,
	};
	if (!options.downloadVideo || generation.phase !== 'completed' || !generation.videoUrl) return { json };
	const video = await downloadVideo(job, options, generation.id, generation.videoUrl);
	return { json, binary: { [options.binaryPropertyName]: video } };
}
