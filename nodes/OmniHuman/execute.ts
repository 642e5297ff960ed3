import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { CREDENTIAL_TYPE } from '../../credentials/AimlApiOmniHumanApi.credentials';
import { OPERATIONS, type Operation } from './description';
import { cancelledError } from './errors';
import { errorItem, firstFailureError } from './itemOutput';
import { ItemRunner } from './itemRunner';
import { readMaxConcurrentJobs } from './parameters';
import { runBounded } from './pool';

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
	const runner = new ItemRunner(context, operation, secret, signal);
	const continueOnFail = context.continueOnFail();
	let firstFailure: { error: unknown; itemIndex: number } | undefined;
	const results = await runBounded(items.length, runner.run, {
		limit: readMaxConcurrentJobs(runner.jobFor(0)),
		stopOnFirstError: !continueOnFail,
		onFirstError: (error, itemIndex) => {
			firstFailure = { error, itemIndex };
			if (!continueOnFail) stopOthers.abort();
		},
	});

	const { create, poll } = runner.pacers;
	if (create.rateLimitedAnswers + poll.rateLimitedAnswers > 0) {
		const pace = create.paceMs > 0 ? `; creates were paced at one every ${Math.round(create.paceMs)} ms` : '';
		context.logger.info(
			`OmniHuman: the service rate limited ${create.rateLimitedAnswers} create and ${poll.rateLimitedAnswers} status requests${pace}`,
		);
	}
	if (results.every((result) => result?.ok)) runner.created.forgetRun();
	if (executionSignal?.aborted) throw cancelledError({ node, itemIndex: firstFailure?.itemIndex ?? 0, secret });
	if (!continueOnFail && firstFailure) {
		const { itemIndex } = firstFailure;
		const leftRunning = [...runner.createdIds].filter(([index]) => index !== itemIndex && !results[index]?.ok);
		throw firstFailureError({ node, itemIndex, secret }, firstFailure.error, leftRunning);
	}
	return results.map((result, itemIndex) => ({
		...(result?.ok ? result.value : errorItem({ node, itemIndex, secret }, result?.error ?? 'not run')),
		pairedItem: { item: itemIndex },
	}));
}
