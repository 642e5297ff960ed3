import { adtsFrameAt } from '../../nodes/OmniHuman/media/adtsFrame';
import { adtsHeader, concat } from '../support/audioBytes';

describe('adtsFrameAt: an AAC ADTS frame header', () => {
	test('the frame length and sample rate from the header, 1024 samples per raw data block', () => {
		expect(adtsFrameAt(adtsHeader({ length: 300 }), 0)).toEqual(
			expect.objectContaining({ length: 300, samples: 1024, sampleRate: 44100 }),
		);
		expect(adtsFrameAt(adtsHeader({ blocks: 2 }), 0)).toMatchObject({ samples: 2048 });
		expect(adtsFrameAt(adtsHeader({ rateIndex: 12 }), 0)).toMatchObject({ sampleRate: 7350 });
	});

	test('a frame must be longer than its header: 7 bytes, or 9 with a CRC', () => {
		expect(adtsFrameAt(adtsHeader({ length: 8 }), 0)).toMatchObject({ length: 8 });
		expect(adtsFrameAt(adtsHeader({ length: 7 }), 0)).toBeUndefined();
		expect(adtsFrameAt(adtsHeader({ length: 9, crc: true }), 0)).toBeUndefined();
		expect(adtsFrameAt(adtsHeader({ length: 10, crc: true }), 0)).toMatchObject({ length: 10 });
	});

	test('a header anywhere in the bytes, but not one cut short', () => {
		const bytes = concat(Uint8Array.of(0), adtsHeader());
		expect(adtsFrameAt(bytes, 1)).toMatchObject({ length: 100 });
		expect(adtsFrameAt(bytes.subarray(0, 7), 1)).toBeUndefined();
	});

	test.each([
		['no sync byte', Uint8Array.of(0xfe, ...adtsHeader().subarray(1))],
		['a layer other than 00 (MPEG audio, not ADTS)', Uint8Array.of(0xff, 0xf7, ...adtsHeader().subarray(2))],
		['the reserved sample rate index 13', adtsHeader({ rateIndex: 13 })],
	])('not a frame: %s', (_name, bytes) => {
		expect(adtsFrameAt(bytes, 0)).toBeUndefined();
	});
});
