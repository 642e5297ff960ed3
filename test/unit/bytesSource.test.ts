import { bytesSource } from '../../nodes/OmniHuman/media/bytesSource';
import { megabytes } from '../../nodes/OmniHuman/media/types';

describe('bytesSource: a file in memory', () => {
	const source = bytesSource(Uint8Array.from({ length: 100 }, (_, index) => index));

	test('its size, and up to `length` bytes from `offset`', async () => {
		expect(source.size).toBe(100);
		expect(Array.from(await source.read(10, 3))).toEqual([10, 11, 12]);
		expect(await source.read(90, 20)).toHaveLength(10);
		expect(await source.read(0, 100)).toHaveLength(100);
	});

	test.each([
		['a negative offset', -1, 10],
		['a negative offset with a length past the end', -1, 200],
		['a NaN offset', Number.NaN, 10],
		['a length of 0', 0, 0],
		['a NaN length', 0, Number.NaN],
		['the end of the file', 100, 10],
	])('%s reads nothing', async (_name, offset, length) => {
		expect(await source.read(offset, length)).toHaveLength(0);
	});
});

describe('megabytes: byte counts in the reasons', () => {
	test.each([
		[20_000, '20 kB'],
		[999_000, '999 kB'],
		[1_000_000, '1 MB'],
		[1_500_000, '1.5 MB'],
		[1_234_567, '1.2 MB'],
		[5_000_000, '5 MB'],
	])('%d bytes: %s', (bytes, text) => {
		expect(megabytes(bytes)).toBe(text);
	});
});
