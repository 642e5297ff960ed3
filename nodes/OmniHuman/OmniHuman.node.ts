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
import {
	optionsField,
	readMaxConcurrentJobs,
	readRunBackoffMs,
	readRunSpendLimit,
} from './actions/options';
import * as usage from './actions/usage';
import type { ItemOutput } from './actions/waitForVideo';
import { cancelledError, errorItem, firstFailureError } from './errors';
import { NodeRun, type ItemRun } from './nodeRun';
import { runBounded } from './pool';
import { reportRunSpend } from './spend/runReport';

const resources = {
	avatarVideo: { create, createAndWait, get },
	usage: usage.operations,
} as const;
type Resource = keyof typeof resources;
/** Every operation runs once per item; Usage outputs one item per row it reads. */
type OperationOf = { execute(run: ItemRun): Promise<ItemOutput | ItemOutput[]> };

function operationOf(resource: string, operation: string): OperationOf | undefined {
	if (!Object.hasOwn(resources, resource)) return undefined;
	const group = resources[resource as Resource] as Record<string, OperationOf>;
	return Object.hasOwn(group, operation) ? group[operation] : undefined;
}

export class OmniHuman implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'OmniHuman',
		name: 'omniHuman',
		icon: { light: 'file:omnihuman.svg', dark: 'file:omnihuman.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ {"create": "Create", "createAndWait": "Create and Wait", "get": "Get", "list": "Usage"}[$parameter["operation"]] }}',
		description:
			'Turn a portrait and speech (a recording or a script) into a lip-synced talking-head video: ByteDance OmniHuman, Kling Avatar and VEED Fabric on AI/ML API',
		defaults: { name: 'OmniHuman' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Talking Avatar',
						value: 'avatarVideo',
						description: 'A portrait and speech become a lip-synced talking-head video',
					},
					{
						name: 'Usage',
						value: 'usage',
						description: 'What the API key paid for: the AI/ML API usage logs',
					},
				],
				default: 'avatarVideo',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['avatarVideo'] } },
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
			...usage.description,
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
		if (resource === 'avatarVideo') run.spendLimitUsd = readRunSpendLimit(this);
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
		reportRunSpend(this, run);
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
			results.flatMap((result, itemIndex) => {
				const outputs = result?.ok
					? [result.value].flat()
					: [errorItem({ node, itemIndex, secret }, result?.error ?? 'not run')];
				return outputs.map((output) => ({ ...output, pairedItem: { item: itemIndex } }));
			}),
		];
	}
}
