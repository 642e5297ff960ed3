import { abortableSleep } from '../abortableSleep';
import { megabytes, ReadRefusal, type ByteSource } from './types';

/** What one GET of a range answered. */
export interface RangeAnswer {
	/** 206 for the range, 200 when the host ignores Range and sends the file, 3xx with `location`, … */
	status: number;
	/**
	 * The body from the range's start (206) or from the file's start (200); at most `length` bytes (206) or
	 * `offset + length` (200): the rest of the transfer is not read. Empty for other statuses.
	 */
	bytes: Uint8Array;
	contentRange?: string;
	contentLength?: number;
	location?: string;
}

/** One HTTP GET of a range (or all) of a URL; no credentials. Tests inject a fake; the node passes n8nRangeFetcher. */
export type RangeFetcher = (
	url: string,
	range: { offset: number; length: number },
	timeoutMs: number,
) => Promise<RangeAnswer>;

export interface RemoteAudioBounds {
	maxBytes: number;
	timeoutMs: number;
	maxRedirects: number;
}

interface WholeBody {
	bytes: Uint8Array;
	ended: boolean;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

function statusReason(status: number): string {
	if (status === 404 || status === 410) return `the file was not found (HTTP ${status})`;
	if (status >= 400 && status < 500) return `the host refused the request (HTTP ${status})`;
	if (status >= 500) return `the host failed to answer (HTTP ${status})`;
	return `the host answered HTTP ${status}`;
}

function parseContentRange(value: string | undefined): { start?: number; total?: number } {
	const match = /^\s*bytes\s+(?:(\d+)-\d+|\*)\/(\d+|\*)\s*$/i.exec(value ?? '');
	if (!match) return {};
	const number = (text: string | undefined) => {
		const parsed = text === undefined ? NaN : Number(text);
		return Number.isSafeInteger(parsed) ? parsed : undefined;
	};
	return { start: number(match[1]), total: number(match[2]) };
}

/**
 * A remote file as a ByteSource: each read is a Range request (redirects followed here, http(s) only), all
 * within one deadline and one byte budget. A host that ignores Range is read once from its start, as far as
 * the budget allows.
 */
export class RemoteSource implements ByteSource {
	size?: number;
	bytesFetched = 0;
	private redirects = 0;
	/** A host that ignores Range: the file's first bytes, and whether the body ended there. */
	private whole?: WholeBody;
	private askedWhole = false;
	private readonly deadline: number;

	constructor(
		private readonly fetcher: RangeFetcher,
		private url: string,
		private readonly bounds: RemoteAudioBounds,
		private readonly now: () => number = Date.now,
	) {
		this.deadline = now() + bounds.timeoutMs;
	}

	async read(offset: number, length: number): Promise<Uint8Array> {
		if (this.whole) return await this.fromWhole(offset, length);
		const { answer, asked } = await this.get({ offset, length });
		if (answer.status === 200) {
			this.learnSize(answer.contentLength);
			this.whole = { bytes: answer.bytes, ended: this.bodyEnded(answer.bytes.length, asked) };
			return await this.fromWhole(offset, length);
		}
		// 206, or 416 (past the end: no bytes, and "bytes */size").
		const range = parseContentRange(answer.contentRange);
		this.learnSize(range.total);
		const start = range.start ?? offset;
		if (start > offset) throw new ReadRefusal('the host answered another range than the one asked');
		return answer.bytes.subarray(offset - start, offset - start + length);
	}

	/** A whole-file body is the file when it stopped short of what was asked, or reached the known size. */
	private bodyEnded(received: number, asked: { offset: number; length: number }): boolean {
		return (
			received < asked.offset + asked.length || (this.size !== undefined && received >= this.size)
		);
	}

