import type { ItemRun } from '../nodeRun';
import type { Speech } from './speechAnswer';

/** How long an audio is, as the media readers answer. */
export type AudioLength =
	| { ok: true; format: string; seconds: number }
	| { ok: false; reason: string };

/**
 * The synthesized speech's real length: from its bytes (a data URI), or from the head of its link, fetched
 * without the key within a size and time bound.
 */
export async function readSpeechLength(run: ItemRun, speech: Speech): Promise<AudioLength> {
	void run;
	void speech;
	return { ok: false, reason: 'the audio length is not read yet' };
}
