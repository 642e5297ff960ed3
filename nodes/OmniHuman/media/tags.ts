import type { BoundedReader } from './boundedReader';
import { fourCc, uint32le } from './byteFields';

const MAX_LEADING_TAGS = 4;

/** The size of an ID3v2 tag at `at` in `bytes` (header, body, footer), or 0 when there is none. */
export function id3v2Length(bytes: Uint8Array, at = 0): number {
	if (
		at + 10 > bytes.length ||
		bytes[at] !== 0x49 ||
		bytes[at + 1] !== 0x44 ||
		bytes[at + 2] !== 0x33
	)
		return 0; // "ID3"
	const size = bytes.subarray(at + 6, at + 10);
	if (bytes[at + 3] === 0xff || size.some((byte) => byte & 0x80)) return 0;
	const body = (size[0] << 21) | (size[1] << 14) | (size[2] << 7) | size[3];
	return 10 + body + (bytes[at + 5] & 0x10 ? 10 : 0);
}

/** Where the audio starts after any ID3v2 tags (they may be chained). */
export async function afterLeadingTags(reader: BoundedReader): Promise<number> {
	let offset = 0;
	for (let tags = 0; tags < MAX_LEADING_TAGS; tags++) {
		offset += id3v2Length(await reader.upTo(offset, 10));
	}
	return offset;
}

/**
 * Where the audio ends when the size is known: before a trailing ID3v1 tag ("TAG", 128 bytes) and an APE tag
 * ("APETAGEX" footer), which are not audio.
 */
export async function beforeTrailingTags(reader: BoundedReader): Promise<number | undefined> {
	const size = reader.size;
	if (size === undefined) return undefined;
	const tailLength = Math.min(size, 160);
	if (!reader.canRead(size - tailLength, tailLength)) return size;
	const tail = await reader.bytes(size - tailLength, tailLength, false);
	let end = size;
	// fourCc gives '' where the tail is too short to hold the tag.
	if (fourCc(tail, tail.length - 128).startsWith('TAG')) end -= 128;
	const footer = tail.length - (size - end) - 32;
	if (fourCc(tail, footer) === 'APET' && fourCc(tail, footer + 4) === 'AGEX') {
		const tagSize = uint32le(tail, footer + 12);
		const withHeader = tagSize + (tail[footer + 23] & 0x80 ? 32 : 0);
		if (withHeader >= 32 && withHeader <= end) end -= withHeader;
	}
	return end;
}
