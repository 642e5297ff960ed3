import { BoundedReader } from '../../nodes/OmniHuman/media/boundedReader';
import type { ByteSource } from '../../nodes/OmniHuman/media/types';
import { recordingSource } from '../support/audioFixtures';

const KB = 1024;
const file = (length: number) => Uint8Array.from({ length }, (_, index) => index % 251);

describe('BoundedReader: reads ahead, keeps what it read, never past its bound', () => {
	test('the first read takes 16 kB; reads that follow on double their window, up to 1 MB', async () => {
		const source = recordingSource(file(4_000_000));
		const reader = new BoundedReader(source, 4_000_000);
		let at = 0;
		for (let read = 0; read < 9; read++) {
			await reader.bytes(at, 10);
			at = source.reads[source.reads.length - 1].offset + source.reads[source.reads.length - 1].length;
		}
		expect(source.reads.map((read) => read.length / KB)).toEqual([16, 16, 32, 64, 128, 256, 512, 1024, 1024]);
	});

	test('a read that does not follow on keeps the window it had: it grows only while reads follow on', async () => {
		const source = recordingSource(file(4_000_000));
		const reader = new BoundedReader(source, 4_000_000);
		await reader.bytes(0, 10);
		await reader.bytes(16 * KB, 10);
		await reader.bytes(32 * KB, 10);
		await reader.bytes(1_000_000, 10);
		expect(source.reads.map((read) => [read.offset, read.length / KB])).toEqual([[0, 16], [16 * KB, 16], [32 * KB, 32], [1_000_000, 32]]);
	});

	test('bytes in hand are not read again; a read that starts in hand reads only what follows', async () => {
		const bytes = file(100_000);
		const source = recordingSource(bytes);
		const reader = new BoundedReader(source, 100_000);
		await reader.bytes(0, 10);
		expect(await reader.bytes(100, 200)).toEqual(bytes.subarray(100, 300));
		expect(source.reads).toHaveLength(1);
		expect(await reader.bytes(16_000, 1000)).toEqual(bytes.subarray(16_000, 17_000));
		expect(source.reads[1]).toMatchObject({ offset: 16 * KB });
		expect(reader.bytesRead).toBe(32 * KB);
	});

	test('a read that starts in the latest window reads only what follows it', async () => {
		const bytes = file(2_000_000);
		const source = recordingSource(bytes);
		const reader = new BoundedReader(source, 2_000_000);
		await reader.bytes(0, 10);
		await reader.bytes(1_000_000, 10);
		expect(await reader.bytes(1_010_000, 20_000)).toEqual(bytes.subarray(1_010_000, 1_030_000));
		expect(source.reads[2]).toMatchObject({ offset: 1_000_000 + 16 * KB });
	});

	test('a read that starts in both the head and the latest window reads only past the one that holds more', async () => {
		const bytes = file(10_000);
		const source = recordingSource(bytes);
		const reader = new BoundedReader(source, 10_000);
		await reader.bytes(500, 400, false);
		await reader.bytes(0, 1000, false);
		expect(await reader.bytes(600, 500, false)).toEqual(bytes.subarray(600, 1100));
		expect(source.reads.map((read) => [read.offset, read.length])).toEqual([[500, 400], [0, 1000], [1000, 100]]);
	});

	test('the head stays in hand after reads elsewhere; the latest window too', async () => {
		const source = recordingSource(file(2_000_000));
		const reader = new BoundedReader(source, 2_000_000);
		await reader.bytes(0, 10);
		await reader.bytes(1_000_000, 10);
		await reader.bytes(50, 100);
		await reader.bytes(1_000_100, 100);
		expect(source.reads).toHaveLength(2);
	});

	test('a read never asks past the known size; at or past the end it is empty, with no read', async () => {
		const source = recordingSource(file(20_000));
		const reader = new BoundedReader(source, 1_000_000);
		await reader.bytes(0, 10);
		expect(await reader.bytes(16 * KB, 10_000)).toHaveLength(20_000 - 16 * KB);
		expect(source.reads.map((read) => read.length)).toEqual([16 * KB, 20_000 - 16 * KB]);
		expect(await reader.bytes(20_000, 10)).toHaveLength(0);
		expect(source.reads).toHaveLength(2);
	});

	test('without read-ahead only what is asked is read', async () => {
		const source = recordingSource(file(100_000));
		await new BoundedReader(source, 100_000).bytes(5000, 100, false);
		expect(source.reads).toEqual([{ offset: 5000, length: 100, returned: 100 }]);
	});

	test.each([
		['a negative offset', -1, 10],
		['a fractional offset', 1.5, 10],
		['a length of 0', 500, 0],
		['the end of the file', 1000, 10],
		['a negative length', 0, -5],
		['a fractional length', 0, 2.5],
	])('%s reads nothing', async (_name, offset, length) => {
		const source = recordingSource(file(1000));
		expect(await new BoundedReader(source, 1000).bytes(offset, length)).toHaveLength(0);
		expect(source.reads).toHaveLength(0);
	});

	test('past the bound a read is refused, and upTo gives what the bound still allows', async () => {
		const source = recordingSource(file(100_000));
		const reader = new BoundedReader(source, 20_000);
		expect(await reader.upTo(0, 50_000)).toHaveLength(20_000);
		expect(await reader.upTo(20_000, 10)).toHaveLength(0);
		expect(await reader.upTo(19_990, 100)).toHaveLength(10);
		await expect(reader.bytes(20_000, 10)).rejects.toThrow('its length could not be read within the first 20 kB');
		expect(reader.bytesRead).toBe(20_000);
	});

	test('canRead: what is in hand, or what the bound still allows', async () => {
		const reader = new BoundedReader(recordingSource(file(100_000)), 20_000);
		await reader.bytes(0, 10);
		expect(reader.remaining()).toBe(20_000 - 16 * KB);
		expect(reader.canRead(0, 16 * KB)).toBe(true);
		expect(reader.canRead(50_000, 20_000 - 16 * KB)).toBe(true);
		expect(reader.canRead(50_000, 20_000 - 16 * KB + 1)).toBe(false);
	});

	test("a source's size is taken only when it is a whole number of 0 or more; more bytes than asked are cut", async () => {
		const sized = (size: number): ByteSource => ({ size, read: async () => file(50_000) });
		expect([-1, 1.5, Number.NaN, 0, 700].map((size) => new BoundedReader(sized(size), 1000).size)).toEqual([undefined, undefined, undefined, 0, 700]);
		const greedy = new BoundedReader(sized(Number.NaN), 100_000);
		expect(await greedy.bytes(0, 10, false)).toHaveLength(10);
		expect(greedy.bytesRead).toBe(10);
	});
});
