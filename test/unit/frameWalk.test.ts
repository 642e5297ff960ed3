import { BoundedReader } from '../../nodes/OmniHuman/media/boundedReader';
import { findFirstFrame, walkedLength } from '../../nodes/OmniHuman/media/frameWalk';
import { MP3_FRAMES } from '../../nodes/OmniHuman/media/mp3Frame';
import { recordingSource } from '../support/audioFixtures';
import { concat, mp3Frame, mp3Frames, MP3_FRAME_SECONDS } from '../support/audioBytes';

const reader = (bytes: Uint8Array, options: { sizeKnown?: boolean; maxBytes?: number } = {}) =>
	new BoundedReader(recordingSource(bytes, { sizeKnown: options.sizeKnown }), options.maxBytes ?? 10_000_000);
const junk = (length: number) => new Uint8Array(length).fill(0x11);
const KEY = MP3_FRAMES.parse(mp3Frame(), 0)?.key as number;

describe('findFirstFrame: the first header whose next frame is of the same stream', () => {
	test('past junk, and past a lone header whose next frame is not one', async () => {
		const lone = concat(mp3Frame({ mono: true }).subarray(0, 4), junk(600));
		const bytes = concat(junk(100), lone, mp3Frames(3));
		expect(await findFirstFrame(reader(bytes), MP3_FRAMES, 0)).toMatchObject({ offset: 704, frame: { length: 417 } });
		expect(await findFirstFrame(reader(bytes), MP3_FRAMES, 50)).toMatchObject({ offset: 704 });
	});

	test('a file of one frame is accepted when it ends there, and only when its size says so', async () => {
		expect(await findFirstFrame(reader(mp3Frames(1)), MP3_FRAMES, 0)).toMatchObject({ offset: 0 });
		expect(await findFirstFrame(reader(concat(mp3Frames(1), junk(10))), MP3_FRAMES, 0)).toBeUndefined();
		expect(await findFirstFrame(reader(mp3Frames(1), { sizeKnown: false }), MP3_FRAMES, 0)).toBeUndefined();
		expect(await findFirstFrame(reader(concat(junk(10), mp3Frames(1))), MP3_FRAMES, 5)).toMatchObject({ offset: 10 });
	});

	test('a frame whose next header lies past the byte bound is not taken on trust', async () => {
		expect(await findFirstFrame(reader(mp3Frames(3), { maxBytes: 419 }), MP3_FRAMES, 0)).toBeUndefined();
		expect(await findFirstFrame(reader(mp3Frames(3), { maxBytes: 421 }), MP3_FRAMES, 0)).toMatchObject({ offset: 0 });
	});

	test('looked for within 2 kB, then within 64 kB; not beyond', async () => {
		expect(await findFirstFrame(reader(concat(junk(2048), mp3Frames(5))), MP3_FRAMES, 0)).toMatchObject({ offset: 2048 });
		expect(await findFirstFrame(reader(concat(junk(2049), mp3Frames(5))), MP3_FRAMES, 0)).toMatchObject({ offset: 2049 });
		expect(await findFirstFrame(reader(concat(junk(64 * 1024), mp3Frames(5))), MP3_FRAMES, 0)).toMatchObject({ offset: 64 * 1024 });
		expect(await findFirstFrame(reader(concat(junk(64 * 1024 + 1), mp3Frames(5))), MP3_FRAMES, 0)).toBeUndefined();
	});

	test('a file that ends within a scan is scanned to its end', async () => {
		expect(await findFirstFrame(reader(concat(junk(2049), mp3Frames(2))), MP3_FRAMES, 0)).toMatchObject({ offset: 2049 });
		expect(await findFirstFrame(reader(concat(junk(64 * 1024 + 1), mp3Frames(2))), MP3_FRAMES, 0)).toMatchObject({ offset: 64 * 1024 + 1 });
	});

	test('a file that ends within the first 2 kB is not read again', async () => {
		const source = recordingSource(junk(1500), { sizeKnown: false });
		expect(await findFirstFrame(new BoundedReader(source, 1_000_000), MP3_FRAMES, 0)).toBeUndefined();
		expect(source.reads).toHaveLength(1);
	});
});

