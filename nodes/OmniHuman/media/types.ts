export type AudioFormat = 'mp3' | 'wav' | 'm4a' | 'aac';

/** Random access to a file's bytes: a Buffer in memory, or ranges of a remote file. */
export interface ByteSource {
	/** Total size when known (Content-Range / Content-Length / buffer length). */
	readonly size?: number;
	/** Up to `length` bytes from `offset` (fewer at the end of the file). */
	read(offset: number, length: number): Promise<Uint8Array>;
}

export type AudioMeasure =
	| { ok: true; format: AudioFormat; seconds: number; bytesRead: number }
	| { ok: false; reason: string; format?: AudioFormat; bytesRead: number };

/** What a format reader found: a length, or why there is none (a short sentence). */
export type FormatReading = { seconds: number } | { reason: string };

/**
 * A read the source will not serve (a refused fetch, a timeout, the byte bound). Its message is a short
 * human sentence, e.g. "the host refused the request (HTTP 403)", that ends up as the measure's reason.
 */
export class ReadRefusal extends Error {
	constructor(reason: string) {
		super(reason);
		this.name = 'ReadRefusal';
	}
}

export function megabytes(bytes: number): string {
	if (bytes < 1_000_000) return `${Math.round(bytes / 1000)} kB`;
	const mb = bytes / 1_000_000;
	return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
}
