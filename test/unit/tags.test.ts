import { BoundedReader } from '../../nodes/OmniHuman/media/boundedReader';
import { bytesSource } from '../../nodes/OmniHuman/media/bytesSource';
import { afterLeadingTags, beforeTrailingTags, id3v2Length } from '../../nodes/OmniHuman/media/tags';
import { recordingSource } from '../support/audioFixtures';
import { ascii, concat, id3, le32 } from '../support/audioBytes';

/** An APE tag's 32-byte footer (or header) giving `size` (items and footer), with or without a header. */
const apeFooter = (size: number, hasHeader: boolean) =>
	concat(ascii('APETAGEX'), le32(2000), le32(size), le32(1), Uint8Array.of(0, 0, 0, hasHeader ? 0x80 : 0), new Uint8Array(8));

const reader = (bytes: Uint8Array, maxBytes = 1_000_000) => new BoundedReader(bytesSource(bytes), maxBytes);

describe('ID3v2 tags before the audio', () => {
	test('a tag is its 10-byte header, its syncsafe size and, when flagged, a 10-byte footer', () => {
		expect(id3v2Length(id3(300))).toBe(310);
		expect(id3v2Length(id3(2 ** 21 + 5))).toBe(2 ** 21 + 15);
		expect(id3v2Length(id3(300, { flags: 0x10 }))).toBe(320);
		expect(id3v2Length(concat(new Uint8Array(5), id3(300)), 5)).toBe(310);
	});

	test('not a tag: no "ID3", a header cut short, version 0xFF, a size byte with its top bit set', () => {
		expect(id3v2Length(ascii('ID4\x04\0\0\0\0\0\x10'))).toBe(0);
		expect(id3v2Length(ascii('XD3\x04\0\0\0\0\0\x10'))).toBe(0);
		expect(id3v2Length(ascii('IX3\x04\0\0\0\0\0\x10'))).toBe(0);
		expect(id3v2Length(id3(300).subarray(0, 9))).toBe(0);
		expect(id3v2Length(id3(300, { version: 0xff }))).toBe(0);
		const badSize = id3(300);
		badSize[8] |= 0x80;
		expect(id3v2Length(badSize)).toBe(0);
	});

	test('chained tags are all skipped, up to 4', async () => {
		expect(await afterLeadingTags(reader(concat(id3(100), id3(50), Uint8Array.of(0xff))))).toBe(110 + 60);
		const five = concat(id3(10), id3(10), id3(10), id3(10), id3(10));
		expect(await afterLeadingTags(reader(five))).toBe(4 * 20);
	});
});

describe('tags after the audio', () => {
	const audio = new Uint8Array(1000).fill(0x55);

	test('an ID3v1 tag (TAG, 128 bytes) and an APE tag (with or without its header) end the audio', async () => {
		const id3v1 = concat(ascii('TAG'), new Uint8Array(125));
		expect(await beforeTrailingTags(reader(concat(audio, id3v1)))).toBe(1000);
		const withHeader = concat(apeFooter(64, true), new Uint8Array(32), apeFooter(64, true));
		expect(await beforeTrailingTags(reader(concat(audio, withHeader)))).toBe(1000);
		const footerOnly = concat(new Uint8Array(32), apeFooter(64, false));
		expect(await beforeTrailingTags(reader(concat(audio, footerOnly, id3v1)))).toBe(1000);
	});

	test('an APE tag of its footer alone (32 bytes) is a tag, even when it is the whole file', async () => {
		expect(await beforeTrailingTags(reader(concat(audio, apeFooter(32, false))))).toBe(1000);
		expect(await beforeTrailingTags(reader(apeFooter(32, false)))).toBe(0);
	});

	test('a footer-shaped block without both halves of "APETAGEX" is not a tag', async () => {
		const shaped = (id: string) => concat(ascii(id), apeFooter(64, false).subarray(8));
		expect(await beforeTrailingTags(reader(concat(audio, new Uint8Array(32), shaped('NOTAAGEX'))))).toBe(1064);
		expect(await beforeTrailingTags(reader(concat(audio, new Uint8Array(32), shaped('APETNOPE'))))).toBe(1064);
	});

	test('a tail already in hand is read even when the bound is spent', async () => {
		const bytes = concat(audio, ascii('TAG'), new Uint8Array(125));
		const spent = new BoundedReader(bytesSource(bytes), bytes.length);
		await spent.upTo(0, bytes.length);
		expect(await beforeTrailingTags(spent)).toBe(1000);
	});

	test('an APE size the file cannot hold, or smaller than its footer, is not a tag', async () => {
		expect(await beforeTrailingTags(reader(concat(new Uint8Array(10), apeFooter(5000, false))))).toBe(42);
		expect(await beforeTrailingTags(reader(concat(audio, apeFooter(16, false))))).toBe(1032);
	});

	test('a file of fewer than 128 bytes has no ID3v1 tag; an unknown size, or a tail past the bound, is not read', async () => {
		expect(await beforeTrailingTags(reader(concat(ascii('TAG'), new Uint8Array(100))))).toBe(103);
		const unknown = recordingSource(concat(audio, ascii('TAG'), new Uint8Array(125)), { sizeKnown: false });
		expect(await beforeTrailingTags(new BoundedReader(unknown, 1_000_000))).toBeUndefined();
		const bounded = recordingSource(concat(audio, ascii('TAG'), new Uint8Array(125)));
		expect(await beforeTrailingTags(new BoundedReader(bounded, 100))).toBe(1128);
		expect(bounded.reads).toHaveLength(0);
	});
});
