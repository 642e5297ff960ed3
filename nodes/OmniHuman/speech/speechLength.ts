import type { ItemRun } from '../nodeRun';
import type { Speech } from './speechAnswer';

/** How long an audio is, as the media readers (`media/`, `AudioMeasure`) answer. */
export type AudioLength =
	| { ok: true; format: string; seconds: number; bytesRead: number }
	| { ok: false; reason: string; format?: string; bytesRead: number };

/**
 * The synthesized speech's real length: from its bytes (a data URI), or from the head of its link, fetched
 * without the key within a size and time bound.
 */
export async function readSpeechLength(run: ItemRun, speech: Speech): Promise<AudioLength> {
	void run;
	void speech;
	return { ok: false, reason: 'the audio length is not read yet', bytesRead: 0 };
}
