import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { redact, type ItemScope } from './errors';

interface NodeErrorLike {
	message: string;
	description?: string | null;
	context?: IDataObject;
}

function isNodeError(error: unknown): error is NodeErrorLike & Error {
	return error instanceof Error && typeof (error as { context?: unknown }).context === 'object';
}

/** The error as n8n shows it: our own NodeApiError/NodeOperationError, or anything else wrapped (key removed). */
export function asNodeError(scope: ItemScope, error: unknown): NodeErrorLike & Error {
	if (isNodeError(error)) return error;
	const message = redact(error instanceof Error ? error.message : String(error), scope.secret);
	return new NodeOperationError(scope.node, message, { itemIndex: scope.itemIndex });
}

/**
 * `{ error, id? }`. With "On Error: Continue (using error output)" n8n routes an item by its `error`
 * field and then keeps only the message in `json`; the message names the generation id for that case.
 */
export function errorItem(scope: ItemScope, error: unknown): INodeExecutionData {
	const nodeError = asNodeError(scope, error);
	const generationId = nodeError.context?.generationId;
	const json: IDataObject = { error: nodeError.message, ...(typeof generationId === 'string' && { id: generationId }) };
	if (scope.node.onError !== 'continueErrorOutput') return { json };
	return { json, error: nodeError as INodeExecutionData['error'] };
}

/** The first error of a run without Continue On Fail, naming the jobs other items left running. */
export function firstFailureError(scope: ItemScope, error: unknown, leftRunning: Array<[number, string]>): Error {
	const nodeError = asNodeError(scope, error);
	if (leftRunning.length > 0) {
		const list = leftRunning.map(([index, id]) => `item ${index}: ${id}`).join(', ');
		nodeError.description = `${nodeError.description ? `${nodeError.description}\n` : ''}Jobs of other items were left running; resume them with Get: ${list}`;
	}
	return nodeError;
}
