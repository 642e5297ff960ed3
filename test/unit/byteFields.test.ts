import { fourCc, uint16le, uint32be, uint32le, uint64be, uint64le } from '../../nodes/OmniHuman/media/byteFields';

describe('byte fields', () => {
	const bytes = Uint8Array.of(0xff, 0xfe, 0x01, 0x02, 0x80, 0x00, 0x00, 0x01, 0x52, 0x49, 0x46, 0x46);

	test('unsigned 16 and 32 bits, both byte orders', () => {
		expect(uint16le(bytes, 0)).toBe(0xfeff);
		expect(uint32be(bytes, 0)).toBe(0xfffe0102);
		expect(uint32le(bytes, 0)).toBe(0x0201feff);
		expect(uint32le(bytes, 4)).toBe(0x01000080);
		expect(uint32be(bytes, 4)).toBe(0x80000001);
	});

	test('64 bits up to 2^53 - 1; beyond, undefined', () => {
		const be = (high: number, low: number) => Uint8Array.of(high >>> 24, (high >>> 16) & 255, (high >>> 8) & 255, high & 255, low >>> 24, (low >>> 16) & 255, (low >>> 8) & 255, low & 255);
		expect(uint64be(be(0x1fffff, 0xffffffff), 0)).toBe(Number.MAX_SAFE_INTEGER);
		expect(uint64be(be(0x200000, 0), 0)).toBeUndefined();
		expect(uint64be(be(1, 2), 0)).toBe(2 ** 32 + 2);
		expect(uint64le(be(0, 0).reverse(), 0)).toBe(0);
		expect(uint64le(Uint8Array.of(2, 0, 0, 0, 1, 0, 0, 0), 0)).toBe(2 ** 32 + 2);
		expect(uint64le(Uint8Array.of(0, 0, 0, 0, 0, 0, 0x20, 0), 0)).toBeUndefined();
	});

	test('a four-character code, or "" when the bytes do not hold one', () => {
		expect(fourCc(bytes, 8)).toBe('RIFF');
		expect(fourCc(bytes, 9)).toBe('');
		expect(fourCc(bytes, -1)).toBe('');
	});
});
