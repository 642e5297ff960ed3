import type { BoundedReader } from './boundedReader';
import type { Frame, FrameSyntax } from './frames';
import { megabytes, type FormatReading } from './types';

/** How far past the tags the first frame is looked for: first close by, then further. */
const SYNC_SCANS = [2 * 1024, 64 * 1024];
const WALK_CHUNK_BYTES = 64 * 1024;

export interface FirstFrame {
	offset: number;
	frame: Frame;
}

/**
 * The first frame at or after `start` whose next frame has a header of the same stream: a lone 0xFF byte
 * that looks like a sync is not taken for one. A file of a single frame is accepted when it ends there.
 */
export async function findFirstFrame(
	reader: BoundedReader,
	syntax: FrameSyntax,
	start: number,
): Promise<FirstFrame | undefined> {
	for (const scan of SYNC_SCANS) {
		const wanted = scan + syntax.maxFrameBytes + syntax.headerBytes;
		const window = await reader.upTo(start, wanted);
		// Where the file (or the bound) ends within the window, all of it is scanned, and no wider scan follows.
		const ended = window.length < wanted;
		for (let at = 0; at <= (ended ? window.length : scan); at++) {
			const frame = syntax.parse(window, at);
			if (!frame) continue;
			const next = at + frame.length;
			if (next + syntax.headerBytes <= window.length) {
				if (syntax.parse(window, next)?.key === frame.key) return { offset: start + at, frame };
			} else if (reader.size !== undefined && start + next >= reader.size) {
				return { offset: start + at, frame };
			}
		}
		if (ended) break;
	}
	return undefined;
}

type Walk =
	| { stoppedBy: 'end'; seconds: number }
	/** `at`: where the walk stopped. */
	| { stoppedBy: 'bound' | 'foreign bytes'; seconds: number; at: number };

/** Adds up the frames from `start` to `audioEnd` (or the end of the file), within the reader's bound. */
async function walk(
	reader: BoundedReader,
	syntax: FrameSyntax,
	start: number,
	key: number,
	audioEnd: number | undefined,
): Promise<Walk> {
	let position = start;
	let seconds = 0;
	for (;;) {
		const chunk = await reader.upTo(position, WALK_CHUNK_BYTES);
		if (chunk.length < syntax.headerBytes) {
			const endOfFile =
				reader.remaining() >= syntax.headerBytes ||
				(reader.size !== undefined && position + syntax.headerBytes > reader.size);
			return endOfFile
				? { stoppedBy: 'end', seconds }
				: { stoppedBy: 'bound', seconds, at: position };
		}
		let at = 0;
		while (at + syntax.headerBytes <= chunk.length) {
			if (audioEnd !== undefined && position + at + syntax.headerBytes > audioEnd)
				return { stoppedBy: 'end', seconds };
			const frame = syntax.parse(chunk, at);
			if (frame?.key !== key) return { stoppedBy: 'foreign bytes', seconds, at: position + at };
			seconds += frame.samples / frame.sampleRate;
			at += frame.length;
		}
		position += at;
	}
}

/**
 * The stream's length by walking its frames from `start`. Where the walk cannot reach the end (the byte bound,
 * or bytes that are not frames) and the size is known, the rest is estimated at the walked part's average
 * bytes per second: exact for constant bitrate.
 */
export async function walkedLength(
	reader: BoundedReader,
	syntax: FrameSyntax,
	start: number,
	key: number,
	audioEnd: number | undefined,
): Promise<FormatReading> {
	const result = await walk(reader, syntax, start, key, audioEnd);
	if (result.stoppedBy === 'end') return { seconds: result.seconds };
	if (audioEnd !== undefined && result.seconds > 0)
		return { seconds: (result.seconds * (audioEnd - start)) / (result.at - start) };
	return result.stoppedBy === 'bound'
		? { reason: `its length could not be read within the first ${megabytes(reader.maxBytes)}` }
		: { reason: 'its audio frames could not be followed to the end' };
}
