import { checkText, sniffImageType } from './checks';
import { inputError } from './errors';
import type { ItemRun } from './nodeRun';

const MEGABYTE = 1024 * 1024;
const FIELD = 'Input Binary Field';

/** The portrait from an earlier node's binary field, checked by its own bytes, as a base64 data URI. */
export async function readBinaryImage(run: ItemRun, maxBytes: number): Promise<string> {
	const name = checkText(
		run.context.getNodeParameter('imageBinaryProperty', run.itemIndex, 'data'),
	);
	if (!name.ok) throw inputError(run, FIELD, name.problem);
	const property = name.value.trim();
	const binary = run.context.getInputData()[run.itemIndex]?.binary?.[property];
	if (!binary) {
		throw inputError(
			run,
			FIELD,
			`"${property}" is not on this item`,
			'Pass an image from an earlier node (e.g. HTTP Request with Response Format "File", or Read File), or set the name of the binary field it uses.',
		);
	}
	if (typeof binary.bytes === 'number' && binary.bytes > maxBytes)
		throw imageTooLarge(run, binary.bytes, maxBytes);
	const buffer = await run.context.helpers.getBinaryDataBuffer(run.itemIndex, property);
	if (buffer.length > maxBytes) throw imageTooLarge(run, buffer.length, maxBytes);
	const mimeType = sniffImageType(buffer);
	if (!mimeType) {
		throw inputError(
			run,
			FIELD,
			`"${property}" is not a PNG, JPEG or WebP image (file "${binary.fileName ?? 'unnamed'}", declared as ${binary.mimeType || 'unknown type'})`,
			'The video models need a portrait photo in PNG, JPEG or WebP format.',
		);
	}
	return `data:${mimeType};base64,${buffer.toString('base64')}`;
}

function imageTooLarge(run: ItemRun, bytes: number, maxBytes: number) {
	return inputError(
		run,
		FIELD,
		`holds an image of ${(bytes / MEGABYTE).toFixed(2)} MB, above Max Image Size (${(maxBytes / MEGABYTE).toFixed(2)} MB)`,
		'Resize the image, or raise Max Image Size. Large images are sent inline as base64.',
	);
}
