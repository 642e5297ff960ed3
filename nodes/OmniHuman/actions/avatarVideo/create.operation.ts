import type { INodeProperties } from 'n8n-workflow';

import type { ItemRun } from '../../nodeRun';
import { readModel } from './fields';
import { createVideoJob } from '../../helpers/videoJob';
import { readOptions } from '../../helpers/options';
import { generationJson, type ItemOutput } from '../../helpers/waitForVideo';

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
	const model = readModel(run);
	const options = readOptions(run, model.defaultMaxWaitSeconds);
	const { generation, speech } = await createVideoJob(run, model, options);
	return { json: generationJson(generation, model.id, speech) };
}
