import type { INodeProperties } from 'n8n-workflow';

import { checkGenerationId } from '../checks';
import { modelOfId } from '../generation';
import { avatarModel } from '../models';
import type { ItemRun } from '../nodeRun';
import { readOptions, requireValid } from './options';
import { waitForVideo, type ItemOutput } from './waitForVideo';

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
	const options = readOptions(
		run,
		avatarModel(modelOfId(generationId) ?? '')?.defaultMaxWaitSeconds,
	);
	const untilFinal =
		run.context.getNodeParameter('waitForCompletion', run.itemIndex, false) === true;
	return await waitForVideo(run, options, generationId, { untilFinal, startedAt: run.clock.now() });
}
