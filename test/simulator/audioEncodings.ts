/**
 * Byte builders for the simulator's audio files (`audioFiles.ts`) beyond `placeholderAudio.ts`'s CBR MP3 and
 * WAV: an MP3 whose frames change bitrate behind a Xing header, a minimal M4A (AAC in MP4) with its `moov`
 * box first or last, and garbage that only looks like audio. Each returns its true length as built.
 */
import { mp3FrameCount } from './placeholderAudio';

export interface BuiltAudio {
	bytes: Buffer;
	/** The length a correct reader finds, in seconds. */
	seconds: number;
}

const MP3_SAMPLE_RATE = 44100;
const MP3_SAMPLES_PER_FRAME = 1152;
/** MPEG-1 Layer III bitrate indexes cycled by the VBR file: 128, 64, 192 kbit/s. */
const VBR_BITRATES: Array<[index: number, kbps: number]> = [
	[9, 128],
	[5, 64],
	[11, 192],
];
/** MPEG-1 mono: 17 bytes of side information follow the 4-byte header; the Xing tag comes after. */
const XING_OFFSET = 4 + 17;

function mp3Frame(bitrateIndex: number, kbps: number): Buffer {
	const frame = Buffer.alloc(Math.floor((144 * kbps * 1000) / MP3_SAMPLE_RATE));
	// Sync, MPEG-1 Layer III no CRC; bitrate; 44.1 kHz, no padding; mono.
	frame.set([0xff, 0xfb, bitrateIndex << 4, 0xc0]);
	return frame;
}

/**
 * Silent VBR MP3: a Xing frame (counted by no reader as audio) giving the audio frame count and the file
 * size, then the audio frames at 128, 64 and 192 kbit/s in turn. Its length: frames × 1152 / 44,100 s.
 */
export function vbrMp3(seconds: number): BuiltAudio {
	const frames = mp3FrameCount(seconds);
	const audio = Array.from({ length: frames }, (_, index) => {
		const [bitrateIndex, kbps] = VBR_BITRATES[index % VBR_BITRATES.length];
		return mp3Frame(bitrateIndex, kbps);
	});
	const xing = mp3Frame(9, 128);
	const total = xing.length + audio.reduce((sum, frame) => sum + frame.length, 0);
	xing.write('Xing', XING_OFFSET, 'ascii');
	xing.writeUInt32BE(0x3, XING_OFFSET + 4); // frames and bytes fields present
	xing.writeUInt32BE(frames, XING_OFFSET + 8);
	xing.writeUInt32BE(total, XING_OFFSET + 12);
	return {
		bytes: Buffer.concat([xing, ...audio]),
		seconds: (frames * MP3_SAMPLES_PER_FRAME) / MP3_SAMPLE_RATE,
	};
}

const AAC_SAMPLE_RATE = 44100;
const AAC_SAMPLES_PER_FRAME = 1024;
/** One silent AAC-LC raw frame, mono (the frame players insert for gaps; ffmpeg decodes it cleanly). */
const SILENT_AAC_FRAME = Buffer.from([0x00, 0xc8, 0x00, 0x80, 0x23, 0x80]);
/** AudioSpecificConfig: AAC LC (2), 44.1 kHz (index 4), one channel. */
const AAC_CONFIG = Buffer.from([0x12, 0x08]);

function box(type: string, ...parts: Buffer[]): Buffer {
	const payload = Buffer.concat(parts);
	const header = Buffer.alloc(8);
	header.writeUInt32BE(8 + payload.length, 0);
	header.write(type, 4, 'ascii');
	return Buffer.concat([header, payload]);
}

function u32(...values: number[]): Buffer {
	const buffer = Buffer.alloc(4 * values.length);
	values.forEach((value, index) => buffer.writeUInt32BE(value, 4 * index));
	return buffer;
}

function u16(...values: number[]): Buffer {
	const buffer = Buffer.alloc(2 * values.length);
	values.forEach((value, index) => buffer.writeUInt16BE(value, 2 * index));
	return buffer;
}

const fullBox = (type: string, ...parts: Buffer[]) => box(type, u32(0), ...parts);
const UNITY_MATRIX = u32(0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000);

function descriptor(tag: number, ...parts: Buffer[]): Buffer {
	const payload = Buffer.concat(parts);
	return Buffer.concat([Buffer.from([tag, payload.length]), payload]);
}

function esds(): Buffer {
	const decoderConfig = descriptor(
		0x04,
		Buffer.from([0x40, 0x15, 0, 0, 0]), // MPEG-4 audio, audio stream, buffer size 0
		u32(0, 0), // max and average bitrate: not stated
		descriptor(0x05, AAC_CONFIG),
	);
	return fullBox(
		'esds',
		descriptor(
			0x03,
			u16(1),
			Buffer.from([0]),
			decoderConfig,
			descriptor(0x06, Buffer.from([0x02])),
		),
	);
}

