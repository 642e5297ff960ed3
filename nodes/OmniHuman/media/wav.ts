import type { BoundedReader } from './boundedReader';
import { fourCc, uint16le, uint32le, uint64le } from './byteFields';
import type { FormatReading } from './types';

const MAX_CHUNKS = 64;
const UNKNOWN_SIZE = 0xffffffff;
// PCM, IEEE float, A-law, µ-law, WAVE_FORMAT_EXTENSIBLE: constant byte rates.
const CONSTANT_RATE_FORMATS = new Set([1, 3, 6, 7, 0xfffe]);

/** Bytes per second from a `fmt ` chunk's body, or a reason. */
function byteRateOf(fmt: Uint8Array): number | string {
	if (fmt.length < 16) return 'its fmt chunk is cut short';
	const formatTag = uint16le(fmt, 0);
	if (!CONSTANT_RATE_FORMATS.has(formatTag))
		return `its encoding (WAV format 0x${formatTag.toString(16)}) is not PCM or float`;
	const byteRate = uint32le(fmt, 8);
	const fromBlocks = uint32le(fmt, 4) * uint16le(fmt, 12);
	return byteRate > 0 ? byteRate : fromBlocks > 0 ? fromBlocks : 'its fmt chunk gives no byte rate';
}

/**
 * A WAV's length: the data chunk's size ÷ the byte rate. RIFF and RF64 (ds64's 64-bit data size); a data size
 * of 0 or 0xFFFFFFFF (a streamed WAV) means "to the end of the file"; chunks are padded to an even size.
 * The caller has seen the RIFF/RF64 WAVE header (`audioFormatOf`).
 */
export async function readWav(reader: BoundedReader): Promise<FormatReading> {
	let byteRate: number | undefined;
	let dataBytes: number | undefined;
	let ds64DataBytes: number | undefined;
	let position = 12;
	for (
		let chunks = 0;
		chunks < MAX_CHUNKS && (byteRate === undefined || dataBytes === undefined);
		chunks++
	) {
		const chunk = await reader.upTo(position, 8);
		if (chunk.length < 8) break;
		const id = fourCc(chunk, 0);
		const declared = uint32le(chunk, 4);
		const body = position + 8;
		if (id === 'ds64') {
			const ds64 = await reader.upTo(body, Math.min(declared, 28));
			if (ds64.length >= 16) ds64DataBytes = uint64le(ds64, 8);
		} else if (id === 'fmt ') {
			const rate = byteRateOf(await reader.upTo(body, Math.min(declared, 40)));
			if (typeof rate === 'string') return { reason: rate };
			byteRate = rate;
		} else if (id === 'data') {
			const toEnd = reader.size === undefined ? undefined : reader.size - body;
			dataBytes =
				declared === UNKNOWN_SIZE && ds64DataBytes !== undefined
					? ds64DataBytes
					: declared === 0 || declared === UNKNOWN_SIZE
						? toEnd
						: declared;
			if (dataBytes === undefined) return { reason: 'it is a streamed WAV of unknown size' };
			// A file cut short holds only what is there.
			if (toEnd !== undefined) dataBytes = Math.min(dataBytes, Math.max(0, toEnd));
		}
		const chunkBytes = id === 'data' && dataBytes !== undefined ? dataBytes : declared;
		position = body + chunkBytes + (chunkBytes & 1);
	}
	if (byteRate === undefined) return { reason: 'it has no fmt chunk' };
	if (dataBytes === undefined) return { reason: 'it has no data chunk' };
	return { seconds: dataBytes / byteRate };
}
