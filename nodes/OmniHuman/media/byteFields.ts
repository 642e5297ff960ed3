/** Big- and little-endian fields read from a byte array; callers check the bounds first. */

export function uint32be(bytes: Uint8Array, at: number): number {
	return ((bytes[at] << 24) >>> 0) + (bytes[at + 1] << 16) + (bytes[at + 2] << 8) + bytes[at + 3];
}

/** A 64-bit big-endian integer, or undefined when it is beyond Number.MAX_SAFE_INTEGER. */
export function uint64be(bytes: Uint8Array, at: number): number | undefined {
	return safe64(uint32be(bytes, at), uint32be(bytes, at + 4));
}

export function uint16le(bytes: Uint8Array, at: number): number {
	return bytes[at] + (bytes[at + 1] << 8);
}

export function uint32le(bytes: Uint8Array, at: number): number {
	return bytes[at] + (bytes[at + 1] << 8) + (bytes[at + 2] << 16) + ((bytes[at + 3] << 24) >>> 0);
}

export function uint64le(bytes: Uint8Array, at: number): number | undefined {
	return safe64(uint32le(bytes, at + 4), uint32le(bytes, at));
}

function safe64(high: number, low: number): number | undefined {
	if (high >= 0x200000) return undefined;
	return high * 0x100000000 + low;
}

export function fourCc(bytes: Uint8Array, at: number): string {
	if (at < 0 || at + 4 > bytes.length) return '';
	return String.fromCharCode(bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]);
}
