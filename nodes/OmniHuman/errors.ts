import type { IDataObject, INode, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { PricedRequest } from './pricing/pricer';
import { chargeOfUsage, formatUsd } from './spend/charge';
import type { ApiFailure } from './transport/failure';
import type { Speech } from './speech/speechAnswer';

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
function finishError<T extends NodeApiError | NodeOperationError>(
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

export function failureError(
	scope: ItemScope,
	failure: ApiFailure,
	generationId?: string,
): NodeApiError {
	const message = withId(failure.message, generationId);
	const details = [
		failure.description,
		failure.network && `Network error code: ${failure.network.code}`,
	];
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
	// The service made nothing: the account's balance is the problem, not this item (see `isRefusal`).
	if (failure.outOfCredits) error.context.outOfCredits = true;
	return finishError(error, scope, message, description, generationId);
}

export function timeoutError(
	scope: ItemScope,
	generationId: string,
	maxWaitSeconds: number,
	lastStatus?: string,
	lastFailure?: string,
	limit = 'Max Wait',
): NodeOperationError {
	const after = formatSeconds(maxWaitSeconds);
	const message =
		lastStatus === undefined && lastFailure
			? `Could not read the status of generation ${generationId} within ${after} (${limit}): ${lastFailure}`
			: `Generation ${generationId} is still running after ${after} (${limit}${lastStatus ? `; last status "${lastStatus}"` : ''}${lastFailure ? `; last poll: ${lastFailure}` : ''})`;
	const description =
		'The job was not cancelled and may still finish. Do not create it again: resume with the Get operation, ' +
		`Generation ID "${generationId}" and Wait for Completion on, or raise Max Wait.`;
	const error = new NodeOperationError(scope.node, message, {
		description,
		itemIndex: scope.itemIndex,
	});
	return finishError(error, scope, message, description, generationId);
}

/** A bad parameter value: names the field and what to do, before anything is sent. */
export function inputError(
	scope: ItemScope,
	field: string,
	problem: string,
	hint?: string,
): NodeOperationError {
	const message = `${field} ${problem}`;
	const error = new NodeOperationError(scope.node, message, {
		description: hint,
		itemIndex: scope.itemIndex,
	});
	return finishError(error, scope, message, hint, undefined);
}

export function cancelledError(scope: ItemScope, generationId?: string): NodeOperationError {
	const message = withId('The execution was stopped', generationId);
	const description = generationId
		? `The job keeps running on the service: resume it with Get and Generation ID "${generationId}".`
		: undefined;
	const error = new NodeOperationError(scope.node, message, {
		description,
		itemIndex: scope.itemIndex,
	});
	return finishError(error, scope, message, description, generationId);
}

/** A script's speech came out longer than reserved, and its video no longer fits under the limit: the speech was paid. */
export function speechPaidVideoRefused(
	scope: ItemScope,
	video: PricedRequest,
	speech: Speech,
): NodeOperationError {
	const charge = chargeOfUsage(speech.usage);
	const price = video.estimate.usd === undefined ? '' : ` (${formatUsd(video.estimate.usd)})`;
	const message = `The video was not sent: priced on its speech (${video.estimate.basis}), it${price} no longer fits under Max Spend per Execution`;
	const description = `The speech synthesis was already paid${charge ? ` (${formatUsd(charge.usd)})` : ''}. Raise Max Spend per Execution, or run this item again in a new execution.`;
	const error = new NodeOperationError(scope.node, message, {
		description,
		itemIndex: scope.itemIndex,
	});
	error.context.spendLimitRefused = true;
	return finishError(error, scope, message, description, undefined);
}

export function formatSeconds(seconds: number): string {
	return `${Number(seconds.toFixed(2))} s`;
}

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
/**
 * An item that was refused before anything was sent for it (Max Spend per Execution, or the account out
 * of credits): nothing of it is lost, so it never needs to stop the items that were paid for.
 */
export function isRefusal(error: unknown): boolean {
	const context = (error as { context?: IDataObject } | undefined)?.context;
	return context?.spendLimitRefused === true || context?.outOfCredits === true;
}

export function errorItem(scope: ItemScope, error: unknown): INodeExecutionData {
	const nodeError = asNodeError(scope, error);
	const generationId = nodeError.context?.generationId;
	const json: IDataObject = {
		error: nodeError.message,
		...(typeof generationId === 'string' && { id: generationId }),
		...(isRefusal(nodeError) && { status: 'refused' }),
		itemIndex: scope.itemIndex,
	};
	if (scope.node.onError !== 'continueErrorOutput') return { json };
	// n8n keeps only the message of an item that carries `error`, but routes an item whose json is just
	// error and message (n8n 1.x and 2.x alike) to the error output merged into its input's json: a refused
	// item shows which input it was.
	if (isRefusal(nodeError))
		return {
			json: {
				error: nodeError.message,
				message:
					`Refused: input item ${scope.itemIndex} was not sent. ${nodeError.description ?? ''}`.trim(),
			},
		};
	return { json, error: nodeError as INodeExecutionData['error'] };
}

/** The first error of a run without Continue On Fail, naming the jobs other items left running. */
export function firstFailureError(
	scope: ItemScope,
	error: unknown,
	leftRunning: Array<[number, string]>,
): Error {
	const nodeError = asNodeError(scope, error);
	if (leftRunning.length > 0) {
		const list = leftRunning.map(([index, id]) => `item ${index}: ${id}`).join(', ');
		nodeError.description = `${nodeError.description ? `${nodeError.description}\n` : ''}Jobs of other items were left running; resume them with Get: ${list}`;
	}
	return nodeError;
}

/** A retried item whose earlier try sent a paid request that got no clear answer: it is not sent again. */
export function earlierOutcomeUnknown(
	scope: ItemScope,
	message: string,
	noun: string,
): NodeApiError {
	return failureError(scope, {
		kind: 'fatal',
		mayHaveReachedService: true,
		message: `An earlier try of this item may have created a ${noun}: ${message}`,
		description:
			`The paid request of an earlier try got no clear answer, so a ${noun} may exist. It was not sent again, to avoid ` +
			'paying twice: check your AI/ML API dashboard, then run the workflow again if none was made.',
	});
}
