import { adtsFrameAt } from './adtsFrame';
import { fourCc } from './byteFields';
import { mp3FrameAt } from './mp3Frame';
import { id3v2Length } from './tags';
import type { AudioFormat } from './types';

function framedFormatAt(head: Uint8Array, at: number): AudioFormat | undefined {
	if (mp3FrameAt(head, at)) return 'mp3';
	if (adtsFrameAt(head, at)) return 'aac';
	return undefined;
}

/**
 * The audio format by the file's first bytes (its magic), not its name or Content-Type: RIFF/RF64 WAVE,
 * an ISO media `ftyp` (M4A/MP4), an MPEG audio or ADTS frame header, possibly after an ID3v2 tag.
 */
export function audioFormatOf(head: Uint8Array): AudioFormat | undefined {
	const riff = fourCc(head, 0);
	if ((riff === 'RIFF' || riff === 'RF64') && fourCc(head, 8) === 'WAVE') return 'wav';
	if (fourCc(head, 4) === 'ftyp') return 'm4a';
	const tag = id3v2Length(head);
	if (tag === 0) return framedFormatAt(head, 0);
	// Past the tag, the first frame header tells MP3 from AAC; none in the head (a tag longer than the head,
	// cover art) is most often MP3.
	for (let at = head.indexOf(0xff, tag); at >= 0; at = head.indexOf(0xff, at + 1)) {
		const format = framedFormatAt(head, at);
		if (format) return format;
	}
	return 'mp3';
}
