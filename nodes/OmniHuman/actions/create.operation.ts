import type { ItemJob } from '../job';
import { readCreateBody, readOptions } from '../parameters';
import { submitGeneration } from './submit';
import { generationJson, type ItemOutput } from './waitForVideo';

/** Create: submit the job and output its id at once (a retried item outputs the id it already has). */
export async function create(job: ItemJob): Promise<ItemOutput> {
	const options = readOptions(job);
	const body = await readCreateBody(job, options);
	const { generation } = await submitGeneration(job, body, options);
	return { json: generationJson(generation, body.model) };
}
