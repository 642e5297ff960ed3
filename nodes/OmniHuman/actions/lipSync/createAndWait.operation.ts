import type { INodeProperties } from 'n8n-workflow';

import { readModel, submitVideoAndWait } from '../../helpers/videoOperations';
import type { ItemOutput } from '../../helpers/waitForVideo';
import type { ItemRun } from '../../nodeRun';

export const option = {
	name: 'Create and Wait',
	value: 'createAndWait',
	action: 'Re-voice a video and wait for it',
	description:
		'Submit a job and wait until the re-voiced video is ready; outputs the video URL (and the file, if asked)',
};

/** Create and Wait uses the resource's fields (see fields.ts) and the wait options. */
export const description: INodeProperties[] = [];

export async function execute(run: ItemRun): Promise<ItemOutput> {
	return await submitVideoAndWait(run, readModel(run, 'lipSync'));
}