	/**
	 * Reads from a host that ignores Range. Past what is in hand, the file is asked for once more, as far as
	 * the budget allows; bytes beyond that are refused, never returned short (short means end of file).
	 */
	private async fromWhole(offset: number, length: number): Promise<Uint8Array> {
		let whole = this.whole as WholeBody;
		if (offset + length > whole.bytes.length && !whole.ended) {
			const beyond = new ReadRefusal(
				`the host ignores byte ranges and the length is not within the first ${megabytes(this.bounds.maxBytes)}`,
			);
			if (this.askedWhole) throw beyond;
			this.askedWhole = true;
			const budget = this.bounds.maxBytes - this.bytesFetched;
			const { answer, asked } = await this.get({
				offset: 0,
				length: Math.min(budget, this.size ?? budget),
			});
			if (answer.status !== 200)
				throw new ReadRefusal('the host answered byte ranges inconsistently');
			whole = { bytes: answer.bytes, ended: this.bodyEnded(answer.bytes.length, asked) };
			this.whole = whole;
			if (offset + length > whole.bytes.length && !whole.ended) throw beyond;
		}
		return whole.bytes.subarray(offset, offset + length);
	}

	private learnSize(size: number | undefined): void {
		if (size === undefined || !Number.isSafeInteger(size) || size < 0) return;
		this.size = size;
		if (size > this.bounds.maxBytes)
			throw new ReadRefusal(`the file is larger than ${megabytes(this.bounds.maxBytes)}`);
	}

	/** One GET, following http(s) redirects up to the bound. */
	private async get(range: {
		offset: number;
		length: number;
	}): Promise<{ answer: RangeAnswer; asked: { offset: number; length: number } }> {
		for (;;) {
			const budget = this.bounds.maxBytes - this.bytesFetched;
			if (budget <= 0)
				throw new ReadRefusal(
					`its length could not be read within the first ${megabytes(this.bounds.maxBytes)}`,
				);
			const asked = { offset: range.offset, length: Math.min(range.length, budget) };
			const answer = await this.withinDeadline(asked);
			const bytes = answer.bytes.subarray(0, budget);
			this.bytesFetched += bytes.length;
			if (!REDIRECTS.has(answer.status)) {
				if (answer.status === 200 || answer.status === 206 || answer.status === 416)
					return { answer: { ...answer, bytes }, asked };
				throw new ReadRefusal(statusReason(answer.status));
			}
			if (!answer.location)
				throw new ReadRefusal(`the host answered HTTP ${answer.status} without a location`);
			if (!URL.canParse(answer.location, this.url))
				throw new ReadRefusal('the host redirected to an invalid address');
			const next = new URL(answer.location, this.url);
			if (next.protocol !== 'http:' && next.protocol !== 'https:')
				throw new ReadRefusal(`a redirect to ${next.protocol} is not followed`);
			this.redirects += 1;
			if (this.redirects > this.bounds.maxRedirects)
				throw new ReadRefusal(`it was redirected more than ${this.bounds.maxRedirects} times`);
			this.url = next.href;
		}
	}

	/** The fetch, or a timeout refusal once the measure's deadline passes (whether or not the fetcher stops). */
	private async withinDeadline(range: { offset: number; length: number }): Promise<RangeAnswer> {
		const timedOut = new ReadRefusal(`timed out after ${this.bounds.timeoutMs / 1000} s`);
		const left = this.deadline - this.now();
		if (left <= 0) throw timedOut;
		const settled = this.fetcher(this.url, range, left).then(
			(answer) => ({ answer }),
			(error: unknown) => ({ error }),
		);
		const stop = new AbortController();
		const expiry = abortableSleep(left, stop.signal).then(
			() => ({ expired: true }),
			() => ({ expired: false }),
		);
		try {
			const first = await Promise.race([settled, expiry]);
			if ('expired' in first) throw timedOut;
			if ('error' in first)
				throw first.error instanceof ReadRefusal
					? first.error
					: new ReadRefusal('the request for the audio failed');
			return first.answer;
		} finally {
			stop.abort();
		}
	}
}
