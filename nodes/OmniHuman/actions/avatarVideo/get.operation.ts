import type { INodeProperties } from 'n8n-workflow';

import { checkGenerationId, requireValid } from '../../checks';
import { modelOfId } from '../../generation';
import { avatarModel } from '../../models';
import type { ItemRun } from '../../nodeRun';
import { readOptions, type ItemOptions } from '../../helpers/options';
import { waitForVideo, type ItemOutput } from '../../helpers/waitForVideo';

/** First retry of a status read that met transient trouble (then doubling). */
const ONE_READ_BACKOFF_MS = 1000;

export const option = {
	name: 'Get',
	value: 'get',
	action: 'Get the status of a video job',
	description:
		'Get the status of a generation ID, optionally waiting for it: resume a run without paying for a second job',
};

export const description: INodeProperties[] = [
	{
		displayName: 'Generation ID',
		name: 'generationId',
		type: 'string',
		default: '',
		required: true,
		placeholder: '9e730e80-40e2-4461-ba1b-1cc15df10b4f:bytedance/omnihuman',
		description: 'The ID output by Create (or named in a timeout error)',
		displayOptions: { show: { operation: ['get'] } },
	},
	{
		displayName: 'Wait for Completion',
		name: 'waitForCompletion',
		type: 'boolean',
		default: false,
		description: 'Whether to keep polling until the video is ready, exactly like Create and Wait',
		displayOptions: { show: { operation: ['get'] } },
	},
];

/** Get: read the status of an existing job (no new job, no cost), optionally waiting like Create and Wait. */
export async function execute(run: ItemRun): Promise<ItemOutput> {
	const raw = run.context.getNodeParameter('generationId', run.itemIndex, '');
	const generationId = requireValid(
		run,
		'Generation ID',
		checkGenerationId(raw),
		'Use the "id" output by the Create operation, e.g. {{ $json.id }}',
	);
	const untilFinal =
		run.context.getNodeParameter('waitForCompletion', run.itemIndex, false) === true;
	const model = avatarModel(modelOfId(generationId) ?? '');
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
	return await waitForVideo(run, read, generationId, { untilFinal, startedAt: run.clock.now() });
}
