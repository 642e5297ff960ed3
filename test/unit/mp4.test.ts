import { bytesSource, measureAudio } from '../../nodes/OmniHuman/media/audioLength';
import { recordingSource, secondsOf } from '../support/audioFixtures';
import { ascii, be32, box, concat } from '../support/audioBytes';

describe('MP4 details', () => {
	const ftyp = box('ftyp', ascii('M4A '), be32(0), ascii('M4A isom'));
	const mvhd = (version: number, timescale: number, duration: number) =>
		version === 1
			? box('mvhd', Uint8Array.of(1, 0, 0, 0), new Uint8Array(16), be32(timescale), be32(Math.floor(duration / 2 ** 32)), be32(duration >>> 0), new Uint8Array(80))
			: box('mvhd', new Uint8Array(4), new Uint8Array(8), be32(timescale), be32(duration), new Uint8Array(80));

	test('mvhd version 0 and version 1 (64-bit duration)', async () => {
		expect(secondsOf(await measureAudio(bytesSource(concat(ftyp, box('moov', mvhd(0, 1000, 12345))))))).toBe(12.345);
		expect(secondsOf(await measureAudio(bytesSource(concat(ftyp, box('moov', mvhd(1, 48000, 48000 * 7.5))))))).toBe(7.5);
	});

	test('without a movie duration, the sound track mdhd gives it', async () => {
		const mdhd = box('mdhd', new Uint8Array(4), new Uint8Array(8), be32(22050), be32(22050 * 3), new Uint8Array(4));
		const hdlr = box('hdlr', new Uint8Array(8), ascii('soun'), new Uint8Array(12));
		const moov = box('moov', mvhd(0, 1000, 0), box('trak', box('mdia', mdhd, hdlr)));
		expect(secondsOf(await measureAudio(bytesSource(concat(ftyp, moov))))).toBe(3);
	});

	test('box size 1 (64-bit largesize) and size 0 (to the end of the file)', async () => {
		const mdat = concat(be32(1), ascii('mdat'), be32(0), be32(16 + 1000), new Uint8Array(1000));
		const moovToEnd = concat(be32(0), ascii('moov'), mvhd(0, 1000, 4200));
		expect(secondsOf(await measureAudio(bytesSource(concat(ftyp, mdat, moovToEnd))))).toBe(4.2);
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
			expect(secondsOf(await measureAudio(bytesSource(concat(ftyp, moov))))).toBe(6.5);
		}
	});

	test('the movie duration comes first, then the sound track, then the fragments', async () => {
		const mdhd = box('mdhd', new Uint8Array(4), new Uint8Array(8), be32(1000), be32(2000), new Uint8Array(4));
		const sound = box('trak', box('mdia', mdhd, box('hdlr', new Uint8Array(8), ascii('soun'), new Uint8Array(12))));
		const video = box('trak', box('mdia', mdhd, box('hdlr', new Uint8Array(8), ascii('vide'), new Uint8Array(12))));
		const fragments = box('mvex', mehd(0, 9000));
		expect(secondsOf(await measureAudio(bytesSource(concat(ftyp, box('moov', mvhd(0, 1000, 1000), sound, fragments)))))).toBe(1);
		expect(secondsOf(await measureAudio(bytesSource(concat(ftyp, box('moov', mvhd(0, 1000, 0), sound, fragments)))))).toBe(2);
		expect(secondsOf(await measureAudio(bytesSource(concat(ftyp, box('moov', mvhd(0, 1000, 0), video, fragments)))))).toBe(9);
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

	const mdhd = (seconds: number) => box('mdhd', new Uint8Array(4), new Uint8Array(8), be32(1000), be32(seconds * 1000), new Uint8Array(4));
	const hdlr = (handler: string) => box('hdlr', new Uint8Array(8), ascii(handler), new Uint8Array(12));
	const soundTrak = (seconds: number) => box('trak', box('mdia', mdhd(seconds), hdlr('soun')));
	const measured = async (...boxes: Uint8Array[]) => await measureAudio(bytesSource(concat(ftyp, ...boxes)));
	const NO_DURATION = { ok: false, reason: 'its index (moov box) gives no duration' };

	test('the first sound track gives the length, from a trak only, from its mdia only, whatever the order of mdhd and hdlr', async () => {
		expect(secondsOf(await measured(box('moov', mvhd(0, 1000, 0), soundTrak(2), soundTrak(5))))).toBe(2);
		expect(secondsOf(await measured(box('moov', mvhd(0, 1000, 0), box('udta', box('mdia', mdhd(5), hdlr('soun'))), soundTrak(2))))).toBe(2);
		expect(secondsOf(await measured(box('moov', mvhd(0, 1000, 0), box('trak', box('mdia', mdhd(2), hdlr('soun')), box('edts', mdhd(5), hdlr('soun'))))))).toBe(2);
		expect(secondsOf(await measured(box('moov', mvhd(0, 1000, 0), box('trak', box('mdia', hdlr('soun'), mdhd(3))))))).toBe(3);
	});

	test('an hdlr of 12 bytes is read; one cut shorter is no handler, whatever follows it', async () => {
		const shortHdlr = (bytes: number) => box('hdlr', new Uint8Array(8), ascii('soun')).subarray(0, 8 + bytes);
		const withHdlr = (hdlrBox: Uint8Array, after: Uint8Array) =>
			box('moov', mvhd(0, 1000, 0), box('trak', concat(box('mdia', mdhd(3), hdlrBox), after)));
		const fixSize = (bytes: Uint8Array) => concat(be32(bytes.length), bytes.subarray(4));
		expect(secondsOf(await measured(withHdlr(fixSize(shortHdlr(12)), new Uint8Array(0))))).toBe(3);
		expect(await measured(withHdlr(fixSize(shortHdlr(8)), ascii('soun')))).toMatchObject(NO_DURATION);
	});

	test("an mvhd just long enough is read; one cut short is no duration, not the next box's bytes", async () => {
		const minimal = box('mvhd', new Uint8Array(4), new Uint8Array(8), be32(1000), be32(2500));
		expect(secondsOf(await measured(box('moov', minimal)))).toBe(2.5);
		const cut = box('mvhd', new Uint8Array(4), new Uint8Array(8));
		expect(await measured(box('moov', cut, box('free', be32(1000), be32(2500))))).toMatchObject(NO_DURATION);
	});

	test('fragments: the mehd among the mvex boxes, in any order; one cut short is no duration', async () => {
		const trex = box('trex', new Uint8Array(24));
		expect(secondsOf(await measured(box('moov', mvhd(0, 1000, 0), box('mvex', mehd(0, 6500), trex))))).toBe(6.5);
		const cutMehd = box('mehd', new Uint8Array(4));
		expect(await measured(box('moov', mvhd(0, 1000, 0), box('mvex', cutMehd, box('free', new Uint8Array(4000)))))).toMatchObject(NO_DURATION);
	});

	test("fragments: the movie's timescale from an mvhd of version 1, or one that ends at its timescale; none from one cut before it", async () => {
		expect(secondsOf(await measured(box('moov', mvhd(1, 500, 0), box('mvex', mehd(0, 1000)))))).toBe(2);
		const toTimescale = box('mvhd', new Uint8Array(4), new Uint8Array(8), be32(1000));
		expect(secondsOf(await measured(box('moov', toTimescale, box('mvex', mehd(0, 4000)))))).toBe(4);
		const beforeTimescale = box('mvhd', new Uint8Array(4), new Uint8Array(8));
		expect(await measured(box('moov', beforeTimescale, box('mvex', mehd(0, 4000))))).toMatchObject(NO_DURATION);
	});

	test('inside the index: a box of size 0 runs to the end of its parent; one that runs past its parent is not read', async () => {
		const toEnd = concat(be32(0), ascii('mvhd'), mvhd(0, 1000, 1500).subarray(8));
		expect(secondsOf(await measured(box('moov', box('free', new Uint8Array(4)), toEnd)))).toBe(1.5);
		const mdiaBody = concat(mdhd(3), hdlr('soun'));
		const pastItsTrak = box('trak', be32(8 + mdiaBody.length), ascii('mdia'));
		expect(await measured(box('moov', mvhd(0, 1000, 0), pastItsTrak, mdiaBody))).toMatchObject(NO_DURATION);
	});

	const free = (count: number) => Array.from({ length: count }, () => box('free'));

	test('at most 4096 boxes of the index are looked at', async () => {
		expect(secondsOf(await measured(box('moov', ...free(4095), mvhd(0, 1000, 1000))))).toBe(1);
		expect(await measured(box('moov', ...free(4096), mvhd(0, 1000, 1000)))).toMatchObject(NO_DURATION);
	});

	test('at most 256 top-level boxes are walked to the index', async () => {
		expect(secondsOf(await measured(...free(254), box('moov', mvhd(0, 1000, 1000))))).toBe(1);
		expect(await measured(...free(255), box('moov', mvhd(0, 1000, 1000)))).toMatchObject({ ok: false, reason: 'it has no index (moov box)' });
	});

	test('a top-level box smaller than its header ends the walk', async () => {
		expect(await measured(be32(4), box('moov', mvhd(0, 1000, 1000)))).toMatchObject({ ok: false, reason: 'it has no index (moov box)' });
	});

	test('a moov that claims more than the file holds is cut short (not too large), down to its header alone', async () => {
		expect(await measured(be32(10_000_000), ascii('moov'), mvhd(0, 1000, 1000))).toMatchObject({ ok: false, reason: 'its index (moov box) is cut short' });
		expect(await measured(be32(200), ascii('moov'))).toMatchObject({ ok: false, reason: 'its index (moov box) is cut short' });
	});

	test('a large moov is read by itself: nothing after it', async () => {
		// Its header's read takes 16 kB of it; the rest (4 kB) is read alone, not with a read-ahead window.
		const moov = box('moov', mvhd(0, 1000, 1000), box('free', new Uint8Array(20_000)));
		const before = concat(ftyp, box('mdat', new Uint8Array(40_000)));
		const source = recordingSource(concat(before, moov, box('free', new Uint8Array(100_000))));
		expect(secondsOf(await measureAudio(source))).toBe(1);
		expect(Math.max(...source.reads.map((read) => read.offset + read.returned))).toBe(before.length + moov.length);
	});
});
