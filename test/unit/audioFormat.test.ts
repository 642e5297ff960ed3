import { audioFormatOf } from '../../nodes/OmniHuman/media/audioFormat';
import { adtsHeader, ascii, concat, id3, mp3Frames } from '../support/audioBytes';

describe('audioFormatOf: the format by its first bytes', () => {
	test('an MP3 or an AAC (ADTS) stream by its first frame header', () => {
		expect(audioFormatOf(mp3Frames(2))).toBe('mp3');
		expect(audioFormatOf(concat(adtsHeader(), new Uint8Array(93), adtsHeader()))).toBe('aac');
	});

	test('after an ID3v2 tag, the first frame header tells AAC from MP3, however far into the head', () => {
		expect(audioFormatOf(concat(id3(100), adtsHeader()))).toBe('aac');
		expect(audioFormatOf(concat(id3(100), new Uint8Array(8000).fill(0x11), adtsHeader()))).toBe('aac');
		expect(audioFormatOf(concat(id3(100), Uint8Array.of(0xff, 0x00), mp3Frames(1)))).toBe('mp3');
	});

	test("what the tag holds is not looked at: an ADTS header inside it does not make an MP3 an AAC", () => {
		const tag = id3(100);
		tag.set(adtsHeader(), 20);
		expect(audioFormatOf(concat(tag, mp3Frames(1)))).toBe('mp3');
	});

	test('after an ID3v2 tag with no frame header in the head (cover art), it is taken for an MP3', () => {
		expect(audioFormatOf(concat(id3(100), new Uint8Array(500).fill(0xff)))).toBe('mp3');
		expect(audioFormatOf(id3(20_000).subarray(0, 16 * 1024))).toBe('mp3');
	});

	test('a WAVE form only in a RIFF or RF64 file: another RIFF form (a WebP image) or another container is no audio', () => {
		const riff = (id: string, form: string) => concat(ascii(id), Uint8Array.of(36, 0, 0, 0), ascii(form), ascii('fmt '));
		expect(audioFormatOf(riff('RIFF', 'WAVE'))).toBe('wav');
		expect(audioFormatOf(riff('RF64', 'WAVE'))).toBe('wav');
		expect(audioFormatOf(riff('RIFF', 'WEBP'))).toBeUndefined();
		expect(audioFormatOf(riff('FORM', 'WAVE'))).toBeUndefined();
	});

	test('text, or a header cut short, is no audio format', () => {
		expect(audioFormatOf(ascii('<html>not audio</html>'))).toBeUndefined();
		expect(audioFormatOf(adtsHeader().subarray(0, 6))).toBeUndefined();
	});
});