function moov(samples: number, frames: number, chunkOffset: number): Buffer {
	const lastFrame = samples - (frames - 1) * AAC_SAMPLES_PER_FRAME;
	const timing =
		frames > 1 ? [2, frames - 1, AAC_SAMPLES_PER_FRAME, 1, lastFrame] : [1, 1, lastFrame];
	const mp4a = box(
		'mp4a',
		Buffer.alloc(6),
		u16(1), // data reference index
		Buffer.alloc(8),
		u16(1, 16, 0, 0), // channels, sample size, pre-defined, reserved
		u32(AAC_SAMPLE_RATE * 0x10000),
		esds(),
	);
	const stbl = box(
		'stbl',
		fullBox('stsd', u32(1), mp4a),
		fullBox('stts', u32(...timing)),
		fullBox('stsc', u32(1, 1, frames, 1)),
		fullBox('stsz', u32(SILENT_AAC_FRAME.length, frames)),
		fullBox('stco', u32(1, chunkOffset)),
	);
	const minf = box(
		'minf',
		fullBox('smhd', u32(0)),
		box('dinf', fullBox('dref', u32(1), box('url ', u32(1)))),
		stbl,
	);
	const mdia = box(
		'mdia',
		fullBox('mdhd', u32(0, 0, AAC_SAMPLE_RATE, samples), u16(0x55c4, 0)), // language "und"
		fullBox(
			'hdlr',
			u32(0),
			Buffer.from('soun', 'ascii'),
			Buffer.alloc(12),
			Buffer.from('SoundHandler\0', 'ascii'),
		),
		minf,
	);
	const tkhd = fullBox(
		'tkhd',
		u32(0, 0, 1, 0, samples, 0, 0),
		u16(0, 0, 0x0100, 0),
		UNITY_MATRIX,
		u32(0, 0),
	);
	tkhd.writeUInt32BE(0x7, 8); // enabled, in movie, in preview
	const mvhd = fullBox(
		'mvhd',
		u32(0, 0, AAC_SAMPLE_RATE, samples, 0x10000),
		u16(0x0100, 0),
		Buffer.alloc(8),
		UNITY_MATRIX,
		Buffer.alloc(24),
		u32(2),
	);
	return box('moov', mvhd, box('trak', tkhd, mdia));
}

/**
 * Silent AAC in a minimal M4A: `ftyp`, then `mdat` and `moov` (ffmpeg's default order, the harder one for a
 * reader that fetches the start only) or `moov` first (`moovFirst`, ffmpeg's `+faststart`). The `mdhd`
 * duration is the length in 1/44,100 s; the last AAC frame is shortened in `stts` to end there.
 */
export function m4a(seconds: number, moovFirst: boolean): BuiltAudio {
	const samples = Math.max(1, Math.round(seconds * AAC_SAMPLE_RATE));
	const frames = Math.ceil(samples / AAC_SAMPLES_PER_FRAME);
	const ftyp = box(
		'ftyp',
		Buffer.from('M4A ', 'ascii'),
		u32(0),
		Buffer.from('M4A isommp42', 'ascii'),
	);
	const mdat = box('mdat', ...Array.from({ length: frames }, () => SILENT_AAC_FRAME));
	const moovSize = moov(samples, frames, 0).length;
	const parts = moovFirst
		? [ftyp, moov(samples, frames, ftyp.length + moovSize + 8), mdat]
		: [ftyp, mdat, moov(samples, frames, ftyp.length + 8)];
	return { bytes: Buffer.concat(parts), seconds: samples / AAC_SAMPLE_RATE };
}

/**
 * Garbage named `.mp3`: an ID3v2 header claiming a tag far longer than the file, then pseudo-random bytes
 * sown with frame syncs whose headers are invalid (bitrate index 15, reserved sample rate).
 */
export function malformedMp3(): Buffer {
	const bytes = Buffer.alloc(8192);
	bytes.set([0x49, 0x44, 0x33, 4, 0, 0, 0x7f, 0x7f, 0x7f, 0x7f]);
	let state = 0x2545f491;
	for (let index = 10; index < bytes.length; index++) {
		state = (Math.imul(state, 1103515245) + 12345) >>> 0;
		bytes[index] = state >>> 24;
	}
	for (let index = 64; index + 4 < bytes.length; index += 509)
		bytes.set([0xff, 0xfb, 0xfc, 0xc0], index);
	return bytes;
}
