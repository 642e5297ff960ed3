import { cancelledError, failureError } from '../errors';
import type { Generation } from '../generation';
import { phaseOf } from '../generation';
import type { ItemJob } from '../job';
import type { JobOptions } from '../parameters';
import { createGeneration, type CreateBody } from '../transport/api';

export interface Submitted {
	generation: Generation;
	/** The job was created by an earlier try of this item (n8n's Retry On Fail): nothing was sent now. */
	resumed: boolean;
}

/**
 * Sends the paid create request once (again only after a 429) and reports the new id at once. An item
 * that n8n retries gets back the job its earlier try created, and a create whose outcome was unknown is
 * not sent again.
 */
export async function submitGeneration(job: ItemJob, body: CreateBody, options: JobOptions): Promise<Submitted> {
	const earlier = job.earlierCreate(body);
	if (earlier && 'generationId' in earlier) {
		return { generation: { id: earlier.generationId, status: earlier.status, phase: phaseOf(earlier.status) }, resumed: true };
	}
	if (earlier) {
		throw failureError(job, {
			kind: 'fatal',
			mayHaveReachedService: true,
			message: `An earlier try of this item may have created a job: ${earlier.outcomeUnknown}`,
			description:
				'The create request of an earlier try got no clear answer, so a job may exist. It was not sent again, to avoid ' +
				'paying twice: check the generations in your AI/ML API dashboard, then run the workflow again if none was made.',
		});
	}
	const now = job.pacing.now();
	const result = await createGeneration(
		job.send,
		body,
		{
			timeoutMs: options.requestTimeoutMs,
			rateLimitDeadline: now + options.maxRateLimitWaitMs,
			rateLimitBudgetSeconds: options.maxRateLimitWaitMs / 1000,
		},
		job.turns.create,
		job.pacing.now,
	);
	if (!result.ok) {
		if (result.failure.kind === 'cancelled') throw cancelledError(job);
		const error = failureError(job, result.failure);
		if (result.failure.jobMayExist) job.onCreated(body, { outcomeUnknown: error.message });
		throw error;
	}
	job.onCreated(body, { generationId: result.value.id, status: result.value.status });
	return { generation: result.value, resumed: false };
}
