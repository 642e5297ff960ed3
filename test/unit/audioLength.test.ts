import { audioFormatOf, bytesSource, measureAudio, type AudioMeasure, type ByteSource } from '../../nodes/OmniHuman/media/audioLength';
import { BoundedReader } from '../../nodes/OmniHuman/media/boundedReader';
import { mp3FrameAt } from '../../nodes/OmniHuman/media/mp3Frame';
import { audioFixture, audioManifest, recordingSource, seededRandom } from '../support/audioFixtures';

const TOLERANCE_S = 0.05;
const fixtures = Object.entries(audioManifest);
const small = fixtures.filter(([file]) => !file.startsWith('bench-'));

function concat(...parts: Uint8Array[]): Uint8Array {
	const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
	let at = 0;
	for (const part of parts) {
		out.set(part, at);
		at += part.length;
	}
	return out;
}

const be32 = (value: number) => Uint8Array.of(value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255);
const le32 = (value: number) => Uint8Array.of(value & 255, (value >>> 8) & 255, (value >>> 16) & 255, value >>> 24);
const ascii = (text: string) => Uint8Array.from(text, (char) => char.charCodeAt(0));
const box = (type: string, ...body: Uint8Array[]) => {
	const content = concat(...body);
	return concat(be32(8 + content.length), ascii(type), content);
};

function seconds(measure: AudioMeasure): number {
	if (!measure.ok) throw new Error(`not measured: ${measure.reason}`);
	return measure.seconds;
}

/** The offset of the first MP3 frame after the ID3v2 tag ffmpeg writes. */
function firstFrameOffset(bytes: Uint8Array): number {
	const tag = bytes[0] === 0x49 ? 10 + ((bytes[6] << 21) | (bytes[7] << 14) | (bytes[8] << 7) | bytes[9]) : 0;
	return tag;
}

describe('measureAudio over the ffmpeg-made fixtures', () => {
	test.each(fixtures)('%s: within ±0.05 s of ffprobe, format by its bytes', async (file, entry) => {
		const bytes = audioFixture(file);
		expect(audioFormatOf(bytes.subarray(0, 16 * 1024))).toBe(entry.format);
		const measure = await measureAudio(bytesSource(bytes));
		expect(measure).toMatchObject({ ok: true, format: entry.format });
		expect(Math.abs(seconds(measure) - entry.duration)).toBeLessThanOrEqual(TOLERANCE_S);
	});

	test('headers are enough where the format has them: WAV, Xing MP3 and M4A read only the 16 KB head', async () => {
		for (const file of ['bench-pcm-25s.wav', 'bench-vbr-25s.mp3', 'mp3-vbr-xing.mp3']) {
			const source = recordingSource(audioFixture(file));
			const measure = await measureAudio(source);
			expect(measure.ok).toBe(true);
			expect(source.returned()).toBeLessThanOrEqual(16 * 1024);
		}
	});

	test('an MP4 whose moov sits after a large mdat reads the moov by itself, not the mdat', async () => {
		const original = audioFixture('m4a-moov-end.m4a');
		const padded = concat(original.subarray(0, 28), box('free', new Uint8Array(2_000_000)), original.subarray(28));
		expect(String.fromCharCode(...original.subarray(4, 8))).toBe('ftyp');
		const source = recordingSource(padded);
		expect(seconds(await measureAudio(source))).toBeCloseTo(audioManifest['m4a-moov-end.m4a'].duration, 2);
		expect(source.returned()).toBeLessThan(40 * 1024);
	});
});

