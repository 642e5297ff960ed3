import { mp3FrameAt } from '../../nodes/OmniHuman/media/mp3Frame';
import { concat } from '../support/audioBytes';

const header = (b1: number, b2: number, b3 = 0) => Uint8Array.of(0xff, b1, b2, b3);

describe('mp3FrameAt: an MPEG audio Layer III frame header', () => {
	test('MPEG-1 at 128 kbit/s, 44.1 kHz: 417 bytes (418 padded), 1152 samples', () => {
		expect(mp3FrameAt(header(0xfb, 0x90), 0)).toMatchObject({ length: 417, samples: 1152, sampleRate: 44100, mpeg1: true });
		expect(mp3FrameAt(header(0xfb, 0x92), 0)).toMatchObject({ length: 418 });
	});

	test('MPEG-2 halves the sample rate and MPEG-2.5 quarters it (576 samples a frame)', () => {
		expect(mp3FrameAt(header(0xf3, 0x90), 0)).toMatchObject({ sampleRate: 22050, samples: 576, mpeg1: false });
		expect(mp3FrameAt(header(0xe3, 0x90), 0)).toMatchObject({ sampleRate: 11025, samples: 576, mpeg1: false });
	});

	test('the channel mode tells mono from stereo, and frames of the two are not of one stream', () => {
		const stereo = mp3FrameAt(header(0xfb, 0x90, 0x00), 0);
		const mono = mp3FrameAt(header(0xfb, 0x90, 0xc0), 0);
		expect([stereo?.mono, mono?.mono]).toEqual([false, true]);
		expect(mono?.key).not.toBe(stereo?.key);
	});

	test('a header anywhere in the bytes, but not one cut short', () => {
		const bytes = concat(Uint8Array.of(0, 0), header(0xfb, 0x90));
		expect(mp3FrameAt(bytes, 2)).toMatchObject({ length: 417 });
		expect(mp3FrameAt(bytes.subarray(0, 5), 2)).toBeUndefined();
	});

	test.each([
		['no sync byte', Uint8Array.of(0xfe, 0xfb, 0x90, 0)],
		['sync bits missing in the second byte', header(0x1b, 0x90)],
		['the reserved version', header(0xeb, 0x90)],
		['Layer II', header(0xfd, 0x90)],
		['free-format bitrate (index 0)', header(0xfb, 0x00)],
		['bitrate index 15', header(0xfb, 0xf0)],
		['the reserved sample rate', header(0xfb, 0x9c)],
		['the reserved emphasis', header(0xfb, 0x90, 0x02)],
	])('not a frame: %s', (_name, bytes) => {
		expect(mp3FrameAt(bytes, 0)).toBeUndefined();
	});
});
