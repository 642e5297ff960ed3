import type { BoundedReader } from './boundedReader';
import { fourCc, uint32be } from './byteFields';
import { findFirstFrame, walkedLength } from './frameWalk';
import { MP3_FRAMES, type Mp3Frame } from './mp3Frame';
import { afterLeadingTags, beforeTrailingTags } from './tags';
import type { FormatReading } from './types';

/** The most of a file read in one request to walk its frames (a 30 s MP3 at 256 kbit/s). */
const WHOLE_READ_BYTES = 1024 * 1024;

/** A Xing/Info or VBRI header in the first frame: the stream's frame count, when it gives one. */
function infoHeader(frameBytes: Uint8Array, frame: Mp3Frame): { frames?: number } | undefined {
	const sideInfo = frame.mpeg1 ? (frame.mono ? 17 : 32) : frame.mono ? 9 : 17;
	const xing = 4 + sideInfo;
	const tag = fourCc(frameBytes, xing);
	if (tag === 'Xing' || tag === 'Info') {
		if (xing + 12 > frameBytes.length) return {};
		return uint32be(frameBytes, xing + 4) & 1 ? { frames: uint32be(frameBytes, xing + 8) } : {};
	}
	const vbri = 4 + 32;
	if (fourCc(frameBytes, vbri) === 'VBRI') {
		return vbri + 18 <= frameBytes.length ? { frames: uint32be(frameBytes, vbri + 14) } : {};
	}
	return undefined;
}

/**
 * An MP3's length: ID3v2 skipped, the first real frame found, then the Xing/Info or VBRI frame count, else
 * the frames walked (or estimated past the byte bound). Trailing ID3v1/APE tags are not audio.
 */
export async function readMp3(reader: BoundedReader): Promise<FormatReading> {
	const start = await afterLeadingTags(reader);
	const first = await findFirstFrame(reader, MP3_FRAMES, start);
	if (!first) return { reason: 'no MP3 audio frame was found in it' };
	const frame = first.frame as Mp3Frame;
	const frameBytes = await reader.upTo(first.offset, frame.length);
	const info = infoHeader(frameBytes, frame);
	const size = reader.size;
	if (info?.frames) {
		// A count the file could not hold (each frame has a minimum size) is a damaged header: walk instead.
		const plausible = size === undefined || info.frames * frame.minLength <= size * 1.05 + 4096;
		if (plausible) return { seconds: (info.frames * frame.samples) / frame.sampleRate };
	}
	const audioStart = info ? first.offset + frame.length : first.offset;
	// Every frame is walked to the end: a file that one read can hold is read at once (its trailing tags
	// included), not in a window per request.
	if (size !== undefined && size - audioStart <= WHOLE_READ_BYTES)
		await reader.upTo(audioStart, size - audioStart);
	const audioEnd = await beforeTrailingTags(reader);
	return await walkedLength(reader, MP3_FRAMES, audioStart, frame.key, audioEnd);
}
