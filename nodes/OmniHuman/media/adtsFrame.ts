import type { Frame, FrameSyntax } from './frames';

const SAMPLE_RATES = [
	96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350,
];

/** An AAC ADTS frame header at `at` (1024 samples per raw data block), or undefined. */
export function adtsFrameAt(bytes: Uint8Array, at: number): Frame | undefined {
	if (at + 7 > bytes.length) return undefined; // bytes[at] of a negative at fails the sync check
	if (bytes[at] !== 0xff || (bytes[at + 1] & 0xf6) !== 0xf0) return undefined; // sync, layer 00
	const rateIndex = (bytes[at + 2] >> 2) & 0x0f;
	if (rateIndex >= SAMPLE_RATES.length) return undefined;
	const headerLength = bytes[at + 1] & 1 ? 7 : 9;
	const length = ((bytes[at + 3] & 3) << 11) | (bytes[at + 4] << 3) | (bytes[at + 5] >> 5);
	if (length <= headerLength) return undefined;
	const blocks = (bytes[at + 6] & 3) + 1;
	const channels = ((bytes[at + 2] & 1) << 2) | (bytes[at + 3] >> 6);
	return {
		length,
		samples: 1024 * blocks,
		sampleRate: SAMPLE_RATES[rateIndex],
		key: (bytes[at + 1] & 0x09) | ((bytes[at + 2] & 0xfc) << 4) | (channels << 12),
	};
}

export const ADTS_FRAMES: FrameSyntax = { headerBytes: 7, maxFrameBytes: 8191, parse: adtsFrameAt };
