import type { BoundedReader } from './boundedReader';
import { fourCc, uint32be, uint64be } from './byteFields';
import { megabytes, type FormatReading } from './types';

const MAX_TOP_LEVEL_BOXES = 256;
const MAX_CHILD_BOXES = 4096;

interface Box {
	type: string;
	/** Where its body starts and ends, within the bytes it was read from (or the file). */
	body: number;
	end: number;
}

/** A box header at `at` (sizes 1: 64-bit, 0: to `parentEnd`), or undefined when it does not fit. */
function boxAt(bytes: Uint8Array, at: number, parentEnd: number): Box | undefined {
	if (at + 8 > bytes.length) return undefined;
	const size32 = uint32be(bytes, at);
	let headerBytes = 8;
	let size: number | undefined = size32;
	if (size32 === 1) {
		if (at + 16 > bytes.length) return undefined;
		size = uint64be(bytes, at + 8);
		headerBytes = 16;
	} else if (size32 === 0) {
		size = parentEnd - at;
	}
	if (size === undefined || size < headerBytes) return undefined;
	return { type: fourCc(bytes, at + 4), body: at + headerBytes, end: at + size };
}

function* children(bytes: Uint8Array, start: number, end: number, budget: { left: number }) {
	let at = start;
	while (at + 8 <= end && budget.left-- > 0) {
		const box = boxAt(bytes, at, end);
		if (!box || box.end > end) return;
		yield box;
		at = box.end;
	}
}

/** Timescale and duration of an `mvhd` or `mdhd` body (version 0: 32-bit fields, 1: 64-bit). */
function timedLength(bytes: Uint8Array, box: Box): number | undefined {
	const v1 = bytes[box.body] === 1;
	const timescaleAt = box.body + (v1 ? 20 : 12);
	if (timescaleAt + (v1 ? 12 : 8) > box.end) return undefined;
	const timescale = uint32be(bytes, timescaleAt);
	const duration = v1 ? uint64be(bytes, timescaleAt + 4) : uint32be(bytes, timescaleAt + 4);
	if (!timescale || !duration || (!v1 && duration === 0xffffffff)) return undefined;
	return duration / timescale;
}

/** The movie's length from `mvhd`, else the sound track's `mdhd`, else a fragmented file's `mehd`. */
function moovLength(moov: Uint8Array): number | undefined {
	const budget = { left: MAX_CHILD_BOXES };
	let movie: number | undefined;
	let sound: number | undefined;
	let movieTimescale: number | undefined;
	let fragments: number | undefined;
	for (const box of children(moov, 0, moov.length, budget)) {
		if (box.type === 'mvhd') {
			movie = timedLength(moov, box);
			const at = box.body + (moov[box.body] === 1 ? 20 : 12);
			if (at + 4 <= box.end) movieTimescale = uint32be(moov, at);
		} else if (box.type === 'mvex') {
			for (const mehd of children(moov, box.body, box.end, budget)) {
				if (mehd.type !== 'mehd' || mehd.body + 8 > mehd.end) continue;
				fragments =
					moov[mehd.body] === 1 ? uint64be(moov, mehd.body + 4) : uint32be(moov, mehd.body + 4);
			}
		} else if (box.type === 'trak' && sound === undefined) {
			for (const mdia of children(moov, box.body, box.end, budget)) {
				if (mdia.type !== 'mdia') continue;
				let length: number | undefined;
				let handler = '';
				for (const inner of children(moov, mdia.body, mdia.end, budget)) {
					if (inner.type === 'mdhd') length = timedLength(moov, inner);
					if (inner.type === 'hdlr' && inner.body + 12 <= inner.end)
						handler = fourCc(moov, inner.body + 8);
				}
				if (handler === 'soun') sound = length;
			}
		}
	}
	if (movie) return movie;
	if (sound) return sound;
	return fragments && movieTimescale ? fragments / movieTimescale : undefined;
}

/**
 * An M4A/MP4's length: the top-level boxes are walked by their headers alone (a large `mdat` is skipped, not
 * read) to `moov`, which may sit at the end of the file and is read by itself.
 */
export async function readMp4(reader: BoundedReader): Promise<FormatReading> {
	let position = 0;
	for (let boxes = 0; boxes < MAX_TOP_LEVEL_BOXES; boxes++) {
		const header = await reader.upTo(position, 16);
		const fileEnd = reader.size ?? Number.MAX_SAFE_INTEGER;
		const box = boxAt(header, 0, fileEnd - position);
		if (!box) break;
		if (box.type === 'moov') {
			const length = box.end - box.body;
			if (position + box.end > fileEnd) return { reason: 'its index (moov box) is cut short' };
			if (!reader.canRead(position + box.body, length))
				return {
					reason: `its index (moov box) does not fit within the first ${megabytes(reader.maxBytes)}`,
				};
			const moov = await reader.bytes(position + box.body, length, false);
			if (moov.length < length) return { reason: 'its index (moov box) is cut short' };
			const seconds = moovLength(moov);
			return seconds ? { seconds } : { reason: 'its index (moov box) gives no duration' };
		}
		position += box.end;
	}
	return { reason: 'it has no index (moov box)' };
}
