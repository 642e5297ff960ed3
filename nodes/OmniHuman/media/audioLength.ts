import { readAdts } from './adts';
import { audioFormatOf } from './audioFormat';
import { BoundedReader } from './boundedReader';
import { readMp3 } from './mp3';
import { readMp4 } from './mp4';
import {
	ReadRefusal,
	type AudioFormat,
	type AudioMeasure,
	type ByteSource,
	type FormatReading,
} from './types';
import { readWav } from './wav';

export { audioFormatOf } from './audioFormat';
export { bytesSource } from './bytesSource';
export { ReadRefusal } from './types';
export type { AudioFormat, AudioMeasure, ByteSource } from './types';

/** Bytes read by default from a local source; the service takes audio of at most 5 MB. */
export const DEFAULT_MAX_BYTES = 8 * 1024 * 1024;
/** The first read: enough for the headers of WAV, M4A with its index first, and MP3 with a Xing header. */
const HEAD_BYTES = 16 * 1024;

const READERS: Record<AudioFormat, (reader: BoundedReader) => Promise<FormatReading>> = {
	mp3: readMp3,
	wav: readWav,
	m4a: readMp4,
	aac: readAdts,
};

/**
 * The audio's length in seconds (exact, not rounded), read from its bytes within `maxBytes` in total. Never
 * throws: a file it cannot measure gives `ok: false` with a short reason, and `ok: true` always carries a
 * finite, positive length.
 */
export async function measureAudio(
	source: ByteSource,
	limits: { maxBytes?: number } = {},
): Promise<AudioMeasure> {
	const maxBytes =
		limits.maxBytes !== undefined && limits.maxBytes >= 0 ? limits.maxBytes : DEFAULT_MAX_BYTES;
	const reader = new BoundedReader(source, maxBytes);
	let format: AudioFormat | undefined;
	const failed = (reason: string): AudioMeasure => ({
		ok: false,
		reason,
		format,
		bytesRead: reader.bytesRead,
	});
	try {
		const head = await reader.upTo(0, HEAD_BYTES);
		if (head.length === 0)
			return failed(maxBytes > 0 ? 'the file is empty' : 'no bytes may be read');
		format = audioFormatOf(head);
		if (!format) return failed('not an MP3, WAV, M4A or AAC file');
		const reading = await READERS[format](reader);
		if ('reason' in reading) return failed(reading.reason);
		if (!Number.isFinite(reading.seconds) || !(reading.seconds > 0))
			return failed('its length could not be read');
		return { ok: true, format, seconds: reading.seconds, bytesRead: reader.bytesRead };
	} catch (error) {
		return failed(error instanceof ReadRefusal ? error.message : 'the file could not be read');
	}
}
