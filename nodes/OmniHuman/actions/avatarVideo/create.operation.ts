import type { INodeProperties } from 'n8n-workflow';

import { readModel, submitVideo } from '../../helpers/videoOperations';
import type { ItemOutput } from '../../helpers/waitForVideo';
import type { ItemRun } from '../../nodeRun';

export const option = {
	name: 'Create',
	value: 'create',
	action: 'Create a talking head video job',
	description: 'Submit a job and output its generation ID at once, without waiting for the video',
};

/** Create uses the shared video request fields (see avatarVideo.ts) and no fields of its own. */
export const description: INodeProperties[] = [];

/** Create: submit the job and output its id at once (a retried item outputs the id it already has). */
export async function execute(run: ItemRun): Promise<ItemOutput> {
	return await submitVideo(run, readModel(run, 'avatarVideo'));
}