describe('walkedLength: the frames added up, or estimated', () => {
	test('every frame to the end of the file, or to where the audio ends', async () => {
		expect(await walkedLength(reader(mp3Frames(30)), MP3_FRAMES, 0, KEY, undefined)).toEqual({ seconds: expect.closeTo(30 * MP3_FRAME_SECONDS, 9) });
		expect(await walkedLength(reader(mp3Frames(30)), MP3_FRAMES, 0, KEY, 10 * 417)).toEqual({ seconds: expect.closeTo(10 * MP3_FRAME_SECONDS, 9) });
		expect(await walkedLength(reader(mp3Frames(30)), MP3_FRAMES, 417, KEY, 10 * 417 + 3)).toEqual({ seconds: expect.closeTo(9 * MP3_FRAME_SECONDS, 9) });
	});

	test('bytes that are not frames of the stream: the rest estimated from the walked part when the end is known', async () => {
		const bytes = concat(mp3Frames(10), junk(417 * 10));
		expect(await walkedLength(reader(bytes), MP3_FRAMES, 0, KEY, bytes.length)).toEqual({ seconds: expect.closeTo(20 * MP3_FRAME_SECONDS, 9) });
		expect(await walkedLength(reader(bytes), MP3_FRAMES, 0, KEY + 1, bytes.length)).toEqual({
			reason: 'its audio frames could not be followed to the end',
		});
		expect(await walkedLength(reader(bytes, { sizeKnown: false }), MP3_FRAMES, 0, KEY, undefined)).toEqual({
			reason: 'its audio frames could not be followed to the end',
		});
	});

	test('the byte bound: estimated from the walked part with a known end, else refused', async () => {
		const bytes = mp3Frames(100);
		const estimate = await walkedLength(reader(bytes, { maxBytes: 417 * 10 + 100 }), MP3_FRAMES, 0, KEY, bytes.length);
		expect(estimate).toEqual({ seconds: expect.closeTo(100 * MP3_FRAME_SECONDS, 9) });
		expect(await walkedLength(reader(bytes, { maxBytes: 4200, sizeKnown: false }), MP3_FRAMES, 0, KEY, undefined)).toEqual({
			reason: 'its length could not be read within the first 4 kB',
		});
	});

	test('a last frame cut right after its header counts, as any cut-short last frame does', async () => {
		const bytes = concat(mp3Frames(5), mp3Frame().subarray(0, 4));
		expect(await walkedLength(reader(bytes), MP3_FRAMES, 5 * 417, KEY, undefined)).toEqual({ seconds: expect.closeTo(MP3_FRAME_SECONDS, 9) });
		expect(await walkedLength(reader(bytes), MP3_FRAMES, 0, KEY, bytes.length)).toEqual({ seconds: expect.closeTo(6 * MP3_FRAME_SECONDS, 9) });
	});

	test('the end of the file is told from the byte bound: by the bound not being spent, or by the size', async () => {
		// Size unknown: the bound had 4 bytes left when the file ended.
		expect(await walkedLength(reader(mp3Frames(3), { sizeKnown: false, maxBytes: 3 * 417 + 4 }), MP3_FRAMES, 0, KEY, undefined)).toEqual({
			seconds: expect.closeTo(3 * MP3_FRAME_SECONDS, 9),
		});
		// Size known: 2 bytes of the bound left, and the file ends where the walk stopped.
		expect(await walkedLength(reader(mp3Frames(3), { maxBytes: 3 * 417 + 2 }), MP3_FRAMES, 0, KEY, undefined)).toEqual({
			seconds: expect.closeTo(3 * MP3_FRAME_SECONDS, 9),
		});
		// Size known: 4 bytes past the walk, 2 of them past the bound: not the end.
		const tail = concat(mp3Frames(3), junk(4));
		expect(await walkedLength(reader(tail, { maxBytes: 3 * 417 + 2 }), MP3_FRAMES, 0, KEY, undefined)).toEqual({
			reason: 'its length could not be read within the first 1 kB',
		});
	});

	test('the estimate counts from where the walk started', async () => {
		const bytes = concat(junk(1000), mp3Frames(10), junk(417 * 10));
		expect(await walkedLength(reader(bytes), MP3_FRAMES, 1000, KEY, bytes.length)).toEqual({ seconds: expect.closeTo(20 * MP3_FRAME_SECONDS, 9) });
	});

	test('a file that ends inside a frame header ends the walk there', async () => {
		const bytes = concat(mp3Frames(5), mp3Frame().subarray(0, 3));
		expect(await walkedLength(reader(bytes), MP3_FRAMES, 0, KEY, undefined)).toEqual({ seconds: expect.closeTo(5 * MP3_FRAME_SECONDS, 9) });
		expect(await walkedLength(reader(bytes, { sizeKnown: false }), MP3_FRAMES, 0, KEY, undefined)).toEqual({ seconds: expect.closeTo(5 * MP3_FRAME_SECONDS, 9) });
	});
});
