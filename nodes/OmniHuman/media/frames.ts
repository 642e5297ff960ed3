/** One frame of a framed audio stream (MP3 or ADTS), read from its header. */
export interface Frame {
	/** Bytes from this header to the next. */
	length: number;
	samples: number;
	sampleRate: number;
	/** Fields every frame of one stream shares (version, layer, rate, channels): tells a real sync from noise. */
	key: number;
}

export interface FrameSyntax {
	/** Bytes a header needs to be parsed. */
	headerBytes: number;
	/** The longest frame this syntax allows. */
	maxFrameBytes: number;
	parse(bytes: Uint8Array, at: number): Frame | undefined;
}
