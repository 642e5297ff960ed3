import type { BoundedReader } from './boundedReader';
import { ADTS_FRAMES } from './adtsFrame';
import { findFirstFrame, walkedLength } from './frameWalk';
import { afterLeadingTags, beforeTrailingTags } from './tags';
import type { FormatReading } from './types';

/** A raw AAC (ADTS) stream's length: its frames walked (1024 samples per block), or estimated past the bound. */
export async function readAdts(reader: BoundedReader): Promise<FormatReading> {
	const start = await afterLeadingTags(reader);
	const first = await findFirstFrame(reader, ADTS_FRAMES, start);
	if (!first) return { reason: 'no AAC (ADTS) frame was found in it' };
	const audioEnd = await beforeTrailingTags(reader);
	return await walkedLength(reader, ADTS_FRAMES, first.offset, first.frame.key, audioEnd);
}
