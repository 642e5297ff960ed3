import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { CREDENTIAL_TYPE } from '../../credentials/AimlApiOmniHumanApi.credentials';
import { avatarVideoFields } from './actions/avatarVideo';
import * as create from './actions/create.operation';
import * as createAndWait from './actions/createAndWait.operation';
import * as get from './actions/get.operation';
import { optionsField, readMaxConcurrentJobs, readRunBackoffMs } from './actions/options';
import { cancelledError, errorItem, firstFailureError } from './errors';
import { NodeRun } from './nodeRun';
import { runBounded } from './pool';

const operations = { create, createAndWait, get };
type Operation = keyof typeof operations;

export class OmniHuman implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'OmniHuman',
		name: 'omniHuman',
		icon: { light: 'file:omnihuman.svg', dark: 'file:omnihuman.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ {"create": "Create", "createAndWait": "Create and Wait", "get": "Get"}[$parameter["operation"]] }}',
		description:
			'Turn a portrait and speech (a recording or a script) into a lip-synced talking-head video: ByteDance OmniHuman, Kling Avatar and VEED Fabric on AI/ML API',
		defaults: { name: 'OmniHuman' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: [create.option, createAndWait.option, get.option],
				default: 'createAndWait',
				description:
					'Create and Wait gives you the video in one step; Create and Get split it, to resume a long job later without paying twice',
			},
			...avatarVideoFields,
			...create.description,
			...createAndWait.description,
			...get.description,
			optionsField,
		],
	};

	/**
	 * Runs the chosen operation for every item, at most Max Concurrent Jobs at once. Output order and
	 * `pairedItem` follow the input. With Continue On Fail each failed item carries its own error; without
	 * it the first error stops the run (the others are woken and named if their jobs were left running).
	 */
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const node = this.getNode();
		const operation = this.getNodeParameter('operation', 0) as Operation;
		if (!Object.hasOwn(operations, operation))
			throw new NodeOperationError(node, `Operation "${String(operation)}" is not supported`);
		if (items.length === 0) return [[]];

		const credentials = await this.getCredentials(CREDENTIAL_TYPE);
		const secret = typeof credentials?.apiKey === 'string' ? credentials.apiKey : undefined;
		const executionSignal = this.getExecutionCancelSignal();
		const stopOthers = new AbortController();
		const signal = executionSignal
			? AbortSignal.any([executionSignal, stopOthers.signal])
			: stopOthers.signal;
		const run = new NodeRun(this, secret, signal, readRunBackoffMs(this));
		const continueOnFail = this.continueOnFail();
		let firstFailure: { error: unknown; itemIndex: number } | undefined;
		const runItem = async (itemIndex: number) => {
			const item = run.startItem(itemIndex);
			try {
				return await operations[operation].execute(item.run);
			} finally {
				item.release();
			}
		};
		const results = await runBounded(items.length, runItem, {
			limit: readMaxConcurrentJobs(run.itemRun(0)),
			stopOnFirstError: !continueOnFail,
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
		if (executionSignal?.aborted)
			throw cancelledError({ node, itemIndex: firstFailure?.itemIndex ?? 0, secret });
		if (!continueOnFail && firstFailure) {
			const { itemIndex } = firstFailure;
			const leftRunning = [...run.createdIds].filter(
				([index]) => index !== itemIndex && !results[index]?.ok,
			);
			throw firstFailureError({ node, itemIndex, secret }, firstFailure.error, leftRunning);
		}
		return [
			results.map((result, itemIndex) => ({
				...(result?.ok
					? result.value
					: errorItem({ node, itemIndex, secret }, result?.error ?? 'not run')),
				pairedItem: { item: itemIndex },
			})),
		];
	}
}
