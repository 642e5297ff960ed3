import type { INodeProperties } from 'n8n-workflow';

import { getVideo } from '../../helpers/videoOperations';
import type { ItemOutput } from '../../helpers/waitForVideo';
import type { ItemRun } from '../../nodeRun';
import { getFields } from '../descriptions/get';

export const option = {
	name: 'Get',
	value: 'get',
	action: 'Get the status of a video job',
	description:
		'Get the status of a generation ID, optionally waiting for it: resume a run without paying for a second job',
};

export const description: INodeProperties[] = getFields(
	'avatarVideo',
	'9e730e80-40e2-4461-ba1b-1cc15df10b4f:bytedance/omnihuman',
);

/** Get: the status of a job (no new job, no cost); the model, and its default Max Wait, from the id. */
export async function execute(run: ItemRun): Promise<ItemOutput> {
	return await getVideo(run);
}
