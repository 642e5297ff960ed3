import { createHash } from 'crypto';
import type { IExecuteFunctions } from 'n8n-workflow';

/** What a paid request makes; the letter in its client request id. */
export type PaidKind = 'video' | 'speech';

const KIND_LETTER: Record<PaidKind, string> = { video: 'v', speech: 's' };

/** The service keeps an `X-Client-Request-Id` only when it is 1–128 of these; any other is dropped silently. */
export const CLIENT_REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

const PREFIX = 'omh1';
const PARSE =
	/^omh1:([A-Za-z0-9._-]{0,40}):([A-Za-z0-9._-]{0,32}):(\d{1,9})-(\d{1,9}):([vs]):([A-Za-z0-9_-]{16})$/;

/** Who made a paid request, read back from its client request id. */
export interface RequestOrigin {
	workflowId: string;
	executionId: string;
	runIndex: number;
	itemIndex: number;
	kind: PaidKind;
	/** Stays the same for "the same item" across executions: how a retry recognises its own job. */
	itemKey: string;
}

function safePart(value: unknown, length: number): string {
	return String(value ?? '')
		.replace(/[^A-Za-z0-9._-]/g, '')
		.slice(0, length);
}

/**
 * `omh1:<workflow>:<execution>:<run>-<item>:<v|s>:<item key>`, within the service's rule. The item key
 * hashes the workflow, the node (name and parameters but its options), the run index, the item's position
 * and its input, but not the execution: a retried execution finds the jobs its crashed predecessor made.
 */
export function buildClientRequestId(origin: RequestOrigin): string {
	return [
		PREFIX,
		safePart(origin.workflowId, 40),
		safePart(origin.executionId, 32),
		`${origin.runIndex}-${origin.itemIndex}`,
		KIND_LETTER[origin.kind],
		origin.itemKey,
	].join(':');
}

/** The origin of an id this node made, or undefined for any other id (another tool, a person). */
export function parseClientRequestId(id: unknown): RequestOrigin | undefined {
	if (typeof id !== 'string') return undefined;
	const match = PARSE.exec(id);
	if (!match) return undefined;
	const [, workflowId, executionId, runIndex, itemIndex, letter, itemKey] = match;
	return {
		workflowId,
		executionId,
		runIndex: Number(runIndex),
		itemIndex: Number(itemIndex),
		kind: letter === 'v' ? 'video' : 'speech',
		itemKey,
	};
}

/** The parts of a client request id that come from the execution (all but the kind). */
export function requestOrigins(
	context: IExecuteFunctions,
	runIndex: number,
): (itemIndex: number, kind: PaidKind) => RequestOrigin {
	const node = context.getNode();
	const workflowId = safePart(context.getWorkflow().id, 40);
	const executionId = safePart(context.getExecutionId(), 32);
	// The options (waits, downloads, limits) do not change what a request makes: a retry may change them.
	const requestParameters = { ...node.parameters };
	delete requestParameters.options;
	const nodeKey = JSON.stringify([workflowId, node.name, requestParameters, runIndex]);
	const keys = new Map<number, string>();
	return (itemIndex, kind) => {
		let itemKey = keys.get(itemIndex);
		if (itemKey === undefined) {
			const input = context.getInputData()[itemIndex]?.json ?? {};
			itemKey = createHash('sha256')
				.update(`${nodeKey}${JSON.stringify([itemIndex, input])}`)
				.digest('base64url')
				.slice(0, 16);
			keys.set(itemIndex, itemKey);
		}
		return { workflowId, executionId, runIndex, itemIndex, kind, itemKey };
	};
}