describe('MP3 details', () => {
	const cbr = audioFixture('mp3-cbr-noxing.mp3');
	const cbrSeconds = audioManifest['mp3-cbr-noxing.mp3'].duration;

	test('a false sync before the first frame is not taken for one (the next header must match)', async () => {
		const start = firstFrameOffset(cbr);
		// A valid-looking MPEG-1 header (128 kbit/s, 44.1 kHz) followed by noise, before the real frames.
		const fake = concat(Uint8Array.of(0xff, 0xfb, 0x90, 0x00), new Uint8Array(600).fill(0x11));
		const bytes = concat(cbr.subarray(0, start), fake, cbr.subarray(start));
		expect(seconds(await measureAudio(bytesSource(bytes)))).toBeCloseTo(cbrSeconds, 2);
	});

	test('a large ID3v2 tag (cover art) is skipped by its size, not read or scanned', async () => {
		const start = firstFrameOffset(cbr);
		const body = 200_000;
		const syncsafe = Uint8Array.of((body >> 21) & 127, (body >> 14) & 127, (body >> 7) & 127, body & 127);
		const art = new Uint8Array(body).fill(0xff); // 0xFF bytes everywhere: syncs to be fooled by
		const bytes = concat(ascii('ID3'), Uint8Array.of(3, 0, 0), syncsafe, art, cbr.subarray(start));
		const source = recordingSource(bytes);
		expect(seconds(await measureAudio(source))).toBeCloseTo(cbrSeconds, 2);
		expect(source.returned()).toBeLessThan(16 * 1024 + cbr.length);
	});

	test('a trailing ID3v1 tag and APE tag are not audio', async () => {
		const ape = concat(ascii('APETAGEX'), le32(2000), le32(64), le32(0), Uint8Array.of(0, 0, 0, 0x80), new Uint8Array(8));
		const apeTag = concat(ape, new Uint8Array(32), ape); // header, items, footer
		const id3v1 = concat(ascii('TAG'), new Uint8Array(125));
		const bytes = concat(cbr, apeTag, id3v1);
		expect(seconds(await measureAudio(bytesSource(bytes)))).toBeCloseTo(cbrSeconds, 2);
	});

	test('a VBRI header gives the frame count', async () => {
		const start = firstFrameOffset(cbr);
		const frame = mp3FrameAt(cbr, start);
		if (!frame) throw new Error('no frame');
		const vbri = new Uint8Array(frame.length);
		vbri.set(cbr.subarray(start, start + 4));
		vbri.set(ascii('VBRI'), 36);
		vbri.set(be32(80), 36 + 14); // the walk would find 82 frames
		const bytes = concat(vbri, cbr.subarray(start));
		expect(seconds(await measureAudio(bytesSource(bytes)))).toBeCloseTo((80 * 1152) / 44100, 6);
	});

	test('a Xing frame count the file cannot hold is ignored: the frames are walked', async () => {
		const vbr = Uint8Array.from(audioFixture('mp3-vbr-xing.mp3'));
		const xing = Buffer.from(vbr).indexOf('Xing');
		vbr.set(be32(0x7fffffff), xing + 8);
		expect(seconds(await measureAudio(bytesSource(vbr)))).toBeCloseTo(audioManifest['mp3-vbr-xing.mp3'].duration, 1);
	});

	test('past the byte bound a CBR stream is estimated from the size; without a size it is refused', async () => {
		const bench = audioFixture('bench-cbr-25s.mp3');
		const limited = recordingSource(bench);
		const estimate = await measureAudio(limited, { maxBytes: 20_000 });
		expect(Math.abs(seconds(estimate) - audioManifest['bench-cbr-25s.mp3'].duration)).toBeLessThan(0.1);
		expect(limited.returned()).toBeLessThanOrEqual(20_000);
		const sizeless = await measureAudio(recordingSource(bench, { sizeKnown: false }), { maxBytes: 20_000 });
		expect(sizeless).toMatchObject({ ok: false, reason: 'its length could not be read within the first 20 kB' });
	});

	test('ADTS past the byte bound is estimated from the average frame size', async () => {
		const aac = audioFixture('adts.aac');
		const measure = await measureAudio(bytesSource(aac), { maxBytes: 3000 });
		expect(Math.abs(seconds(measure) - audioManifest['adts.aac'].duration)).toBeLessThan(0.15);
		expect(measure.bytesRead).toBeLessThanOrEqual(3000);
	});
});

describe('WAV details', () => {
	function wav(dataSize: number, dataBytes: number, extra: Uint8Array = new Uint8Array(0), riff = 'RIFF') {
		// 16-bit mono PCM at 8 kHz: 16,000 bytes a second.
		const fmt = concat(ascii('fmt '), le32(16), Uint8Array.of(1, 0, 1, 0), le32(8000), le32(16000), Uint8Array.of(2, 0, 16, 0));
		return concat(ascii(riff), le32(0), ascii('WAVE'), fmt, extra, ascii('data'), le32(dataSize), new Uint8Array(dataBytes));
	}

	test('data size ÷ byte rate', async () => {
		expect(seconds(await measureAudio(bytesSource(wav(32000, 32000))))).toBe(2);
	});

	test('a streamed WAV (data size 0 or 0xFFFFFFFF) runs to the end of the file', async () => {
		expect(seconds(await measureAudio(bytesSource(wav(0, 24000))))).toBe(1.5);
		expect(seconds(await measureAudio(bytesSource(wav(0xffffffff, 8000))))).toBe(0.5);
		expect(await measureAudio(recordingSource(wav(0, 8000), { sizeKnown: false }))).toMatchObject({ ok: false });
	});

	test('an odd-sized chunk before data is padded to an even size', async () => {
		const list = concat(ascii('LIST'), le32(5), ascii('INFOx'), Uint8Array.of(0));
		expect(seconds(await measureAudio(bytesSource(wav(16000, 16000, list))))).toBe(1);
	});

	test('a file cut short holds only what is there', async () => {
		expect(seconds(await measureAudio(bytesSource(wav(160000, 8000))))).toBe(0.5);
	});
});

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
		expect(await measureAudio(source, { maxBytes: 50_000 })).toMatchObject({ ok: false, format: 'm4a' });
		expect(source.returned()).toBeLessThanOrEqual(50_000);
	});
});

