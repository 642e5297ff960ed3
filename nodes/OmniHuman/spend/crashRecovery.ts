import { NodeOperationError } from 'n8n-workflow';

import { cancelledError, redact } from '../errors';
import type { ItemScope } from '../errors';
import type { SendRequest } from '../transport/exchange';
import type { PaidKind, RequestOrigin } from './clientRequestId';
import type { ApiResult } from '../transport/api';
import { logReadOptions, readUsageLogs, type UsageLogRow } from '../transport/usageLogs';
import { parseClientRequestId } from './clientRequestId';

/** How far back a retried execution looks for the jobs of the one that crashed. */
export const CRASH_LOOKBACK = '30d';
/** The longest a run spends reading the logs (the endpoint allows 200 reads a minute). */
const MAX_READ_MS = 120_000;

/** Where to find a job the logs do not show yet: said in the README and in every error here. */
export const FIND_THE_ID =
	"A job still running is not in the usage logs until it completes. Find its id in n8n's log ('OmniHuman: generation <id> created for item <n>') or in the generations of your AI/ML API dashboard, and resume it with the Get operation.";

/**
 * A retry of an execution that crashed (or whose worker died) has none of the records the crashed run
 * made: n8n saved no context for the node that was running. Before paying, each item looks in the
 * service's usage logs for a video job whose client request id names the same workflow and item, and
 * resumes it instead. The logs are read once per model for the whole run.
 */
/** What the lookup needs of an item's run. */
export interface LookupRun extends ItemScope {
	send: SendRequest;
	clock: Parameters<typeof logReadOptions>[0];
	origin(kind: PaidKind): { origin: RequestOrigin };
}

export class CrashRecovery {
	private readonly scans = new Map<string, Promise<ApiResult<UsageLogRow[]>>>();

	/** The item's job from the crashed run, if the logs list one; throws when the logs cannot be read. */
	async findJob(run: LookupRun, model: string): Promise<UsageLogRow | undefined> {
		let scan = this.scans.get(model);
		if (!scan) {
			scan = readUsageLogs(
				run.send,
				{ period: CRASH_LOOKBACK, models: [model], statuses: ['succeeded'] },
				logReadOptions(run.clock, 30_000, MAX_READ_MS),
			);
			this.scans.set(model, scan);
		}
		const result = await scan;
		if (!result.ok) {
			if (result.failure.kind === 'cancelled') throw cancelledError(run);
			this.scans.delete(model);
			throw new NodeOperationError(
				run.node,
				redact(
					`This execution retries one that stopped mid-run, and the usage logs could not be read to find this item's job: ${result.failure.message}`,
					run.secret,
				),
				{
					itemIndex: run.itemIndex,
					description: `Nothing was sent, so nothing was paid twice. ${FIND_THE_ID}`,
				},
			);
		}
		const mine = run.origin('video').origin;
		return result.value.find((row) => {
			const origin = parseClientRequestId(row.clientRequestId);
			return (
				row.inferenceId !== undefined &&
				origin?.kind === 'video' &&
				origin.workflowId === mine.workflowId &&
				origin.itemKey === mine.itemKey
			);
		});
	}
}
