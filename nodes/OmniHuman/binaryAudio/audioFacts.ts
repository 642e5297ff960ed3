/**
 * What Audio Source "Binary" needs to know of an audio file from its own bytes: which of the formats the
 * models take it is, and how long it plays. One small seam, so the reader behind it can change.
 *
 * Provisional reader: MP3 (frame by frame, so VBR too) and WAV (data size over byte rate) are measured,
 * M4A and AAC are recognised only. It stands in for `media/audioLength.ts` (`audioFormatOf`,
 * `measureAudio`) until that lands, and is then replaced by it behind the same interface.
 */
export interface AudioFormat {
	name: 'MP3' | 'WAV' | 'M4A' | 'AAC';
	mimeType: string;
}

export interface AudioFacts {
	/** Undefined: none of MP3, WAV, M4A, AAC. */
	format?: AudioFormat;
	/** Undefined: the length could not be read from the bytes (`reason` says why, when known). */
	seconds?: number;
	reason?: string;
}

export type ReadAudioFacts = (bytes: Uint8Array) => Promise<AudioFacts>;

const FORMATS: Record<AudioFormat['name'], AudioFormat> = {
	MP3: { name: 'MP3', mimeType: 'audio/mpeg' },
	WAV: { name: 'WAV', mimeType: 'audio/wav' },
	M4A: { name: 'M4A', mimeType: 'audio/mp4' },
	AAC: { name: 'AAC', mimeType: 'audio/aac' },
};

export const readAudioFacts: ReadAudioFacts = async (bytes) =>
	await Promise.resolve(factsOf(bytes));

function factsOf(bytes: Uint8Array): AudioFacts {
	const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
	if (bytes.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WAVE')
		return { format: FORMATS.WAV, seconds: wavSeconds(bytes) };
	if (bytes.length >= 12 && ascii(4, 8) === 'ftyp') return { format: FORMATS.M4A };
	const start = id3Length(bytes);
	if (bytes[start] === 0xff && (bytes[start + 1] & 0xf6) === 0xf0) return { format: FORMATS.AAC };
	if (mp3Frame(bytes, start)) return { format: FORMATS.MP3, seconds: mp3Seconds(bytes, start) };
	return {};
}

function wavSeconds(bytes: Uint8Array): number | undefined {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	let byteRate: number | undefined;
	for (let at = 12; at + 8 <= bytes.length; ) {
		const id = String.fromCharCode(...bytes.subarray(at, at + 4));
		const size = view.getUint32(at + 4, true);
		if (id === 'fmt ' && at + 16 <= bytes.length) byteRate = view.getUint32(at + 16, true);
		if (id === 'data') return byteRate ? size / byteRate : undefined;
		at += 8 + size + (size % 2);
	}
	return undefined;
}

/** An ID3v2 tag's length (header included), 0 when there is none. */
function id3Length(bytes: Uint8Array): number {
	if (bytes.length < 10 || String.fromCharCode(...bytes.subarray(0, 3)) !== 'ID3') return 0;
	const size = (bytes[6] << 21) | (bytes[7] << 14) | (bytes[8] << 7) | bytes[9];
	return 10 + size + (bytes[5] & 0x10 ? 10 : 0);
}

const BITRATES_KBPS: Record<string, number[]> = {
	'1': [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
	'2': [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
};
const SAMPLE_RATES: Record<string, number[]> = {
	'1': [44100, 48000, 32000],
	'2': [22050, 24000, 16000],
	'2.5': [11025, 12000, 8000],
};

/** An MPEG audio Layer III frame at `at`: its length in bytes and how long it plays. */
function mp3Frame(bytes: Uint8Array, at: number): { bytes: number; seconds: number } | undefined {
	if (at + 4 > bytes.length || bytes[at] !== 0xff || (bytes[at + 1] & 0xe0) !== 0xe0)
		return undefined;
	const version = ['2.5', undefined, '2', '1'][(bytes[at + 1] >> 3) & 3];
	if (!version || ((bytes[at + 1] >> 1) & 3) !== 1) return undefined;
	const kbps = BITRATES_KBPS[version === '1' ? '1' : '2'][bytes[at + 2] >> 4];
	const sampleRate = SAMPLE_RATES[version][(bytes[at + 2] >> 2) & 3];
	if (!kbps || !sampleRate) return undefined;
	const samples = version === '1' ? 1152 : 576;
	const padding = (bytes[at + 2] >> 1) & 1;
	const length = Math.floor((samples / 8) * ((kbps * 1000) / sampleRate)) + padding;
	return { bytes: length, seconds: samples / sampleRate };
}

function mp3Seconds(bytes: Uint8Array, start: number): number | undefined {
	let seconds = 0;
	let at = start;
	for (let frame = mp3Frame(bytes, at); frame; frame = mp3Frame(bytes, at)) {
		seconds += frame.seconds;
		at += frame.bytes;
	}
	// Frames must run to the end (a trailing ID3v1 tag aside): otherwise the length is not known.
	return bytes.length - at <= 128 ? seconds : undefined;
}
