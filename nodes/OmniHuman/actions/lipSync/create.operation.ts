import type { INodeProperties } from 'n8n-workflow';

import { readModel, submitVideo } from '../../helpers/videoOperations';
import type { ItemOutput } from '../../helpers/waitForVideo';
import type { ItemRun } from '../../nodeRun';

export const option = {
	name: 'Create',
	value: 'create',
	action: 'Create a lip sync job',
	description: 'Submit a job and output its generation ID at once, without waiting for the video',
};

/** Create uses the resource's fields (see fields.ts) and no fields of its own. */
export const description: INodeProperties[] = [];

export async function execute(run: ItemRun): Promise<ItemOutput> {
	return await submitVideo(run, readModel(run, 'lipSync'));
}
