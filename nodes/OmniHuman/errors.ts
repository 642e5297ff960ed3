import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { ApiFailure } from './transport/failure';

/** Where an error belongs: the node, the item, and the secret that must never be shown. */
export interface ItemScope {
	node: INode;
	itemIndex: number;
	secret?: string;
}

const REDACTED = '[redacted]';

export function redact(text: string, secret: string | undefined): string {
	if (!secret || secret.length < 4) return text;
	return text.split(secret).join(REDACTED);
}

function withId(message: string, generationId: string | undefined): string {
	return generationId ? `${message} [generation ${generationId}]` : message;
}

/** n8n rewrites messages that contain network codes; set ours after construction so the id stays. */
function settle<T extends NodeApiError | NodeOperationError>(
	error: T,
	scope: ItemScope,
	message: string,
	description: string | undefined,
	generationId: string | undefined,
): T {
	error.message = redact(message, scope.secret);
	error.description = description === undefined ? null : redact(description, scope.secret);
	error.context.itemIndex = scope.itemIndex;
	if (generationId) error.context.generationId = generationId;
	return error;
}

export function failureError(scope: ItemScope, failure: ApiFailure, generationId?: string): NodeApiError {
	const message = withId(failure.message, generationId);
	const details = [failure.description, failure.network && `Network error code: ${failure.network.code}`];
	if (generationId) details.push(`Generation ID: ${generationId}`);
	const description = details.filter(Boolean).join('\n') || undefined;
	const response: JsonObject = { message: redact(message, scope.secret) };
	if (failure.httpCode) response.httpCode = failure.httpCode;
	const error = new NodeApiError(scope.node, response, {
		message,
		description,
		...(failure.httpCode && { httpCode: failure.httpCode }),
		itemIndex: scope.itemIndex,
	});
	return settle(error, scope, message, description, generationId);
}

export function timeoutError(scope: ItemScope, generationId: string, maxWaitSeconds: number, lastStatus?: string, lastFailure?: string): NodeOperationError {
	const after = formatSeconds(maxWaitSeconds);
	const message =
		lastStatus === undefined && lastFailure
			? `Could not read the status of generation ${generationId} within ${after} (Max Wait): ${lastFailure}`
			: `Generation ${generationId} is still running after ${after} (Max Wait${lastStatus ? `; last status "${lastStatus}"` : ''}${lastFailure ? `; last poll: ${lastFailure}` : ''})`;
	const description =
		'The job was not cancelled and may still finish. Do not create it again: resume with the Get operation, ' +
		`Generation ID "${generationId}" and Wait for Completion on, or raise Max Wait.`;
	const error = new NodeOperationError(scope.node, message, { description, itemIndex: scope.itemIndex });
	return settle(error, scope, message, description, generationId);
}

/** A bad parameter value: names the field and what to do, before anything is sent. */
export function inputError(scope: ItemScope, field: string, problem: string, hint?: string): NodeOperationError {
	const message = `${field} ${problem}`;
	const error = new NodeOperationError(scope.node, message, { description: hint, itemIndex: scope.itemIndex });
	return settle(error, scope, message, hint, undefined);
}

export function cancelledError(scope: ItemScope, generationId?: string): NodeOperationError {
	const message = withId('The execution was stopped', generationId);
	const description = generationId ? `The job keeps running on the service: resume it with Get and Generation ID "${generationId}".` : undefined;
	const error = new NodeOperationError(scope.node, message, { description, itemIndex: scope.itemIndex });
	return settle(error, scope, message, description, generationId);
}

export function formatSeconds(seconds: number): string {
	return `${Number(seconds.toFixed(2))} s`;
}
