import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { CREDENTIAL_TYPE } from '../../../credentials/AimlApiOmniHumanApi.credentials';
import { cancelledError, errorItem, firstFailureError, isRefusal } from '../errors';
import { readMaxConcurrentJobs, readRunBackoffMs, readRunSpendLimit } from '../helpers/options';
import type { ItemOutput } from '../helpers/waitForVideo';
import { NodeRun, type ItemRun } from '../nodeRun';
import type { SendRequest } from '../transport/exchange';
import { runBounded } from '../pool';
import { reportRefusals, reportRunSpend } from '../spend/runReport';
import * as avatarVideo from './avatarVideo';
import * as lipSync from './lipSync';
import * as usage from './usage';

const resources = {
	avatarVideo: avatarVideo.operations,
	lipSync: lipSync.operations,
	usage: usage.operations,
} as const;
type Resource = keyof typeof resources;
/** Every operation runs once per item; Usage outputs one item per row it reads. */
type OperationOf = {
	execute(run: ItemRun): Promise<ItemOutput | ItemOutput[]>;
	/** After every item: what the batch adds to the items' output (Estimate Cost's total). */
	finish?(context: IExecuteFunctions, send: SendRequest, outputs: ItemOutput[]): Promise<void>;
};

function operationOf(resource: string, operation: string): OperationOf | undefined {
	if (!Object.hasOwn(resources, resource)) return undefined;
	const group = resources[resource as Resource] as Record<string, OperationOf>;
	return Object.hasOwn(group, operation) ? group[operation] : undefined;
}

/**
 * Runs the chosen operation for every item, at most Max Concurrent Jobs at once. Output order and
 * `pairedItem` follow the input. With Continue On Fail each failed item carries its own error; without
 * it the first error stops the run (the others are woken and named if their jobs were left running).
 */
export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const node = this.getNode();
	const resource = String(this.getNodeParameter('resource', 0, 'avatarVideo'));
	const operationName = String(this.getNodeParameter('operation', 0));
	const operation = operationOf(resource, operationName);
	if (!operation)
		throw new NodeOperationError(
			node,
			`Operation "${operationName}" of resource "${resource}" is not supported`,
		);
	if (items.length === 0) return [[]];

	const credentials = await this.getCredentials(CREDENTIAL_TYPE);
	const secret = typeof credentials?.apiKey === 'string' ? credentials.apiKey : undefined;
	const executionSignal = this.getExecutionCancelSignal();
	const stopOthers = new AbortController();
	const signal = executionSignal
		? AbortSignal.any([executionSignal, stopOthers.signal])
		: stopOthers.signal;
	const run = new NodeRun(this, secret, signal, readRunBackoffMs(this));
	if (resource !== 'usage') run.spendLimitUsd = readRunSpendLimit(this);
	const continueOnFail = this.continueOnFail();
	let firstFailure: { error: unknown; itemIndex: number } | undefined;
	const runItem = async (itemIndex: number) => {
		const item = run.startItem(itemIndex);
		try {
			return await operation.execute(item.run);
		} finally {
			item.release();
		}
	};
	const results = await runBounded(items.length, runItem, {
		limit: readMaxConcurrentJobs(run.itemRun(0)),
		stopOnFirstError: !continueOnFail,
		isExpected: isRefusal,
		onFirstError: (error, itemIndex) => {
			firstFailure = { error, itemIndex };
			if (!continueOnFail) stopOthers.abort();
		},
	});

	const { paid, poll } = run.pacers;
	if (paid.rateLimitedAnswers + poll.rateLimitedAnswers > 0) {
		const pace =
			paid.paceMs > 0 ? `; creates were paced at one every ${Math.round(paid.paceMs)} ms` : '';
		this.logger.info(
			`OmniHuman: the service rate limited ${paid.rateLimitedAnswers} create and ${poll.rateLimitedAnswers} status requests${pace}`,
		);
	}
	if (results.every((result) => result?.ok)) run.earlierTries.forgetRun();
	const succeeded = results.flatMap((result) => (result?.ok ? [result.value].flat() : []));
	if (operation.finish && succeeded.length > 0)
		await operation.finish(this, run.itemRun(0).send, succeeded);
	const spent = reportRunSpend(this, run);
	const withSpend = (error: unknown) => {
		if (spent && (error instanceof NodeOperationError || error instanceof NodeApiError))
			error.description = [error.description, spent].filter(Boolean).join('\n');
		return error;
	};
	if (executionSignal?.aborted)
		throw withSpend(cancelledError({ node, itemIndex: firstFailure?.itemIndex ?? 0, secret }));
	if (!continueOnFail && firstFailure) {
		const { itemIndex } = firstFailure;
		const leftRunning = [...run.createdIds].filter(
			([index]) => index !== itemIndex && !results[index]?.ok,
		);
		throw withSpend(
			firstFailureError({ node, itemIndex, secret }, firstFailure.error, leftRunning),
		);
	}
	const refused = results.flatMap((result, itemIndex) =>
		result && !result.ok && isRefusal(result.error) ? [{ itemIndex, error: result.error }] : [],
	);
	if (!continueOnFail && refused.length > 0) {
		// Nothing was sent for a refused item: the items that were paid for still reach the next node.
		if (!results.some((result) => result?.ok)) throw withSpend(refused[0].error);
		reportRefusals(this, refused);
	}
	return [
		results.flatMap((result, itemIndex) => {
			// Without Continue On Fail the only failures left here are refused items: nothing of theirs goes on.
			const outputs = result?.ok
				? [result.value].flat()
				: continueOnFail
					? [errorItem({ node, itemIndex, secret }, result?.error ?? 'not run')]
					: [];
			return outputs.map((output) => ({ ...output, pairedItem: { item: itemIndex } }));
		}),
	];
}
