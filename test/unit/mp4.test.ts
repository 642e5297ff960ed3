import { bytesSource, measureAudio, type AudioMeasure } from '../../nodes/OmniHuman/media/audioLength';
import { recordingSource } from '../support/audioFixtures';
import { ascii, be32, box, concat } from '../support/audioBytes';

function seconds(measure: AudioMeasure): number {
	if (!measure.ok) throw new Error(`not measured: ${measure.reason}`);
	return measure.seconds;
}

describe('MP4 details', () => {
	const ftyp = box('ftyp', ascii('M4A '), be32(0), ascii('M4A isom'));
	const mvhd = (version: number, timescale: number, duration: number) =>
		version === 1
			? box('mvhd', Uint8Array.of(1, 0, 0, 0), new Uint8Array(16), be32(timescale), be32(Math.floor(duration / 2 ** 32)), be32(duration >>> 0), new Uint8Array(80))
			: box('mvhd', new Uint8Array(4), new Uint8Array(8), be32(timescale), be32(duration), new Uint8Array(80));

	test('mvhd version 0 and version 1 (64-bit duration)', async () => {
		expect(seconds(await measureAudio(bytesSource(concat(ftyp, box('moov', mvhd(0, 1000, 12345))))))).toBe(12.345);
		expect(seconds(await measureAudio(bytesSource(concat(ftyp, box('moov', mvhd(1, 48000, 48000 * 7.5))))))).toBe(7.5);
	});

	test('without a movie duration, the sound track mdhd gives it', async () => {
		const mdhd = box('mdhd', new Uint8Array(4), new Uint8Array(8), be32(22050), be32(22050 * 3), new Uint8Array(4));
		const hdlr = box('hdlr', new Uint8Array(8), ascii('soun'), new Uint8Array(12));
		const moov = box('moov', mvhd(0, 1000, 0), box('trak', box('mdia', mdhd, hdlr)));
		expect(seconds(await measureAudio(bytesSource(concat(ftyp, moov))))).toBe(3);
	});

	test('box size 1 (64-bit largesize) and size 0 (to the end of the file)', async () => {
		const mdat = concat(be32(1), ascii('mdat'), be32(0), be32(16 + 1000), new Uint8Array(1000));
		const moovToEnd = concat(be32(0), ascii('moov'), mvhd(0, 1000, 4200));
		expect(seconds(await measureAudio(bytesSource(concat(ftyp, mdat, moovToEnd))))).toBe(4.2);
	});

	test('a moov larger than the byte bound is refused, not read', async () => {
		const source = recordingSource(concat(ftyp, box('moov', mvhd(0, 1000, 1000), box('free', new Uint8Array(100_000)))));
		expect(await measureAudio(source, { maxBytes: 50_000 })).toMatchObject({
			ok: false,
			format: 'm4a',
			reason: 'its index (moov box) does not fit within the first 50 kB',
		});
		expect(source.returned()).toBeLessThanOrEqual(50_000);
	});

	const mehd = (version: number, duration: number) =>
		version === 1
			? box('mehd', Uint8Array.of(1, 0, 0, 0), be32(Math.floor(duration / 2 ** 32)), be32(duration >>> 0))
			: box('mehd', new Uint8Array(4), be32(duration));

	test("a fragmented file: the mvex's mehd duration in the movie's timescale (version 0 and 1)", async () => {
		for (const version of [0, 1]) {
			const moov = box('moov', mvhd(0, 1000, 0), box('mvex', box('trex', new Uint8Array(24)), mehd(version, 6500)));
			expect(seconds(await measureAudio(bytesSource(concat(ftyp, moov))))).toBe(6.5);
		}
	});

	test('the movie duration comes first, then the sound track, then the fragments', async () => {
		const mdhd = box('mdhd', new Uint8Array(4), new Uint8Array(8), be32(1000), be32(2000), new Uint8Array(4));
		const sound = box('trak', box('mdia', mdhd, box('hdlr', new Uint8Array(8), ascii('soun'), new Uint8Array(12))));
		const video = box('trak', box('mdia', mdhd, box('hdlr', new Uint8Array(8), ascii('vide'), new Uint8Array(12))));
		const fragments = box('mvex', mehd(0, 9000));
		expect(seconds(await measureAudio(bytesSource(concat(ftyp, box('moov', mvhd(0, 1000, 1000), sound, fragments)))))).toBe(1);
		expect(seconds(await measureAudio(bytesSource(concat(ftyp, box('moov', mvhd(0, 1000, 0), sound, fragments)))))).toBe(2);
		expect(seconds(await measureAudio(bytesSource(concat(ftyp, box('moov', mvhd(0, 1000, 0), video, fragments)))))).toBe(9);
	});

	test.each([
		['no duration anywhere', () => concat(ftyp, box('moov', mvhd(0, 1000, 0))), 'its index (moov box) gives no duration'],
		['an unknown duration (0xFFFFFFFF)', () => concat(ftyp, box('moov', mvhd(0, 1000, 0xffffffff))), 'its index (moov box) gives no duration'],
		['a timescale of 0', () => concat(ftyp, box('moov', mvhd(0, 0, 1000))), 'its index (moov box) gives no duration'],
		['a 64-bit duration past 2^53', () => concat(ftyp, box('moov', mvhd(1, 1000, 2 ** 53 + 2 ** 33))), 'its index (moov box) gives no duration'],
		['a moov that runs past the end of the file', () => concat(ftyp, box('moov', mvhd(0, 1000, 1000))).subarray(0, 60), 'its index (moov box) is cut short'],
		['an ftyp alone', () => ftyp, 'it has no index (moov box)'],
	])('%s is refused with a reason', async (_name, file, reason) => {
		expect(await measureAudio(bytesSource(file()))).toMatchObject({ ok: false, format: 'm4a', reason });
	});

	test('a moov cut short is found out from the bytes when the size is unknown', async () => {
		const cut = concat(ftyp, box('moov', mvhd(0, 1000, 1000))).subarray(0, 60);
		expect(await measureAudio(recordingSource(cut, { sizeKnown: false }))).toMatchObject({
			ok: false,
			reason: 'its index (moov box) is cut short',
		});
	});
});
