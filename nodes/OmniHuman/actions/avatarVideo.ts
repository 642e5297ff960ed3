import type { IDataObject } from 'n8n-workflow';

import { DEFAULTS, MODELS } from './description';
import { inputError } from './errors';
import {
	checkGenerationId,
	checkHttpUrl,
	checkImageReference,
	checkPositiveSeconds,
	checkText,
	checkWaitTiming,
	checkWholeNumber,
	sniffImageType,
	type Checked,
} from './input';
import type { ItemJob } from './job';
import type { CreateBody } from './transport/api';

const MEGABYTE = 1024 * 1024;

export interface JobOptions {
	pollIntervalMs: number;
	maxWaitMs: number;
	maxWaitSeconds: number;
	requestTimeoutMs: number;
	downloadVideo: boolean;
	binaryPropertyName: string;
	maxImageBytes: number;
	maxVideoBytes: number;
	maxRateLimitWaitMs: number;
}

function valueOf<T>(job: ItemJob, field: string, checked: Checked<T>, hint?: string): T {
	if (!checked.ok) throw inputError(job, field, checked.problem, hint);
	return checked.value;
}

function rawOptions(job: Pick<ItemJob, 'context' | 'itemIndex'>): IDataObject {
	const options = job.context.getNodeParameter('options', job.itemIndex, {});
	return typeof options === 'object' && options !== null ? (options as IDataObject) : {};
}

/**
 * The first backoff after a 429 for the whole run: the first item's Poll Interval, as each item's own
 * backoff uses. A value that is not valid falls back to the default here; it fails its items later.
 */
export function readRunBackoffMs(context: ItemJob['context']): number {
	const interval = checkPositiveSeconds(rawOptions({ context, itemIndex: 0 }).pollInterval ?? DEFAULTS.pollInterval);
	return (interval.ok ? interval.value : DEFAULTS.pollInterval) * 1000;
}

export function readMaxConcurrentJobs(job: ItemJob): number {
	const raw = rawOptions(job).maxConcurrentJobs ?? DEFAULTS.maxConcurrentJobs;
	return valueOf(job, 'Max Concurrent Jobs', checkWholeNumber(raw, 1));
}

export function readOptions(job: ItemJob): JobOptions {
	const options = rawOptions(job);
	const timing = checkWaitTiming(options.pollInterval ?? DEFAULTS.pollInterval, options.maxWait ?? DEFAULTS.maxWait);
	if (!timing.ok) throw inputError(job, timing.field ?? 'Poll Interval', timing.problem);
	const requestTimeout = valueOf(job, 'Request Timeout', checkPositiveSeconds(options.requestTimeout ?? DEFAULTS.requestTimeout));
	const maxImageMb = valueOf(job, 'Max Image Size', checkPositiveSeconds(options.maxImageSizeMb ?? DEFAULTS.maxImageSizeMb));
	const maxVideoMb = valueOf(job, 'Max Video Size', checkPositiveSeconds(options.maxVideoSizeMb ?? DEFAULTS.maxVideoSizeMb));
	const maxRateLimitWait = valueOf(job, 'Max Rate-Limit Wait', checkPositiveSeconds(options.maxRateLimitWait ?? DEFAULTS.maxRateLimitWait));
	const downloadVideo = options.downloadVideo === true;
	const binaryPropertyName = downloadVideo
		? valueOf(job, 'Put Video in Field', checkText(options.binaryPropertyName ?? DEFAULTS.binaryPropertyName)).trim()
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
	};
}

export function readGenerationId(job: ItemJob): string {
	const raw = job.context.getNodeParameter('generationId', job.itemIndex, '');
	return valueOf(job, 'Generation ID', checkGenerationId(raw), 'Use the "id" output by the Create operation, e.g. {{ $json.id }}');
}

async function readBinaryImage(job: ItemJob, maxBytes: number): Promise<string> {
	const field = 'Input Binary Field';
	const property = valueOf(job, field, checkText(job.context.getNodeParameter('imageBinaryProperty', job.itemIndex, 'data'))).trim();
	const binary = job.context.getInputData()[job.itemIndex]?.binary?.[property];
	if (!binary) {
		throw inputError(
			job,
			field,
			`"${property}" is not on this item`,
			'Pass an image from an earlier node (e.g. HTTP Request with Response Format "File", or Read File), or set the name of the binary field it uses.',
		);
	}
	if (typeof binary.bytes === 'number' && binary.bytes > maxBytes) throw imageTooLarge(job, binary.bytes, maxBytes);
	const buffer = await job.context.helpers.getBinaryDataBuffer(job.itemIndex, property);
	if (buffer.length > maxBytes) throw imageTooLarge(job, buffer.length, maxBytes);
	const mimeType = sniffImageType(buffer);
	if (!mimeType) {
		throw inputError(
			job,
			field,
			`"${property}" is not a PNG, JPEG or WebP image (file "${binary.fileName ?? 'unnamed'}", declared as ${binary.mimeType || 'unknown type'})`,
			'OmniHuman needs a portrait photo in PNG, JPEG or WebP format.',
		);
	}
	return `data:${mimeType};base64,${buffer.toString('base64')}`;
}

function imageTooLarge(job: ItemJob, bytes: number, maxBytes: number) {
	return inputError(
		job,
		'Input Binary Field',
		`holds an image of ${(bytes / MEGABYTE).toFixed(2)} MB, above Max Image Size (${(maxBytes / MEGABYTE).toFixed(2)} MB)`,
		'Resize the image, or raise Max Image Size. Large images are sent inline as base64.',
	);
}

export async function readCreateBody(job: ItemJob, options: JobOptions): Promise<CreateBody> {
	const { context, itemIndex } = job;
	const model = valueOf(job, 'Model', checkText(context.getNodeParameter('model', itemIndex, MODELS[0])));
	if (!(MODELS as readonly string[]).includes(model)) {
		throw inputError(job, 'Model', `"${model}" is not an OmniHuman model`, `Choose one of: ${MODELS.join(', ')}`);
	}
	const imageSource = context.getNodeParameter('imageSource', itemIndex, 'url');
	const imageUrl =
		imageSource === 'binary'
			? await readBinaryImage(job, options.maxImageBytes)
			: valueOf(job, 'Image URL', checkImageReference(context.getNodeParameter('imageUrl', itemIndex, '')), 'Use a public http(s) link to a PNG, JPEG or WebP portrait.');
	const audioUrl = valueOf(
		job,
		'Audio URL',
		checkHttpUrl(context.getNodeParameter('audioUrl', itemIndex, '')),
		'Use a public http(s) link to the speech audio (mp3, wav, …), under 30 seconds.',
	);
	return { model, image_url: imageUrl, audio_url: audioUrl };
}
