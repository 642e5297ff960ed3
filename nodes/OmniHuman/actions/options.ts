import type { IDataObject, INodeProperties } from 'n8n-workflow';

import {
	checkNonNegativeNumber,
	checkPositiveNumber,
	checkWaitTiming,
	checkWholeNumber,
	checkText,
	type Checked,
} from '../checks';
import { inputError } from '../errors';
import type { ItemRun } from '../nodeRun';
import type { CreatePolicy } from '../transport/api';

/** Option defaults; the same literals stand in `optionsField` below, where n8n's lint reads them. */
export const DEFAULTS = {
	pollInterval: 10,
	maxWait: 600,
	maxConcurrentJobs: 10,
	binaryPropertyName: 'data',
	maxImageSizeMb: 10,
	maxVideoSizeMb: 1024,
	requestTimeout: 60,
	maxRateLimitWait: 3600,
	maxSpendPerExecution: 0,
} as const;

const MEGABYTE = 1024 * 1024;
const waiting = ['createAndWait', 'get'];

/**
 * An option about the wait itself applies to Create and Wait, and to Get only with Wait for Completion on.
 * displayOptions cannot say "A, or B and C", so the option is listed once per case under one name: n8n shows
 * the copy whose conditions hold, and both read and write the same value.
 */
function whileWaiting(option: INodeProperties): INodeProperties[] {
	return [
		{ ...option, displayOptions: { show: { '/operation': ['createAndWait'] } } },
		{
			...option,
			displayOptions: { show: { '/operation': ['get'], '/waitForCompletion': [true] } },
		},
	];
}

/** The Options collection, shared by the operations: each option shows where it applies. */
export const optionsField: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	displayOptions: { show: { resource: ['avatarVideo'] } },
	options: [
		{
			displayName: 'Download Video',
			name: 'downloadVideo',
			type: 'boolean',
			default: false,
			description:
				'Whether to add the finished MP4 as binary data (video links expire after about a day). Get without Wait for Completion downloads it if the job is already done.',
			displayOptions: { show: { '/operation': waiting } },
		},
		{
			displayName: 'Max Concurrent Jobs',
			name: 'maxConcurrentJobs',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 10,
			description:
				'How many items are processed at the same time. Output order stays the same as the input order.',
		},
		{
			displayName: 'Max Image Size (MB)',
			name: 'maxImageSizeMb',
			type: 'number',
			typeOptions: { minValue: 0.001, numberPrecision: 3 },
			default: 10,
			description: 'Largest binary image accepted; it is sent inline as base64',
			displayOptions: {
				show: { '/operation': ['create', 'createAndWait'], '/imageSource': ['binary'] },
			},
		},
		{
			displayName: 'Max Rate-Limit Wait (Seconds)',
			name: 'maxRateLimitWait',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 3600,
			description:
				'How long an item may wait for its turn while the service rate limits new jobs (HTTP 429). The whole batch slows down together; no item fails for a 429 before this. An item that runs out of it fails with no job created.',
			displayOptions: { show: { '/operation': ['create', 'createAndWait'] } },
		},
		{
			displayName: 'Max Spend per Execution (USD)',
			name: 'maxSpendPerExecution',
			type: 'number',
			typeOptions: { minValue: 0, numberPrecision: 2 },
			default: 0,
			description:
				'The most this execution may spend on video jobs and speech, counted over every run of this node in it (loops, AI agent tool calls, retries), as the service reports each charge. An item that could pass it fails before anything is sent. 0 = no limit.',
			displayOptions: { show: { '/operation': ['create', 'createAndWait'] } },
		},
		{
			displayName: 'Max Video Size (MB)',
			name: 'maxVideoSizeMb',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 1024,
			description:
				'Largest video downloaded with Download Video; a larger one fails the item instead of filling memory',
			displayOptions: { show: { '/operation': waiting } },
		},
		...whileWaiting({
			displayName: 'Max Wait (Seconds)',
			name: 'maxWait',
			type: 'number',
			typeOptions: { minValue: 0.01, numberPrecision: 2 },
			default: 600,
			description:
				'How long to wait for the video before failing with the generation ID (the job keeps running: resume it with Get). Can be hours. Not set, it fits the model: 600 s, 900 s for Kling Avatar Standard, 1800 s for Kling Avatar Pro.',
		}),
		...whileWaiting({
			displayName: 'Poll Interval (Seconds)',
			name: 'pollInterval',
			type: 'number',
			typeOptions: { minValue: 1, numberPrecision: 2 },
			default: 10,
			description:
				'How often to ask for the status while waiting (at least 1 s; every poll is a request). A job usually takes 2–4 minutes.',
		}),
		{
			displayName: 'Put Video in Field',
			name: 'binaryPropertyName',
			type: 'string',
			default: 'data',
			description: 'The name of the output binary field for the downloaded video',
			displayOptions: { show: { '/operation': waiting, downloadVideo: [true] } },
		},
		{
			displayName: 'Request Timeout (Seconds)',
			name: 'requestTimeout',
			type: 'number',
			typeOptions: { minValue: 0.01, numberPrecision: 2 },
			default: 60,
			description:
				'How long one request to the service may take. A poll that times out is retried; a create that times out is not (it may have made a job).',
		},
	],
};

