import { checkText, sniffImageType, sniffVideoType } from './checks';
import { inputError } from './errors';
import type { ItemRun } from './nodeRun';

const MEGABYTE = 1024 * 1024;

/** What an input binary field must hold: the field that names it, the check of its bytes, the limit's option. */
interface BinaryKind {
	parameter: string;
	field: string;
	noun: string;
	sniff: (bytes: Uint8Array) => string | undefined;
	formats: string;
	limitOption: string;
}

const IMAGE: BinaryKind = {
	parameter: 'imageBinaryProperty',
	field: 'Input Binary Field',
	noun: 'image',
	sniff: sniffImageType,
	formats: 'a PNG, JPEG or WebP image',
	limitOption: 'Max Image Size',
};

const VIDEO: BinaryKind = {
	parameter: 'videoBinaryProperty',
	field: 'Input Binary Field',
	noun: 'video',
	sniff: sniffVideoType,
	formats: 'an MP4, MOV or WebM video',
	limitOption: 'Max Input Video Size',
};

/** The portrait from an earlier node's binary field, checked by its own bytes, as a base64 data URI. */
export async function readBinaryImage(run: ItemRun, maxBytes: number): Promise<string> {
	return await readBinary(run, IMAGE, maxBytes);
}

/** The video to re-voice from an earlier node's binary field, checked by its own bytes, as a base64 data URI. */
export async function readBinaryVideo(run: ItemRun, maxBytes: number): Promise<string> {
	return await readBinary(run, VIDEO, maxBytes);
}

async function readBinary(run: ItemRun, kind: BinaryKind, maxBytes: number): Promise<string> {
	const name = checkText(run.context.getNodeParameter(kind.parameter, run.itemIndex, 'data'));
	if (!name.ok) throw inputError(run, kind.field, name.problem);
	const property = name.value.trim();
	const binary = run.context.getInputData()[run.itemIndex]?.binary?.[property];
	if (!binary) {
		throw inputError(
			run,
			kind.field,
			`"${property}" is not on this item`,
			`Pass ${article(kind.noun)} from an earlier node (e.g. HTTP Request with Response Format "File", or Read File), or set the name of the binary field it uses.`,
		);
	}
	if (typeof binary.bytes === 'number' && binary.bytes > maxBytes)
		throw tooLarge(run, kind, binary.bytes, maxBytes);
	const buffer = await run.context.helpers.getBinaryDataBuffer(run.itemIndex, property);
	if (buffer.length > maxBytes) throw tooLarge(run, kind, buffer.length, maxBytes);
	const mimeType = kind.sniff(buffer);
	if (!mimeType) {
		throw inputError(
			run,
			kind.field,
			`"${property}" is not ${kind.formats} (file "${binary.fileName ?? 'unnamed'}", declared as ${binary.mimeType || 'unknown type'})`,
			`The model needs ${kind.formats}.`,
		);
	}
	return `data:${mimeType};base64,${buffer.toString('base64')}`;
}

function tooLarge(run: ItemRun, kind: BinaryKind, bytes: number, maxBytes: number) {
	return inputError(
		run,
		kind.field,
		`holds ${article(kind.noun)} of ${(bytes / MEGABYTE).toFixed(2)} MB, above ${kind.limitOption} (${(maxBytes / MEGABYTE).toFixed(2)} MB)`,
		`Use a smaller ${kind.noun}, or raise ${kind.limitOption}. It is sent inline as base64.`,
	);
}

function article(noun: string): string {
	return `${/^[aeiou]/.test(noun) ? 'an' : 'a'} ${noun}`;
}
