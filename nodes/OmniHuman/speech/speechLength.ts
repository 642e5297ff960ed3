import { bytesSource, measureAudio, type AudioMeasure } from '../media/audioLength';
import type { ItemRun } from '../nodeRun';
import type { Speech } from './speechAnswer';

/** How long an audio is, as the media readers answer. */
export type AudioLength = AudioMeasure;

/**
 * The synthesized speech's real length: from its bytes (a data URI), or from the head of its link, fetched
 * without the key within a size and time bound (`run.pricing.measureAudio`). Never throws.
 */
export async function readSpeechLength(run: ItemRun, speech: Speech): Promise<AudioLength> {
	const data = /^data:[^,]*;base64,/.exec(speech.audioUrl);
	if (data)
		return await measureAudio(
			bytesSource(Buffer.from(speech.audioUrl.slice(data[0].length), 'base64')),
		);
	return await run.pricing.measureAudio(speech.audioUrl);
}
