import type { ByteSource } from './types';

/** A file held in memory as a ByteSource. */
export function bytesSource(bytes: Uint8Array): ByteSource {
	return {
		size: bytes.length,
		async read(offset: number, length: number): Promise<Uint8Array> {
			if (!(offset >= 0) || !(length > 0) || offset >= bytes.length) return new Uint8Array(0);
			return bytes.subarray(offset, Math.min(bytes.length, offset + length));
		},
	};
}
