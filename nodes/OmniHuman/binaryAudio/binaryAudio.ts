import { createHash } from 'crypto';

import { checkText } from '../checks';
import { inputError } from '../errors';
import type { ItemOptions } from '../helpers/options';
import type { VideoModel } from '../models';
import type { ItemRun } from '../nodeRun';
import { readAudioFacts, type ReadAudioFacts } from './audioFacts';
import { signedAudioLink } from './signedLink';

/** The most audio read from a binary field: Kling Avatar's documented limit; 30 s of MP3 is far below it. */
export const MAX_BINARY_AUDIO_BYTES = 5 * 1024 * 1024;

const MEGABYTE = 1024 * 1024;
const FIELD = 'Audio Binary Field';
const FORMATS = 'an MP3, WAV, M4A or AAC recording';

/** Audio Source "Binary File", as the model takes it. */
export interface BinarySpeech {
	/** Sent as `audio_url`: a base64 data URI (Lip Sync) or a short-lived n8n link to the file (avatar models). */
	audioUrl: string;
	/**
	 * What the item's retry key hashes instead of `audioUrl`: the audio's own bytes. A fresh link per try
	 * (a new token, or a new stored copy) would otherwise look like a new request, and pay again.
	 */
	keyUrl: string;
	/** How long it plays, read from its bytes (what an avatar job is billed on). */
	seconds?: number;
}

/**
 * How long the avatar models' link lives: Max Wait, which the node counts from the item's start (before
 * the link exists), plus Request Timeout, the longest the create itself may take before the job exists.
 * So a job keeps a readable link for its whole Max Wait, and nobody reads the file for long after.
 */
export function linkLifetimeSeconds(
	options: Pick<ItemOptions, 'maxWaitSeconds' | 'requestTimeoutMs'>,
): number {
	return options.maxWaitSeconds + options.requestTimeoutMs / 1000;
}

/**
 * The speech from an earlier node's binary field: its format and length read from its bytes and checked
 * against the model before anything is paid; then inline (Lip Sync takes base64) or as a signed link
 * (the avatar models take a URL only).
 */
export async function readBinarySpeech(
	run: ItemRun,
	model: VideoModel,
	options: Pick<ItemOptions, 'maxWaitSeconds' | 'requestTimeoutMs'>,
	readFacts: ReadAudioFacts = readAudioFacts,
): Promise<BinarySpeech> {
	const name = checkText(
		run.context.getNodeParameter('audioBinaryProperty', run.itemIndex, 'data'),
	);
	if (!name.ok) throw inputError(run, FIELD, name.problem);
	const property = name.value.trim();
	const binary = run.context.getInputData()[run.itemIndex]?.binary?.[property];
	if (!binary)
		throw inputError(
			run,
			FIELD,
			`"${property}" is not on this item`,
			'Pass a recording from an earlier node (e.g. a Webhook or Form upload, HTTP Request with Response Format "File", Read File), or set the name of the binary field it uses.',
		);
	if (typeof binary.bytes === 'number' && binary.bytes > MAX_BINARY_AUDIO_BYTES)
		throw tooLarge(run, binary.bytes);
	const bytes = await run.context.helpers.getBinaryDataBuffer(run.itemIndex, property);
	if (bytes.length > MAX_BINARY_AUDIO_BYTES) throw tooLarge(run, bytes.length);
	const facts = await readFacts(bytes);
	const file = `file "${binary.fileName ?? 'unnamed'}", declared as ${binary.mimeType || 'unknown type'}`;
	if (!facts.format)
		throw inputError(
			run,
			FIELD,
			`"${property}" is not ${FORMATS} (${file})`,
			`${model.label} needs ${FORMATS}.`,
		);
	const limit = model.audioLimitSeconds;
	if (limit !== undefined) {
		if (facts.seconds === undefined)
			throw inputError(
				run,
				FIELD,
				`"${property}": the length of this ${facts.format.name} could not be read from its bytes: ${facts.reason ?? 'no complete frames'} (${file})`,
				`${model.label} takes audio ${model.audioLimit}; convert it to MP3 or WAV so its length can be checked before anything is paid.`,
			);
		if (facts.seconds >= limit)
			throw inputError(
				run,
				FIELD,
				`"${property}" plays ${facts.seconds.toFixed(1)} s, too long for ${model.label} (${model.audioLimit})`,
				'Shorten the recording, or choose a model that takes longer audio.',
			);
	}
	const keyUrl = `n8n-binary:sha256:${createHash('sha256').update(bytes).digest('hex')}`;
	if (model.resource === 'lipSync')
		return {
			audioUrl: `data:${facts.format.mimeType};base64,${bytes.toString('base64')}`,
			keyUrl,
			...(facts.seconds !== undefined && { seconds: facts.seconds }),
		};
	const link = await signedAudioLink(run, binary, bytes, linkLifetimeSeconds(options));
	return { audioUrl: link, keyUrl, ...(facts.seconds !== undefined && { seconds: facts.seconds }) };
}

function tooLarge(run: ItemRun, bytes: number) {
	return inputError(
		run,
		FIELD,
		`holds ${(bytes / MEGABYTE).toFixed(2)} MB of audio, above the ${MAX_BINARY_AUDIO_BYTES / MEGABYTE} MB the node reads`,
		'Use a shorter or compressed recording (MP3).',
	);
}
