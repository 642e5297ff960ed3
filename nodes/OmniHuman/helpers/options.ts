import type { IDataObject } from 'n8n-workflow';

import {
	checkNonNegativeNumber,
	checkPositiveNumber,
	checkWaitTiming,
	checkWholeNumber,
	checkText,
	requireValid,
} from '../checks';
import { inputError } from '../errors';
import type { ItemRun } from '../nodeRun';

/** Option defaults; the same literals stand in `optionsField` (actions/descriptions/options.ts), where n8n's lint reads them. */
export const DEFAULTS = {
	pollInterval: 10,
	maxWait: 600,
	maxConcurrentJobs: 10,
	binaryPropertyName: 'data',
	maxImageSizeMb: 10,
	maxInputVideoSizeMb: 100,
	maxVideoSizeMb: 1024,
	requestTimeout: 60,
	maxRateLimitWait: 3600,
	maxSpendPerExecution: 0,
} as const;

const MEGABYTE = 1024 * 1024;
export interface ItemOptions {
	pollIntervalMs: number;
	maxWaitMs: number;
	maxWaitSeconds: number;
	requestTimeoutMs: number;
	downloadVideo: boolean;
	binaryPropertyName: string;
	maxImageBytes: number;
	maxInputVideoBytes: number;
	maxVideoBytes: number;
	maxRateLimitWaitMs: number;
	/** Max Spend per Execution in USD; undefined when off (0). */
	maxSpendUsd?: number;
	/** The option that bounds the wait, named in a timeout error. */
	waitLimit: 'Max Wait' | 'Request Timeout';
}

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
	const maxInputVideoMb = positive('Max Input Video Size', 'maxInputVideoSizeMb', 'MB');
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
		maxInputVideoBytes: Math.floor(maxInputVideoMb * MEGABYTE),
		maxVideoBytes: Math.floor(maxVideoMb * MEGABYTE),
		maxRateLimitWaitMs: maxRateLimitWait * 1000,
		...(maxSpend > 0 && { maxSpendUsd: maxSpend }),
		waitLimit: 'Max Wait',
	};
}