describe('malformed input', () => {
	test.each([
		['empty', new Uint8Array(0), 'the file is empty'],
		['text', ascii('<html>not audio</html>'), 'not an MP3, WAV, M4A or AAC file'],
		['an ID3 tag with no audio', concat(ascii('ID3'), Uint8Array.of(3, 0, 0, 0, 0, 0, 20), new Uint8Array(20)), 'no MP3 audio frame was found in it'],
		['a WAV header alone', ascii('RIFF\0\0\0\0WAVE'), 'it has no fmt chunk'],
		['an ftyp alone', box('ftyp', ascii('M4A ')), 'it has no index (moov box)'],
	])('%s → ok:false with a reason', async (_name, bytes, reason) => {
		expect(await measureAudio(bytesSource(bytes))).toMatchObject({ ok: false, reason });
	});

	test('the reader refuses a read past its bound instead of reading it', async () => {
		const reader = new BoundedReader(bytesSource(new Uint8Array(1000)), 100);
		await expect(reader.bytes(0, 200)).rejects.toThrow('its length could not be read within the first 0 kB');
		expect(reader.bytesRead).toBe(0);
	});

	test('a source that throws, lies about its size or returns more than asked never crashes', async () => {
		const throwing: ByteSource = { size: 1000, read: async () => Promise.reject(new Error('disk gone')) };
		expect(await measureAudio(throwing)).toMatchObject({ ok: false, reason: 'the file could not be read' });
		const wav = audioFixture('wav-pcm16.wav');
		const greedy: ByteSource = { size: Number.NaN, read: async () => wav };
		const measure = await measureAudio(greedy, { maxBytes: 100 });
		expect(measure.bytesRead).toBeLessThanOrEqual(100);
	});

	test('fuzz: thousands of mutated and truncated fixtures end with ok:false or a finite positive length, within the bound', async () => {
		const random = seededRandom(22);
		const pick = (n: number) => Math.floor(random() * n);
		const maxBytes = 48 * 1024;
		const extremes = [0, 1, 0xffffffff, 0x7fffffff, 0x80000000, 8, 16];
		let cases = 0;
		let measured = 0;
		for (let round = 0; round < 250; round++) {
			for (const [file] of small) {
				const bytes = Uint8Array.from(audioFixture(file));
				const kind = pick(5);
				let mutated: Uint8Array = bytes;
				if (kind === 0) for (let flips = 1 + pick(8); flips > 0; flips--) bytes[pick(bytes.length)] = pick(256);
				else if (kind === 1) mutated = bytes.subarray(0, pick(bytes.length));
				else if (kind === 2) bytes.set(be32(extremes[pick(extremes.length)]), pick(Math.min(bytes.length - 4, 400)));
				else if (kind === 3) {
					const at = pick(bytes.length);
					mutated = concat(bytes.subarray(0, at), bytes.subarray(pick(bytes.length)), bytes.subarray(at));
				} else bytes.fill(pick(2) ? 0 : 0xff, pick(bytes.length), pick(bytes.length));
				const source = recordingSource(mutated, { sizeKnown: pick(10) !== 0 });
				const measure = await measureAudio(source, { maxBytes });
				cases++;
				expect(source.returned()).toBeLessThanOrEqual(maxBytes);
				expect(measure.bytesRead).toBeLessThanOrEqual(maxBytes);
				expect(source.reads.length).toBeLessThan(2000);
				if (measure.ok) {
					measured++;
					expect(Number.isFinite(measure.seconds) && measure.seconds > 0).toBe(true);
				} else {
					expect(measure.reason).toMatch(/^[a-z]/);
				}
			}
		}
		expect(cases).toBeGreaterThanOrEqual(3000);
		expect(measured).toBeGreaterThan(cases / 4);
	});
});
