import type { INodeProperties } from 'n8n-workflow';

import type { ItemRun } from '../../nodeRun';
import { readModel } from './fields';
import { createVideoJob } from '../../helpers/videoJob';
import { readOptions } from '../../helpers/options';
import { waitForVideo, type ItemOutput } from '../../helpers/waitForVideo';

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
	const model = readModel(run);
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
