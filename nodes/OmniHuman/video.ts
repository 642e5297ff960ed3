import type { IBinaryData } from 'n8n-workflow';

import { failureError } from './errors';
import type { ItemOptions } from './helpers/options';
import { checkHttpUrl } from './checks';
import type { ItemRun } from './nodeRun';
import { headerValue } from './transport/exchange';
import { failureFromNetwork, type ApiFailure } from './transport/failure';

type BinaryInput = Parameters<ItemRun['context']['helpers']['prepareBinaryData']>[0];

interface Destroyable {
	destroy?: () => void;
}

function downloadFailure(message: string, description: string, httpCode?: string): ApiFailure {
	return { kind: 'fatal', message, description, httpCode, mayHaveReachedService: true };
}

export function videoFileName(generationId: string): string {
	// `<uuid>:<model>` gives the uuid; a short id (Lip Sync) stays whole, `_` included.
	const name = generationId.split(':')[0].replace(/[^a-zA-Z0-9_-]/g, '') || 'omnihuman';
	return `${name}.mp4`;
}

/** Streams the finished MP4 into n8n's binary data store (no full copy in memory in filesystem mode). */
export async function downloadVideo(
	run: ItemRun,
	options: ItemOptions,
	generationId: string,
	videoUrl: string,
): Promise<IBinaryData> {
	const expired =
		'Video links expire after about a day: run Get with this Generation ID for a fresh link.';
	if (!checkHttpUrl(videoUrl).ok) {
		throw failureError(
			run,
			downloadFailure(
				'The service returned a video link that is not http(s); it was not downloaded',
				expired,
			),
			generationId,
		);
	}
	const exchange = await run.send({
		method: 'GET',
		url: videoUrl,
		encoding: 'stream',
		timeoutMs: options.requestTimeoutMs,
	});
	if (exchange.kind === 'cancelled')
		throw failureError(
			run,
			downloadFailure('The execution was stopped during the video download', expired),
			generationId,
		);
	if (exchange.kind === 'refused-locally')
		throw failureError(
			run,
			downloadFailure(`Could not download the video: ${exchange.message}`, expired),
			generationId,
		);
	if (exchange.kind === 'network') {
		const failure = failureFromNetwork(exchange);
		throw failureError(
			run,
			{
				...failure,
				kind: 'fatal',
				message: `Could not download the video: ${networkReason(exchange.code, exchange.timedOut)}`,
				description: expired,
			},
			generationId,
		);
	}
	const stream = exchange.body as BinaryInput & Destroyable;
	if (exchange.statusCode < 200 || exchange.statusCode >= 300) {
		stream.destroy?.();
		throw failureError(
			run,
			downloadFailure(
				`Could not download the video (HTTP ${exchange.statusCode})`,
				expired,
				String(exchange.statusCode),
			),
			generationId,
		);
	}
	const declaredLength = Number(headerValue(exchange.headers, 'content-length'));
	if (Number.isFinite(declaredLength) && declaredLength > options.maxVideoBytes) {
		stream.destroy?.();
		throw failureError(run, tooLarge(declaredLength, options.maxVideoBytes), generationId);
	}
	const mimeType = headerValue(exchange.headers, 'content-type')?.split(';')[0].trim();
	let binary: IBinaryData;
	try {
		binary = await run.context.helpers.prepareBinaryData(
			stream,
			videoFileName(generationId),
			mimeType && mimeType.startsWith('video/') ? mimeType : 'video/mp4',
		);
	} catch (error) {
		throw failureError(run, storeFailure(error, expired), generationId);
	}
	const bytes = typeof binary.bytes === 'number' ? binary.bytes : undefined;
	if (bytes !== undefined && Number.isFinite(declaredLength) && bytes < declaredLength) {
		throw failureError(
			run,
			downloadFailure(
				`The video download broke off after ${bytes} of ${declaredLength} bytes`,
				expired,
			),
			generationId,
		);
	}
	if (bytes !== undefined && bytes > options.maxVideoBytes)
		throw failureError(run, tooLarge(bytes, options.maxVideoBytes), generationId);
	return binary;
}

function networkReason(code: string, timedOut: boolean): string {
	if (code === 'ERR_FR_TOO_MANY_REDIRECTS') return 'the video link redirected more than 5 times';
	if (code === 'ERR_FR_REDIRECTION_FAILURE')
		return 'the video link redirected to a link that is not http(s)';
	if (timedOut) return 'the video host did not answer in time (Request Timeout)';
	return `the connection to the video host failed (${code})`;
}

/** A broken connection, or n8n's binary data store refusing the file (e.g. the database mode's size limit). */
function storeFailure(error: unknown, expired: string): ApiFailure {
	const reason = error instanceof Error ? error.message : String(error);
	const code = (error as { code?: unknown } | undefined)?.code;
	if (
		code === 'ECONNRESET' ||
		/aborted|socket hang up|premature close|terminated|ECONNRESET/i.test(reason)
	) {
		return downloadFailure('The video download broke off before the end', expired);
	}
	return downloadFailure(
		`n8n could not store the video: ${reason}`,
		"Check n8n's binary data mode and its size limit (N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE in database mode), lower Max Video Size, or turn Download Video off and use the video URL.",
	);
}

function tooLarge(bytes: number, maxBytes: number): ApiFailure {
	const mb = (value: number) => `${(value / 1024 / 1024).toFixed(1)} MB`;
	return downloadFailure(
		`The video is ${mb(bytes)}, above Max Video Size (${mb(maxBytes)}); it was not downloaded`,
		'Raise Max Video Size, or turn Download Video off and use the video URL.',
	);
}
