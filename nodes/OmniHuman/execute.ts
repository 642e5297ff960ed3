import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { CREDENTIAL_TYPE } from '../../credentials/AimlApiOmniHumanApi.credentials';
import { OPERATIONS, type Operation } from './description';
import { cancelledError, redact, type ItemScope } from './errors';
import type { ItemJob } from './job';
import { operations } from './operations';
import { readMaxConcurrentJobs } from './parameters';
import { ItemSignals } from './itemSignals';
import { runBounded } from './pool';
import { n8nSender } from './transport/n8nSender';

interface NodeErrorLike {
	message: string;
	description?: string | null;
	context?: IDataObject;
}

function isNodeError(error: unknown): error is NodeErrorLike & Error {
	return error instanceof Error && typeof (error as { context?: unknown }).context === 'object';
}

function asNodeError(scope: ItemScope, error: unknown): NodeErrorLike & Error {
	if (isNodeError(error)) return error;
	const message = redact(error instanceof Error ? error.message : String(error), scope.secret);
	return new NodeOperationError(scope.node, message, { itemIndex: scope.itemIndex });
}

/**
 * `{ error, id? }`. With "On Error: Continue (using error output)" n8n routes an item by its `error`
 * field and then keeps only the message in `json`; the message names the generation id for that case.
 */
function errorItem(scope: ItemScope, error: unknown): INodeExecutionData {
	const nodeError = asNodeError(scope, error);
	const generationId = nodeError.context?.generationId;
	const json: IDataObject = { error: nodeError.message, ...(typeof generationId === 'string' && { id: generationId }) };
	if (scope.node.onError !== 'continueErrorOutput') return { json };
	return { json, error: nodeError as INodeExecutionData['error'] };
}

async function readSecret(context: IExecuteFunctions): Promise<string | undefined> {
	const credentials = await context.getCredentials(CREDENTIAL_TYPE);
	return typeof credentials?.apiKey === 'string' ? credentials.apiKey : undefined;
}

/**
 * Runs the chosen operation for every item, at most Max Concurrent Jobs at once. Output order and
 * `pairedItem` follow the input. With Continue On Fail each failed item carries its own error; without
 * it the first error stops the run (the others are woken and named if their jobs were left running).
 */
export async function executeOmniHuman(context: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const items = context.getInputData();
	const node = context.getNode();
	const operation = context.getNodeParameter('operation', 0) as Operation;
	if (!OPERATIONS.includes(operation)) throw new NodeOperationError(node, `Operation "${String(operation)}" is not supported`);
	if (items.length === 0) return [];

	const secret = await readSecret(context);
	const executionSignal = context.getExecutionCancelSignal();
	const stopOthers = new AbortController();
	const signal = executionSignal ? AbortSignal.any([executionSignal, stopOthers.signal]) : stopOthers.signal;
	const itemSignals = new ItemSignals(signal);
	const createdIds = new Map<number, string>();
	const jobFor = (itemIndex: number, itemSignal: AbortSignal): ItemJob => ({
		context,
		node,
		itemIndex,
		secret,
		send: n8nSender(context, itemSignal),
		pacing: { now: () => Date.now(), sleep: async (ms: number) => await sleep(ms, itemSignal) },
		onCreated: (id) => {
			createdIds.set(itemIndex, id);
			// On record outside the execution data, which a crashed process never saves.
			context.logger.info(`OmniHuman: generation ${id} created for item ${itemIndex}`, { generationId: id, itemIndex, executionId: context.getExecutionId() });
		},
	});
	const runItem = async (itemIndex: number) => {
		const lease = itemSignals.open();
		try {
			return await operations[operation](jobFor(itemIndex, lease.signal));
		} finally {
			lease.close();
		}
	};

	const continueOnFail = context.continueOnFail();
	let firstFailure: { error: unknown; itemIndex: number } | undefined;
	const results = await runBounded(items.length, runItem, {
		limit: readMaxConcurrentJobs(jobFor(0, signal)),
		stopOnFirstError: !continueOnFail,
		onFirstError: (error, itemIndex) => {
			firstFailure = { error, itemIndex };
			if (!continueOnFail) stopOthers.abort();
		},
	});

	if (executionSignal?.aborted) throw cancelledError({ node, itemIndex: firstFailure?.itemIndex ?? 0, secret });
	if (!continueOnFail && firstFailure) {
		const error = asNodeError({ node, itemIndex: firstFailure.itemIndex, secret }, firstFailure.error);
		const leftRunning = [...createdIds].filter(([index]) => index !== firstFailure?.itemIndex && !results[index]?.ok);
		if (leftRunning.length > 0) {
			const list = leftRunning.map(([index, id]) => `item ${index}: ${id}`).join(', ');
			error.description = `${error.description ? `${error.description}\n` : ''}Jobs of other items were left running; resume them with Get: ${list}`;
		}
		throw error;
	}
	return results.map((result, itemIndex) => ({
		...(result?.ok ? result.value : errorItem({ node, itemIndex, secret }, result?.error ?? 'not run')),
		pairedItem: { item: itemIndex },
	}));
}
