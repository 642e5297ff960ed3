import { audioFileAt } from './audioFiles';

/**
 * How long a video job's speech really is, as the service measures it, never from what the client says of
 * it: the simulator's own audio files by construction, a `/v1/tts` synthesis by its tracked duration, the
 * demo's sample by its measured length, a `sim-audio-seconds=` hint in the URL, else `DEFAULT_AUDIO_SECONDS`.
 * The same figure is billed (per second, rounded up) and checked against the model's audio limit.
 */
export const DEFAULT_AUDIO_SECONDS = 21;

/** examples/media/speech.mp3 (22,050 Hz mono, 48 kbit/s), measured with `ffprobe -show_entries format=duration`. */
export const SAMPLE_SPEECH_SECONDS = 7.836735;

export type SpeechAudioSource = 'audio-file' | 'synthesis' | 'sample' | 'hint' | 'default';

export interface SpeechAudio {
	seconds: number;
	bytes?: number;
	source: SpeechAudioSource;
	/** Not audio at all (`/audio/malformed.mp3`): the service refuses it. */
	unsupported?: boolean;
}

export interface SpeechAudioClues {
	/** Whether a URL is served by this simulator (its API or video origin). */
	isOwn: (url: URL) => boolean;
	/** The synthesis the link points at, if it is one. */
	synthesis?: { durationSeconds: number; bytes: number };
	/** `sim-audio-seconds=` of the audio URL. */
	hintedSeconds?: number;
}

export function speechAudioOf(link: unknown, clues: SpeechAudioClues): SpeechAudio {
	if (clues.synthesis)
		return {
			seconds: clues.synthesis.durationSeconds,
			bytes: clues.synthesis.bytes,
			source: 'synthesis',
		};
	const url = typeof link === 'string' && /^https?:\/\//i.test(link) ? new URL(link) : undefined;
	if (url && clues.isOwn(url)) {
		const file = audioFileAt(url.pathname, url.searchParams.get('sim-moov') === 'start');
		if (file?.malformed)
			return {
				seconds: Number.NaN,
				bytes: file.bytes.length,
				source: 'audio-file',
				unsupported: true,
			};
		if (file) return { seconds: file.seconds, bytes: file.bytes.length, source: 'audio-file' };
		if (url.pathname === '/samples/speech.mp3')
			return { seconds: SAMPLE_SPEECH_SECONDS, source: 'sample' };
	}
	if (clues.hintedSeconds !== undefined) return { seconds: clues.hintedSeconds, source: 'hint' };
	return { seconds: DEFAULT_AUDIO_SECONDS, source: 'default' };
}
