import { bytesSource, measureAudio, type AudioMeasure } from '../../nodes/OmniHuman/media/audioLength';
import { mp3FrameAt } from '../../nodes/OmniHuman/media/mp3Frame';
import { audioFixture, audioManifest, recordingSource, secondsOf } from '../support/audioFixtures';
import { ascii, be32, concat, id3, le32, mp3Frame, mp3Frames, MP3_FRAME_SECONDS } from '../support/audioBytes';

function seconds(measure: AudioMeasure): number;
function seconds(bytes: Uint8Array): Promise<number>;
function seconds(input: AudioMeasure | Uint8Array): number | Promise<number> {
	return input instanceof Uint8Array ? measureAudio(bytesSource(input)).then(secondsOf) : secondsOf(input);
}

/** Where a stereo MPEG-1 frame's Xing header starts: after the 4-byte header and 32 bytes of side information. */
const XING_AT = 4 + 32;

/** A Xing frame (count `count`, frames flag set) then `frames` frames of audio; LAME names it Info in a CBR file. */
function xingFile(count: number, frames: number, options: { mono?: boolean; tag?: 'Xing' | 'Info' } = {}): Uint8Array {
	const sideInfo = options.mono ? 17 : 32;
	const body = concat(new Uint8Array(sideInfo), ascii(options.tag ?? 'Xing'), be32(1), be32(count));
	return concat(mp3Frame({ mono: options.mono, body }), ...Array.from({ length: frames }, () => mp3Frame(options)));
}

/** The offset of the first MP3 frame after the ID3v2 tag ffmpeg writes. */
function firstFrameOffset(bytes: Uint8Array): number {
	const tag = bytes[0] === 0x49 ? 10 + ((bytes[6] << 21) | (bytes[7] << 14) | (bytes[8] << 7) | bytes[9]) : 0;
	return tag;
}

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

	test('the Xing header sits after the side information: 32 bytes in stereo, 17 in mono', async () => {
		for (const mono of [false, true]) {
			const frames = xingFile(50, 20, { mono });
			expect(await seconds(frames)).toBeCloseTo(50 * MP3_FRAME_SECONDS, 9);
		}
	});

	test("a LAME Info header (a CBR file's) gives the count as a Xing one does: the header's own frame is not audio", async () => {
		expect(await seconds(xingFile(20, 20, { tag: 'Info' }))).toBeCloseTo(20 * MP3_FRAME_SECONDS, 9);
		expect(await seconds(xingFile(30, 20, { tag: 'Info' }))).toBeCloseTo(30 * MP3_FRAME_SECONDS, 9);
	});

	test('a Xing count the file can hold (within 5 % of its minimum-size frames) is taken; a larger one is walked', async () => {
		// 21 frames of 417 bytes: room for (8,757 × 1.05 + 4,096) ÷ 104 = 127 minimum-size frames.
		expect(await seconds(xingFile(125, 20))).toBeCloseTo(125 * MP3_FRAME_SECONDS, 9);
		expect(await seconds(xingFile(200, 20))).toBeCloseTo(20 * MP3_FRAME_SECONDS, 9);
	});

	test('a first frame cut short right after its Xing or VBRI frame count still gives the count', async () => {
		const xing = xingFile(10, 0).subarray(0, XING_AT + 12);
		expect(await seconds(xing)).toBeCloseTo(10 * MP3_FRAME_SECONDS, 9);
		const vbri = mp3Frame({ body: concat(new Uint8Array(32), ascii('VBRI'), new Uint8Array(10), be32(10)) }).subarray(0, 36 + 18);
		expect(await seconds(vbri)).toBeCloseTo(10 * MP3_FRAME_SECONDS, 9);
	});

	test('a file of up to 1 MB is read in one request after its head; a larger one in windows of at most 1 MB', async () => {
		// 2,514 frames, 238 of them padded: exactly 1 MB.
		const oneMegabyte = mp3Frames(2514, 238);
		expect(oneMegabyte.length).toBe(1024 * 1024);
		const small = recordingSource(oneMegabyte);
		expect(seconds(await measureAudio(small))).toBeCloseTo(2514 * MP3_FRAME_SECONDS, 6);
		expect(small.reads).toHaveLength(2);
		// A 300 kB tag (cover art) before the same megabyte of audio is skipped, not counted against the one read.
		const tagged = recordingSource(concat(id3(300_000), oneMegabyte));
		expect(seconds(await measureAudio(tagged))).toBeCloseTo(2514 * MP3_FRAME_SECONDS, 6);
		expect(tagged.reads.at(-1)).toMatchObject({ offset: 300_010 + 16 * 1024, length: 1024 * 1024 - 16 * 1024 });
		const large = recordingSource(mp3Frames(4000));
		expect(seconds(await measureAudio(large))).toBeCloseTo(4000 * MP3_FRAME_SECONDS, 6);
		expect(Math.max(...large.reads.map((read) => read.length))).toBeLessThanOrEqual(1024 * 1024);
	});
});
