import { createHash } from 'crypto';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { GenerationUsage } from './generation';

/** What an earlier try of the same item left: a video job, a speech synthesis, or a paid request whose outcome is unknown. */
export type EarlierTry =
	| { kind: 'generation'; generationId: string; status: string; usage?: GenerationUsage }
	| { kind: 'speech'; audioUrl: string; usage?: GenerationUsage }
	| { kind: 'unknown'; message: string };

const CONTEXT_KEY = 'omniHumanEarlierTries';

/**
 * The paid requests this node made in this execution (video jobs, speech syntheses), kept in n8n's
 * per-node execution context. That context survives n8n's own retries: Retry On Fail calls `execute()`
 * again with the same input in the same execution, and a retry from the Executions list starts from the
 * saved execution data. A retried item finds what it paid for here and resumes it instead of paying again.
 *
 * "The same item" is the node's run index (one per pass of the node, so a loop that sends new items through
 * it makes new jobs), the item's position, its input JSON and the request it would send.
 */
export class EarlierTries {
	private readonly records: Record<string, EarlierTry>;

	readonly runIndex: number;

	constructor(private readonly context: IExecuteFunctions) {
		const nodeContext = context.getContext('node') as IDataObject;
		const byRun = (nodeContext[CONTEXT_KEY] ??= {}) as Record<string, Record<string, EarlierTry>>;
		this.runIndex = runIndexOf(context);
		this.records = byRun[this.runIndex] ??= {};
	}

	keyOf(itemIndex: number, request: object): string {
		const input = this.context.getInputData()[itemIndex].json;
		return createHash('sha256')
			.update(JSON.stringify([this.runIndex, itemIndex, input, request]))
			.digest('base64url');
	}

	find(key: string): EarlierTry | undefined {
		return this.records[key];
	}

	remember(key: string, record: EarlierTry) {
		this.records[key] = record;
	}

	/** Once every item of this run succeeded nothing will retry it: keep the execution data small. */
	forgetRun() {
		const byRun = (this.context.getContext('node') as IDataObject)[CONTEXT_KEY] as
			| Record<string, unknown>
			| undefined;
		if (byRun) delete byRun[this.runIndex];
	}
}

function runIndexOf(context: IExecuteFunctions): number {
	const runIndex = context.getWorkflowDataProxy(0).$runIndex;
	return typeof runIndex === 'number' ? runIndex : 0;
}