export interface ItemOptions {
	pollIntervalMs: number;
	maxWaitMs: number;
	maxWaitSeconds: number;
	requestTimeoutMs: number;
	downloadVideo: boolean;
	binaryPropertyName: string;
	maxImageBytes: number;
	maxVideoBytes: number;
	maxRateLimitWaitMs: number;
	/** Max Spend per Execution in USD; undefined when off (0). */
	maxSpendUsd?: number;
	/** The option that bounds the wait, named in a timeout error. */
	waitLimit: 'Max Wait' | 'Request Timeout';
}

/** The value, or an error naming the field and what is wrong with it. */
export function requireValid<T>(
	run: ItemScopeLike,
	field: string,
	checked: Checked<T>,
	hint?: string,
): T {
	if (!checked.ok) throw inputError(run, field, checked.problem, hint);
	return checked.value;
}

type ItemScopeLike = Pick<ItemRun, 'node' | 'itemIndex' | 'secret'>;

function rawOptions(run: Pick<ItemRun, 'context' | 'itemIndex'>): IDataObject {
	const options = run.context.getNodeParameter('options', run.itemIndex, {});
	return typeof options === 'object' && options !== null ? (options as IDataObject) : {};
}

/**
 * The first backoff after a 429 for the whole run: the first item's Poll Interval, as each item's own
 * backoff uses. A value that is not valid falls back to the default here; it fails its items later.
 */
export function readRunBackoffMs(context: ItemRun['context']): number {
	const interval = checkPositiveNumber(
		rawOptions({ context, itemIndex: 0 }).pollInterval ?? DEFAULTS.pollInterval,
		'seconds',
	);
	return (interval.ok ? interval.value : DEFAULTS.pollInterval) * 1000;
}

/** The first item's Max Spend per Execution, for the run's summary; undefined when off or not valid. */
export function readRunSpendLimit(context: ItemRun['context']): number | undefined {
	const raw = rawOptions({ context, itemIndex: 0 }).maxSpendPerExecution;
	const limit = checkNonNegativeNumber(raw ?? DEFAULTS.maxSpendPerExecution);
	return limit.ok && limit.value > 0 ? limit.value : undefined;
}

export function readMaxConcurrentJobs(run: ItemRun): number {
	const raw = rawOptions(run).maxConcurrentJobs ?? DEFAULTS.maxConcurrentJobs;
	return requireValid(run, 'Max Concurrent Jobs', checkWholeNumber(raw, 1));
}

/** The options of one item; Max Wait defaults to what the model's jobs need (`defaultMaxWaitSeconds`). */
export function readOptions(
	run: ItemRun,
	defaultMaxWaitSeconds: number = DEFAULTS.maxWait,
): ItemOptions {
	const options = rawOptions(run);
	const timing = checkWaitTiming(
		options.pollInterval ?? DEFAULTS.pollInterval,
		options.maxWait ?? defaultMaxWaitSeconds,
	);
	if (!timing.ok) throw inputError(run, timing.field ?? 'Poll Interval', timing.problem);
	const positive = (field: string, key: keyof typeof DEFAULTS, unit: 'seconds' | 'MB') =>
		requireValid(run, field, checkPositiveNumber(options[key] ?? DEFAULTS[key], unit));
	const requestTimeout = positive('Request Timeout', 'requestTimeout', 'seconds');
	const maxImageMb = positive('Max Image Size', 'maxImageSizeMb', 'MB');
	const maxVideoMb = positive('Max Video Size', 'maxVideoSizeMb', 'MB');
	const maxRateLimitWait = positive('Max Rate-Limit Wait', 'maxRateLimitWait', 'seconds');
	const maxSpend = requireValid(
		run,
		'Max Spend per Execution',
		checkNonNegativeNumber(options.maxSpendPerExecution ?? DEFAULTS.maxSpendPerExecution),
		'Use an amount in US dollars, e.g. 25, or 0 for no limit.',
	);
	const downloadVideo = options.downloadVideo === true;
	const binaryPropertyName = downloadVideo
		? requireValid(
				run,
				'Put Video in Field',
				checkText(options.binaryPropertyName ?? DEFAULTS.binaryPropertyName),
			).trim()
		: DEFAULTS.binaryPropertyName;
	return {
		pollIntervalMs: timing.value.pollIntervalSeconds * 1000,
		maxWaitMs: timing.value.maxWaitSeconds * 1000,
		maxWaitSeconds: timing.value.maxWaitSeconds,
		requestTimeoutMs: requestTimeout * 1000,
		downloadVideo,
		binaryPropertyName,
		maxImageBytes: Math.floor(maxImageMb * MEGABYTE),
		maxVideoBytes: Math.floor(maxVideoMb * MEGABYTE),
		maxRateLimitWaitMs: maxRateLimitWait * 1000,
		...(maxSpend > 0 && { maxSpendUsd: maxSpend }),
		waitLimit: 'Max Wait',
	};
}

/** How a paid request (create, speech) of this item may wait through rate limits, from `now` on. */
export function paidRequestPolicy(
	options: ItemOptions,
	now: number,
	clientRequestId?: string,
): CreatePolicy {
	return {
		timeoutMs: options.requestTimeoutMs,
		rateLimitDeadline: now + options.maxRateLimitWaitMs,
		rateLimitBudgetSeconds: options.maxRateLimitWaitMs / 1000,
		...(clientRequestId && { clientRequestId }),
	};
}
