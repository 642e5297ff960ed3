import type { INodeProperties } from 'n8n-workflow';

import { readModel, submitVideoAndWait } from '../../helpers/videoOperations';
import type { ItemOutput } from '../../helpers/waitForVideo';
import type { ItemRun } from '../../nodeRun';

export const option = {
	name: 'Create and Wait',
	value: 'createAndWait',
	action: 'Create a talking head video and wait for it',
	description:
		'Submit a job and wait until the video is ready; outputs the video URL (and the video file, if asked)',
};

/** Create and Wait uses the shared video request fields (see avatarVideo.ts) and the wait options. */
export const description: INodeProperties[] = [];

/** Create and Wait: submit, then poll inside the node until the video is ready; a retried item resumes its job. */
export async function execute(run: ItemRun): Promise<ItemOutput> {
	return await submitVideoAndWait(run, readModel(run, 'avatarVideo'));
}
