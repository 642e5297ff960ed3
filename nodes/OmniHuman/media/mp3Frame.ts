import type { Frame, FrameSyntax } from './frames';

// Layer III bitrates (kbit/s) by index; index 0 (free format) and 15 are not accepted.
const BITRATES_V1 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const BITRATES_V2 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
const SAMPLE_RATES_V1 = [44100, 48000, 32000];

export interface Mp3Frame extends Frame {
	mpeg1: boolean;
	mono: boolean;
	/** The shortest frame of this version and sample rate (lowest bitrate, no padding). */
	minLength: number;
}

/** An MPEG-1/2/2.5 Layer III frame header at `at`, or undefined when those 4 bytes are not one. */
export function mp3FrameAt(bytes: Uint8Array, at: number): Mp3Frame | undefined {
	if (at + 4 > bytes.length) return undefined; // bytes[at] of a negative at fails the sync check
	const [b0, b1, b2, b3] = [bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]];
	if (b0 !== 0xff || (b1 & 0xe0) !== 0xe0) return undefined;
	const version = (b1 >> 3) & 3; // 0: MPEG 2.5, 1: reserved, 2: MPEG 2, 3: MPEG 1
	const layer = (b1 >> 1) & 3; // 1: Layer III
	const bitrateIndex = b2 >> 4;
	const rateIndex = (b2 >> 2) & 3;
	if (version === 1 || layer !== 1 || bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3)
		return undefined;
	if ((b3 & 3) === 2) return undefined; // reserved emphasis
	const mpeg1 = version === 3;
	const divisor = version === 3 ? 1 : version === 2 ? 2 : 4;
	const sampleRate = SAMPLE_RATES_V1[rateIndex] / divisor;
	const bitrate = (mpeg1 ? BITRATES_V1 : BITRATES_V2)[bitrateIndex] * 1000;
	const coefficient = mpeg1 ? 144 : 72;
	const padding = (b2 >> 1) & 1;
	const mono = b3 >> 6 === 3;
	return {
		length: Math.floor((coefficient * bitrate) / sampleRate) + padding,
		samples: mpeg1 ? 1152 : 576,
		sampleRate,
		key: ((b1 & 0x1e) << 8) | ((b2 & 0x0c) << 4) | (mono ? 1 : 0),
		mpeg1,
		mono,
		minLength: Math.floor((coefficient * (mpeg1 ? 32000 : 8000)) / sampleRate),
	};
}

export const MP3_FRAMES: FrameSyntax = {
	headerBytes: 4,
	maxFrameBytes: 1441 + 4,
	parse: mp3FrameAt,
};
