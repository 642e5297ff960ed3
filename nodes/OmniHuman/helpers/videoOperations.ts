import { checkGenerationId, checkText, requireValid } from '../checks';
import { inputError } from '../errors';
import { modelOfId } from '../generation';
import { VIDEO_MODELS, videoModel, type VideoModel } from '../models';
import type { ItemRun } from '../nodeRun';
import { readOptions, type ItemOptions } from './options';
import { createVideoJob } from './videoJob';
import { generationJson, waitForVideo, type ItemOutput } from './waitForVideo';

/** First retry of a status read that met transient trouble (then doubling). */
const ONE_READ_BACKOFF_MS = 1000;

/**
 * The chosen model of a resource, checked (Create and Create and Wait read it before their options: Max
 * Wait depends on it).
 */
export function readModel(run: ItemRun, resource: VideoModel['resource']): VideoModel {
	const offered = VIDEO_MODELS.filter((model) => model.resource === resource);
	const id = requireValid(
		run,
		'Model',
		checkText(run.context.getNodeParameter('model', run.itemIndex, offered[0].id)),
	);
	const model = offered.find((each) => each.id === id);
	if (!model)
		throw inputError(
			run,
			'Model',
			`"${id}" is not a model of this resource`,
			`Choose one of: ${offered.map((each) => each.id).join(', ')}`,
		);
	return model;
}

/** Create: submit the job and output its id at once (a retried item outputs the id it already has). */
export async function submitVideo(run: ItemRun, model: VideoModel): Promise<ItemOutput> {
	const options = readOptions(run, model.defaultMaxWaitSeconds);
	const { generation, speech } = await createVideoJob(run, model, options);
	return { json: generationJson(generation, model.id, speech) };
}

/** Create and Wait: submit, then poll inside the node until the video is ready; a retried item resumes its job. */
export async function submitVideoAndWait(run: ItemRun, model: VideoModel): Promise<ItemOutput> {
	const options = readOptions(run, model.defaultMaxWaitSeconds);
	const startedAt = run.clock.now();
	const { generation, resumed, speech } = await createVideoJob(run, model, options);
	return await waitForVideo(run, options, generation.id, {
		initial: resumed ? undefined : generation,
		createUsage: generation.usage,
		untilFinal: true,
		startedAt,
		model: model.id,
		speech,
	});
}

/**
 * Get: read the status of an existing job (no new job, no cost), optionally waiting like Create and Wait.
 * The model (its default Max Wait, the output's `model`) comes from the id where the id names it
 * (`<uuid>:<model>`), else from `fallback` (a resource whose ids are short random strings).
 */
export async function getVideo(run: ItemRun, fallback?: VideoModel): Promise<ItemOutput> {
	const raw = run.context.getNodeParameter('generationId', run.itemIndex, '');
	const generationId = requireValid(
		run,
		'Generation ID',
		checkGenerationId(raw),
		'Use the "id" output by the Create operation, e.g. {{ $json.id }}',
	);
	const untilFinal =
		run.context.getNodeParameter('waitForCompletion', run.itemIndex, false) === true;
	const model = videoModel(modelOfId(generationId) ?? '') ?? fallback;
	const options = readOptions(run, model?.defaultMaxWaitSeconds);
	// Without waiting, the one status read is one request to the caller: transient trouble is retried
	// quickly, within Request Timeout (Poll Interval and Max Wait are hidden then, and n8n drops their values).
	const read: ItemOptions = untilFinal
		? options
		: {
				...options,
				pollIntervalMs: ONE_READ_BACKOFF_MS,
				maxWaitMs: options.requestTimeoutMs,
				maxWaitSeconds: options.requestTimeoutMs / 1000,
				waitLimit: 'Request Timeout',
			};
	return await waitForVideo(run, read, generationId, {
		untilFinal,
		startedAt: run.clock.now(),
		...(model && { model: model.id }),
	});
}
