import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { AudioFormat, AudioMeasure, ByteSource } from '../../nodes/OmniHuman/media/audioLength';

export const AUDIO_FIXTURES = path.join(__dirname, '../fixtures/audio');

export interface FixtureEntry {
	format: AudioFormat;
	/** ffprobe's duration, seconds. */
	duration: number;
	bytes: number;
}

/** test/fixtures/audio/manifest.json, written by scripts/make-audio-fixtures.sh. */
export const audioManifest: Record<string, FixtureEntry> = JSON.parse(
	readFileSync(path.join(AUDIO_FIXTURES, 'manifest.json'), 'utf8'),
);

/** A measure's seconds; a measure that failed fails the test with its reason. */
export function secondsOf(measure: AudioMeasure): number {
	if (!measure.ok) throw new Error(`not measured: ${measure.reason}`);
	return measure.seconds;
}

export function audioFixture(file: string): Buffer {
	return readFileSync(path.join(AUDIO_FIXTURES, file));
}

/** A ByteSource over bytes that records every read (offset, length asked, bytes returned). */
export function recordingSource(bytes: Uint8Array, options: { sizeKnown?: boolean } = {}) {
	const size = options.sizeKnown === false ? undefined : bytes.length;
	const reads: Array<{ offset: number; length: number; returned: number }> = [];
	const source: ByteSource & { reads: typeof reads; returned: () => number } = {
		size,
		reads,
		returned: () => reads.reduce((sum, read) => sum + read.returned, 0),
		async read(offset, length) {
			const slice = offset >= 0 && length > 0 ? bytes.subarray(offset, offset + length) : new Uint8Array(0);
			reads.push({ offset, length, returned: slice.length });
			return slice;
		},
	};
	return source;
}

/** A small seeded PRNG (mulberry32): the fuzz cases are the same on every run. */
export function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
