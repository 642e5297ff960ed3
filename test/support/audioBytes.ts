/** Audio files built byte by byte, for the format readers' edge cases that ffmpeg does not write. */

export function concat(...parts: Uint8Array[]): Uint8Array {
	const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
	let at = 0;
	for (const part of parts) {
		out.set(part, at);
		at += part.length;
	}
	return out;
}

export const be32 = (value: number) => Uint8Array.of(value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255);
export const le32 = (value: number) => Uint8Array.of(value & 255, (value >>> 8) & 255, (value >>> 16) & 255, value >>> 24);
export const le16 = (value: number) => Uint8Array.of(value & 255, (value >>> 8) & 255);
export const ascii = (text: string) => Uint8Array.from(text, (char) => char.charCodeAt(0));

/** An ISO media box. */
export const box = (type: string, ...body: Uint8Array[]) => {
	const content = concat(...body);
	return concat(be32(8 + content.length), ascii(type), content);
};

/** An ID3v2 tag of `body` bytes (syncsafe size), version 4 unless told, with a footer when `flags` has 0x10. */
export const id3 = (body: number, options: { version?: number; flags?: number } = {}) =>
	concat(
		ascii('ID3'),
		Uint8Array.of(options.version ?? 4, 0, options.flags ?? 0, (body >> 21) & 127, (body >> 14) & 127, (body >> 7) & 127, body & 127),
		new Uint8Array(body + ((options.flags ?? 0) & 0x10 ? 10 : 0)),
	);

/** A RIFF chunk: id, size (the body's unless `declared`), body, and the pad byte of an odd size. */
export function riffChunk(id: string, body: Uint8Array, declared = body.length): Uint8Array {
	return concat(ascii(id), le32(declared), body, new Uint8Array(body.length & 1));
}

/** A `fmt ` chunk body: 16-bit mono PCM at 8 kHz (16,000 bytes a second) unless told otherwise. */
export function fmtBody(fields: { format?: number; sampleRate?: number; byteRate?: number; blockAlign?: number } = {}) {
	const { format = 1, sampleRate = 8000, byteRate = 16000, blockAlign = 2 } = fields;
	return concat(le16(format), le16(1), le32(sampleRate), le32(byteRate), le16(blockAlign), le16(16));
}

export function wavFile(chunks: Uint8Array[], kind: 'RIFF' | 'RF64' = 'RIFF'): Uint8Array {
	return concat(ascii(kind), le32(0), ascii('WAVE'), ...chunks);
}

/**
 * An MPEG-1 Layer III frame at 128 kbit/s, 44.1 kHz: 417 bytes (418 with padding), 1152 samples; `body` is
 * written after its 4-byte header.
 */
export function mp3Frame(options: { mono?: boolean; padded?: boolean; body?: Uint8Array } = {}): Uint8Array {
	const frame = new Uint8Array(options.padded ? 418 : 417);
	frame.set([0xff, 0xfb, options.padded ? 0x92 : 0x90, options.mono ? 0xc0 : 0x00]);
	if (options.body) frame.set(options.body.subarray(0, frame.length - 4), 4);
	return frame;
}

export const MP3_FRAME_SECONDS = 1152 / 44100;

/** `count` plain frames of mp3Frame (the first `padded` of them with the padding byte). */
export function mp3Frames(count: number, padded = 0): Uint8Array {
	const plain = mp3Frame();
	const withPadding = mp3Frame({ padded: true });
	return concat(...Array.from({ length: count }, (_, index) => (index < padded ? withPadding : plain)));
}

/** An ADTS header (7 bytes, or 9 with a CRC): AAC LC, 44.1 kHz (rate index 4), stereo unless told otherwise. */
export function adtsHeader(fields: { length?: number; rateIndex?: number; blocks?: number; crc?: boolean } = {}) {
	const { length = 100, rateIndex = 4, blocks = 1, crc = false } = fields;
	const channels = 2;
	const header = Uint8Array.of(
		0xff,
		crc ? 0xf0 : 0xf1,
		(1 << 6) | (rateIndex << 2) | (channels >> 2),
		((channels & 3) << 6) | ((length >> 11) & 3),
		(length >> 3) & 0xff,
		((length & 7) << 5) | 0x1f,
		0xfc | ((blocks - 1) & 3),
	);
	return crc ? concat(header, new Uint8Array(2)) : header;
}
