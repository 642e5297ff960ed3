import { cancelledError, failureError } from '../errors';
import type { Generation } from '../generation';
import type { ItemJob } from '../job';
import type { JobOptions } from '../parameters';
import { createGeneration, type CreateBody } from '../transport/api';

const CREATE_ATTEMPTS = 5;
const MAX_CREATE_BACKOFF_MS = 60_000;

/** Sends the paid create request once (again only after a 429) and reports the new id at once. */
export async function submitGeneration(job: ItemJob, body: CreateBody, options: JobOptions): Promise<Generation> {
	const result = await createGeneration(
		job.send,
		body,
		{
			timeoutMs: options.requestTimeoutMs,
			maxAttempts: CREATE_ATTEMPTS,
			backoffBaseMs: options.pollIntervalMs,
			maxBackoffMs: Math.max(options.pollIntervalMs, MAX_CREATE_BACKOFF_MS),
		},
		job.pacing,
	);
	if (!result.ok) {
		if (result.failure.kind === 'cancelled') throw cancelledError(job);
		throw failureError(job, result.failure);
	}
	job.onCreated(result.value.id);
	return result.value;
}
