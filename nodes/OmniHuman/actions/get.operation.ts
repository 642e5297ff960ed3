import type { ItemJob } from '../job';
import { readGenerationId, readOptions } from '../parameters';
import { waitForVideo, type ItemOutput } from './waitForVideo';

/** Get: read the status of an existing job (no new job, no cost), optionally waiting like Create and Wait. */
export async function get(job: ItemJob): Promise<ItemOutput> {
	const options = readOptions(job);
	const generationId = readGenerationId(job);
	const untilFinal = job.context.getNodeParameter('waitForCompletion', job.itemIndex, false) === true;
	return await waitForVideo(job, options, generationId, { untilFinal, startedAt: job.pacing.now() });
}
