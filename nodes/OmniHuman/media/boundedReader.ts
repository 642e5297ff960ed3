import { megabytes, ReadRefusal, type ByteSource } from './types';

const EMPTY: Uint8Array = new Uint8Array(0);
const FIRST_READ_AHEAD = 16 * 1024;
const MAX_READ_AHEAD = 1024 * 1024;

interface Span {
	offset: number;
	bytes: Uint8Array;
}

/**
 * Reads a ByteSource for the format readers within a byte bound: what has been read stays in hand (the head
 * and the latest window), sequential reads ahead in growing windows (few range requests over HTTP), and no
 * read ever passes `maxBytes` in total, whatever a header claims.
 */
export class BoundedReader {
	private head: Span = { offset: 0, bytes: EMPTY };
	private latest: Span = { offset: 0, bytes: EMPTY };
	private readAhead = FIRST_READ_AHEAD;
	bytesRead = 0;

	constructor(
		private readonly source: ByteSource,
		readonly maxBytes: number,
	) {}

	/** The file's size when the source knows it (a safe, non-negative integer), else undefined. */
	get size(): number | undefined {
		const size = this.source.size;
		return typeof size === 'number' && Number.isSafeInteger(size) && size >= 0 ? size : undefined;
	}

	remaining(): number {
		return Math.max(0, this.maxBytes - this.bytesRead);
	}

	/** Whether `length` bytes at `offset` are in hand, or can still be read within the bound. */
	canRead(offset: number, length: number): boolean {
		return this.inHand(offset, length) !== undefined || length <= this.remaining();
	}

	/**
	 * Up to `length` bytes from `offset` (fewer at the end of the file). With `readAhead` a read also takes the
	 * bytes that follow, in a window that doubles while reads are sequential. Throws a ReadRefusal past the bound.
	 */
	async bytes(offset: number, length: number, readAhead = true): Promise<Uint8Array> {
		if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(length) || length <= 0)
			return EMPTY;
		const size = this.size;
		if (size !== undefined) {
			if (offset >= size) return EMPTY;
			length = Math.min(length, size - offset);
		}
		const inHand = this.inHand(offset, length);
		if (inHand) return inHand;
		// Bytes already in hand at the start of the range are not read again.
		const kept = this.keptPrefix(offset);
		const from = offset + kept.length;
		const missing = length - kept.length;
		if (missing > this.remaining())
			throw new ReadRefusal(
				`its length could not be read within the first ${megabytes(this.maxBytes)}`,
			);
		let want = missing;
		if (readAhead) {
			const sequential =
				this.latest.bytes.length > 0 && from === this.latest.offset + this.latest.bytes.length;
			if (sequential) this.readAhead = Math.min(MAX_READ_AHEAD, this.readAhead * 2);
			want = Math.max(missing, Math.min(this.readAhead, this.remaining()));
			if (size !== undefined) want = Math.min(want, size - from);
		}
		const answer = await this.source.read(from, want);
		const fresh = answer.length > want ? answer.subarray(0, want) : answer;
		this.bytesRead += fresh.length;
		let bytes = fresh;
		if (kept.length > 0) {
			bytes = new Uint8Array(kept.length + fresh.length);
			bytes.set(kept);
			bytes.set(fresh, kept.length);
		}
		const span = { offset, bytes };
		if (offset === 0 && this.head.bytes.length < bytes.length) this.head = span;
		else this.latest = span;
		return bytes.subarray(0, length);
	}

	/** Like `bytes`, but reads no more than the bound still allows (an empty array once it is spent). */
	async upTo(offset: number, length: number): Promise<Uint8Array> {
		const kept = offset >= 0 ? this.keptPrefix(offset).length : 0;
		return await this.bytes(offset, Math.min(length, kept + this.remaining()));
	}

	/** The bytes in hand from `offset` to the end of the span that holds it. */
	private keptPrefix(offset: number): Uint8Array {
		let kept = EMPTY;
		for (const span of [this.head, this.latest]) {
			const start = offset - span.offset;
			if (start >= 0 && start < span.bytes.length && span.bytes.length - start > kept.length)
				kept = span.bytes.subarray(start);
		}
		return kept;
	}

	private inHand(offset: number, length: number): Uint8Array | undefined {
		for (const span of [this.head, this.latest]) {
			const start = offset - span.offset;
			if (start >= 0 && start + length <= span.bytes.length)
				return span.bytes.subarray(start, start + length);
		}
		return undefined;
	}
}
