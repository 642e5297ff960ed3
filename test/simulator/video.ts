import type { ServerResponse } from 'node:http';

const CHUNK = 64 * 1024;

/** A minimal MP4 header (`ftyp` box) so the bytes look like the real thing; the rest is a fixed pattern. */
const FTYP = Buffer.from([
	0x00, 0x00, 0x00, 0x18, 0x66, 0x74, 0x79, 0x70, 0x69, 0x73, 0x6f, 0x6d, 0x00, 0x00, 0x02, 0x00, 0x69, 0x73, 0x6f, 0x6d,
	0x6d, 0x70, 0x34, 0x31,
]);

/** Byte `i` of the simulated video of any size, computed, so a 1 GiB video never sits in memory. */
export function videoChunk(offset: number, length: number): Buffer {
	const chunk = Buffer.alloc(length);
	for (let i = 0; i < length; i++) {
		const position = offset + i;
		chunk[i] = position < FTYP.length ? FTYP[position] : (position * 31 + 7) & 0xff;
	}
	return chunk;
}

export function videoBytes(size: number): Buffer {
	return videoChunk(0, size);
}

/** Streams `size` bytes honouring back-pressure; with `stopAfter`, breaks the connection part-way. */
export function streamVideo(response: ServerResponse, size: number, stopAfter?: number) {
	response.writeHead(200, { 'content-type': 'video/mp4', 'content-length': size });
	const first = videoChunk(0, Math.min(CHUNK, size));
	// After the header the pattern repeats every 256 bytes and every later chunk starts at a multiple of
	// CHUNK, so all of them are slices of one precomputed buffer.
	const steady = videoChunk(CHUNK, CHUNK);
	let sent = 0;
	const limit = stopAfter ?? size;
	const pump = () => {
		while (sent < limit) {
			const length = Math.min(CHUNK, limit - sent);
			const chunk = sent === 0 ? first.subarray(0, length) : steady.subarray(0, length);
			sent += length;
			if (!response.write(chunk)) {
				response.once('drain', pump);
				return;
			}
		}
		if (stopAfter !== undefined) response.destroy();
		else response.end();
	};
	pump();
}
