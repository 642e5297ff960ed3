import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { preview } from '../../checks';
import { cancelledError, failureError, inputError } from '../../errors';
import type { ItemRun } from '../../nodeRun';
import { parseClientRequestId } from '../../spend/clientRequestId';
import { logReadOptions, readUsageLogs, type UsageLogQuery } from '../../transport/usageLogs';
import { DEFAULTS } from '../../helpers/options';
import type { ItemOutput } from '../../helpers/waitForVideo';
import { outputsOf, type Output } from '../../helpers/usageOutput';
import { readPeriod } from '../../helpers/usagePeriod';

/**
 * The longest one item reads the logs, 429 waits included; each request may take the default Request
 * Timeout (the Options collection is not shown for Usage). The endpoint allows 200 reads a minute, so
 * this outlasts a full rate-limit window.
 */
export const MAX_READ_MS = 120_000;
/** The service's limit on repeated `model` parameters. */
export const MAX_MODELS = 50;
const STATUSES = ['succeeded', 'failed'] as const;
type Status = (typeof STATUSES)[number];

export const option = {
	name: 'List',
	value: 'list',
	action: 'List paid requests',
	description:
		'List what the API key paid for (every model, like the AI/ML API dashboard), or its totals by model',
};

const show = { resource: ['usage'], operation: ['list'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Period',
		name: 'period',
		type: 'options',
		options: [
			{ name: 'Last 24 Hours', value: '24h' },
			{ name: 'Last 7 Days', value: '7d' },
			{ name: 'Last 30 Days', value: '30d' },
			{ name: 'Custom', value: 'custom', description: 'From Start to End, at most 92 days' },
		],
		default: '24h',
		description:
			'When the requests were made. Every page of it is read (100 rows a request), for at most 2 minutes.',
		displayOptions: { show },
	},
	{
		displayName: 'Start',
		name: 'periodStart',
		type: 'dateTime',
		default: '',
		description:
			"The first moment to include, in the workflow's time zone unless it has an offset (e.g. 2026-07-01T00:00:00Z)",
		displayOptions: { show: { ...show, period: ['custom'] } },
	},
	{
		displayName: 'End',
		name: 'periodEnd',
		type: 'dateTime',
		default: '',
		description: 'The last moment to include: not before Start, at most 92 days after it',
		displayOptions: { show: { ...show, period: ['custom'] } },
	},
	{
		displayName: 'Output',
		name: 'output',
		type: 'options',
		options: [
			{
				name: 'Rows',
				value: 'rows',
				description: 'One item per request, newest first (failed requests cost nothing)',
			},
			{
				name: 'Totals by Model',
				value: 'totalsByModel',
				description:
					'One item per model: requests, succeeded, failed, USD and credits (none when nothing was used)',
			},
			{
				name: 'Total',
				value: 'total',
				description:
					'One item with the sums over all models and their totals by model, also when nothing was used (for a budget check)',
			},
		],
		default: 'rows',
		displayOptions: { show },
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Made by This Workflow',
				name: 'madeByThisWorkflow',
				type: 'boolean',
				default: false,
				description:
					"Whether to keep only the requests this node made in this workflow, by their client request ID. The service cannot filter by it: the period's every row is still read.",
			},
			{
				displayName: 'Models',
				name: 'models',
				type: 'string',
				default: '',
				placeholder: 'bytedance/omnihuman, openai/tts-1',
				description:
					'Exact model IDs, separated by commas (at most 50). Empty: every model of the key.',
			},
			{
				displayName: 'Status',
				name: 'statuses',
				type: 'multiOptions',
				options: [
					{ name: 'Succeeded', value: 'succeeded' },
					{ name: 'Failed', value: 'failed' },
				],
				default: [],
				description: 'Only requests that ended this way. None chosen: both.',
			},
		],
	},
];

interface ListRequest {
	query: UsageLogQuery;
	output: Output;
	/** The workflow part of the client request ids this node makes here, when only those are wanted. */
	workflowId?: string;
}

function filtersOf(run: ItemRun): IDataObject {
	const raw = run.context.getNodeParameter('filters', run.itemIndex, {});
	return typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as IDataObject) : {};
}

/** A list from a multi-value field or an expression: a list, or text separated by commas or lines. */
function entriesOf(run: ItemRun, field: string, raw: unknown): string[] {
	if (raw === undefined || raw === null) return [];
	const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(/[,\n]/) : [raw];
	const entries = list.map((entry) => {
		if (typeof entry !== 'string')
			throw inputError(run, field, `must be text, but it holds ${JSON.stringify(entry)}`);
		return entry.trim();
	});
	return [...new Set(entries.filter((entry) => entry !== ''))];
}

function readModels(run: ItemRun, raw: unknown): string[] {
	const models = entriesOf(run, 'Models', raw);
	const spaced = models.find((model) => /\s/.test(model));
	if (spaced)
		throw inputError(
			run,
			'Models',
			`holds "${preview(spaced)}", which is not one model ID`,
			'Separate model IDs with commas, e.g. bytedance/omnihuman, openai/tts-1',
		);
	if (models.length > MAX_MODELS)
		throw inputError(
			run,
			'Models',
			`lists ${models.length} model IDs; the usage logs take at most ${MAX_MODELS}`,
			'Leave Models empty to list every model, or split them over several nodes.',
		);
	return models;
}

function readStatuses(run: ItemRun, raw: unknown): Status[] {
	const statuses = entriesOf(run, 'Status', raw).map((status) => status.toLowerCase());
	const unknown = statuses.find((status) => !(STATUSES as readonly string[]).includes(status));
	if (unknown !== undefined)
		throw inputError(run, 'Status', `must be Succeeded or Failed (got "${preview(unknown)}")`);
	return statuses as Status[];
}

function readOutput(run: ItemRun): Output {
	const raw = run.context.getNodeParameter('output', run.itemIndex, 'rows');
	if (raw === 'rows' || raw === 'totalsByModel' || raw === 'total') return raw;
	throw inputError(
		run,
		'Output',
		`must be Rows, Totals by Model or Total (got ${JSON.stringify(raw)})`,
	);
}

/** Every field, checked before the first request. */
function readRequest(run: ItemRun): ListRequest {
	const window = readPeriod(run);
	const filters = filtersOf(run);
	const models = readModels(run, filters.models);
	const statuses = readStatuses(run, filters.statuses);
	const output = readOutput(run);
	const query: UsageLogQuery = {
		...window,
		...(models.length > 0 && { models }),
		...(statuses.length > 0 && { statuses }),
	};
	if (filters.madeByThisWorkflow !== true) return { query, output };
	// The workflow part exactly as this node writes it into the ids it sends.
	const { workflowId } = run.origin('video').origin;
	return { query, output, workflowId };
}

/** List: reads every page of the period's usage logs, then outputs rows or totals. */
export async function execute(run: ItemRun): Promise<ItemOutput[]> {
	const request = readRequest(run);
	const read = await readUsageLogs(
		run.send,
		request.query,
		logReadOptions(run.clock, DEFAULTS.requestTimeout * 1000, MAX_READ_MS),
	);
	if (!read.ok) {
		if (read.failure.kind === 'cancelled') throw cancelledError(run);
		throw failureError(run, read.failure);
	}
	const { workflowId } = request;
	const rows =
		workflowId === undefined
			? read.value
			: read.value.filter(
					(row) => parseClientRequestId(row.clientRequestId)?.workflowId === workflowId,
				);
	return outputsOf(rows, request.output);
}
