import { createHash } from 'crypto';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

/** What an earlier try of the same item left: the job it created, or a create whose outcome is unknown. */
export type EarlierCreate = { generationId: string; status: string } | { outcomeUnknown: string };

const CONTEXT_KEY = 'omniHumanCreatedGenerations';

/**
 * The generations this node created in this execution, kept in n8n's per-node execution context. That
 * context survives n8n's own retries: Retry On Fail calls `execute()` again with the same input in the same
 * execution, and a retry from the Executions list starts from the saved execution data. A retried item
 * finds its job here and resumes it instead of paying for another.
 *
 * "The same item" is the node's run index (one per pass of the node, so a loop that sends new items through
 * it makes new jobs), the item's position, its input JSON and the request it would send.
 */
export class CreatedGenerations {
	private readonly records: Record<string, EarlierCreate>;

	private readonly runIndex: number;

	constructor(private readonly context: IExecuteFunctions) {
		const nodeContext = context.getContext('node') as IDataObject;
		const byRun = (nodeContext[CONTEXT_KEY] ??= {}) as Record<string, Record<string, EarlierCreate>>;
		this.runIndex = runIndexOf(context);
		this.records = byRun[this.runIndex] ??= {};
	}

	keyOf(itemIndex: number, request: object): string {
		const input = this.context.getInputData()[itemIndex]?.json ?? {};
		return createHash('sha256').update(JSON.stringify([this.runIndex, itemIndex, input, request])).digest('base64url');
	}

	find(key: string): EarlierCreate | undefined {
		return this.records[key];
	}

	remember(key: string, record: EarlierCreate) {
		this.records[key] = record;
	}

	/** Once every item of this run succeeded nothing will retry it: keep the execution data small. */
	forgetRun() {
		const byRun = (this.context.getContext('node') as IDataObject)[CONTEXT_KEY] as Record<string, unknown> | undefined;
		if (byRun) delete byRun[this.runIndex];
	}
}

function runIndexOf(context: IExecuteFunctions): number {
	const runIndex = context.getWorkflowDataProxy(0).$runIndex;
	return typeof runIndex === 'number' ? runIndex : 0;
}
