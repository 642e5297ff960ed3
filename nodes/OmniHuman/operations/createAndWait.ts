import type { ItemJob } from '../job';
import { readCreateBody, readOptions } from '../parameters';
import { submitGeneration } from './submit';
import { waitForVideo, type ItemOutput } from './waitForVideo';

/** Create and Wait: submit, then poll inside the node until the video is ready. */
export async function createAndWait(job: ItemJob): Promise<ItemOutput> {
	const options = readOptions(job);
	const body = await readCreateBody(job, options);
	const startedAt = job.pacing.now();
	const generation = await submitGeneration(job, body, options);
	return await waitForVideo(job, options, generation.id, { initial: generation, untilFinal: true, startedAt, model: body.model });
}
