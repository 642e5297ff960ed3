import { audioFormatOf, bytesSource, measureAudio, type ByteSource } from '../../nodes/OmniHuman/media/audioLength';
import { BoundedReader } from '../../nodes/OmniHuman/media/boundedReader';
import { audioFixture, audioManifest, recordingSource, secondsOf, seededRandom } from '../support/audioFixtures';
import { ascii, be32, box, concat } from '../support/audioBytes';

const TOLERANCE_S = 0.05;
const fixtures = Object.entries(audioManifest);
const small = fixtures.filter(([file]) => !file.startsWith('bench-'));

describe('measureAudio over the ffmpeg-made fixtures', () => {
	test.each(fixtures)('%s: within ±0.05 s of ffprobe, format by its bytes', async (file, entry) => {
		const bytes = audioFixture(file);
		expect(audioFormatOf(bytes.subarray(0, 16 * 1024))).toBe(entry.format);
		const measure = await measureAudio(bytesSource(bytes));
		expect(measure).toMatchObject({ ok: true, format: entry.format });
		expect(Math.abs(secondsOf(measure) - entry.duration)).toBeLessThanOrEqual(TOLERANCE_S);
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
		expect(secondsOf(await measureAudio(source))).toBeCloseTo(audioManifest['m4a-moov-end.m4a'].duration, 2);
		expect(source.returned()).toBeLessThan(40 * 1024);
	});
});

describe('malformed input', () => {
	test.each([
		['empty', new Uint8Array(0), 'the file is empty'],
		['text', ascii('<html>not audio</html>'), 'not an MP3, WAV, M4A or AAC file'],
		['an ID3 tag with no audio', concat(ascii('ID3'), Uint8Array.of(3, 0, 0, 0, 0, 0, 20), new Uint8Array(20)), 'no MP3 audio frame was found in it'],
		['an ftyp alone', box('ftyp', ascii('M4A ')), 'it has no index (moov box)'],
	])('%s → ok:false with a reason', async (_name, bytes, reason) => {
		expect(await measureAudio(bytesSource(bytes))).toMatchObject({ ok: false, reason });
	});

	test('a bound of 0 bytes reads nothing and says so', async () => {
		const source = recordingSource(audioFixture('wav-pcm16.wav'));
		expect(await measureAudio(source, { maxBytes: 0 })).toMatchObject({ ok: false, reason: 'no bytes may be read', bytesRead: 0 });
		expect(source.returned()).toBe(0);
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
