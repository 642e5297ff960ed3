import { audioFormatOf, bytesSource, measureAudio } from '../media/audioLength';
import type { AudioFormat as MediaFormat } from '../media/audioLength';

/**
 * What Audio Source "Binary" needs to know of an audio file from its own bytes: which of the formats the
 * models take it is, and how long it plays (read by `media/`).
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

const FORMATS: Record<MediaFormat, AudioFormat> = {
	mp3: { name: 'MP3', mimeType: 'audio/mpeg' },
	wav: { name: 'WAV', mimeType: 'audio/wav' },
	m4a: { name: 'M4A', mimeType: 'audio/mp4' },
	aac: { name: 'AAC', mimeType: 'audio/aac' },
};

export const readAudioFacts: ReadAudioFacts = async (bytes) => {
	const kind = audioFormatOf(bytes);
	if (!kind) return {};
	const measure = await measureAudio(bytesSource(bytes));
	return measure.ok
		? { format: FORMATS[kind], seconds: measure.seconds }
		: { format: FORMATS[kind], reason: measure.reason };
};
