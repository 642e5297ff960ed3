/**
 * Silent but valid audio of a given length, so a synthesized speech URL plays, probes to its estimated
 * duration (ffprobe) and can feed the simulator's video render without any speech engine.
 */

/** Longest placeholder made, so a huge script cannot fill memory. */
export const MAX_PLACEHOLDER_SECONDS = 600;

const MP3_SAMPLE_RATE = 44100;
const MP3_SAMPLES_PER_FRAME = 1152;
/** MPEG-1 Layer III, no CRC, 128 kbit/s, 44.1 kHz, no padding, mono. */
const MP3_FRAME_HEADER = Buffer.from([0xff, 0xfb, 0x90, 0xc0]);
const MP3_FRAME_BYTES = Math.floor((144 * 128000) / MP3_SAMPLE_RATE);

/** Whole MP3 frames that fit in `seconds` (at least one): the audio never runs past the length asked for. */
export function mp3FrameCount(seconds: number): number {
	return Math.max(1, Math.floor((clamp(seconds) * MP3_SAMPLE_RATE) / MP3_SAMPLES_PER_FRAME + 1e-9));
}

/** MP3 frames whose side information is all zero: every decoder plays them as silence. */
export function silentMp3(seconds: number): Buffer {
	const frames = mp3FrameCount(seconds);
	const frame = Buffer.alloc(MP3_FRAME_BYTES);
	MP3_FRAME_HEADER.copy(frame);
	return Buffer.concat(Array.from({ length: frames }, () => frame));
}

const WAV_SAMPLE_RATE = 16000;

/** 16 kHz, 16-bit mono PCM WAV of silence. */
export function silentWav(seconds: number): Buffer {
	const dataBytes = Math.max(2, Math.round(clamp(seconds) * WAV_SAMPLE_RATE) * 2);
	const header = Buffer.alloc(44);
	header.write('RIFF', 0, 'ascii');
	header.writeUInt32LE(36 + dataBytes, 4);
	header.write('WAVEfmt ', 8, 'ascii');
	header.writeUInt32LE(16, 16);
	header.writeUInt16LE(1, 20);
	header.writeUInt16LE(1, 22);
	header.writeUInt32LE(WAV_SAMPLE_RATE, 24);
	header.writeUInt32LE(WAV_SAMPLE_RATE * 2, 28);
	header.writeUInt16LE(2, 32);
	header.writeUInt16LE(16, 34);
	header.write('data', 36, 'ascii');
	header.writeUInt32LE(dataBytes, 40);
	return Buffer.concat([header, Buffer.alloc(dataBytes)]);
}

export function silentAudio(format: 'mp3' | 'wav', seconds: number): Buffer {
	return format === 'mp3' ? silentMp3(seconds) : silentWav(seconds);
}

function clamp(seconds: number): number {
	return Math.min(Math.max(seconds, 0), MAX_PLACEHOLDER_SECONDS);
}
