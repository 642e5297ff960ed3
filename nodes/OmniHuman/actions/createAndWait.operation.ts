import type { ItemJob } from '../job';
import { readCreateBody, readOptions } from '../parameters';
import { submitGeneration } from './submit';
import { waitForVideo, type ItemOutput } from './waitForVideo';

/** Create and Wait: submit, then poll inside the node until the video is ready; a retried item resumes its job. */
export async function createAndWait(job: ItemJob): Promise<ItemOutput> {
	const options = readOptions(job);
	const body = await readCreateBody(job, options);
	const startedAt = job.pacing.now();
	const { generation, resumed } = await submitGeneration(job, body, options);
	return await waitForVideo(job, options, generation.id, {
		initial: resumed ? undefined : generation,
		untilFinal: true,
		startedAt,
		model: body.model,
	});
}
