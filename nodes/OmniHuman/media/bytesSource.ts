import type { ByteSource } from './types';

/** A file held in memory as a ByteSource. */
export function bytesSource(bytes: Uint8Array): ByteSource {
	return {
		size: bytes.length,
		async read(offset: number, length: number): Promise<Uint8Array> {
			// subarray clamps the end and gives nothing for a NaN or negative length; a negative offset counts
			// from the end, so it is refused.
			if (!(offset >= 0)) return new Uint8Array(0);
			return bytes.subarray(offset, offset + length);
		},
	};
}
