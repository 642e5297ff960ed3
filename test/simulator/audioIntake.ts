/**
 * The speech a job's `audio_url` hands the service, as the service receives it: the real service downloads
 * a link itself, so the simulator fetches links on this machine (an n8n's signed binary link, a test server)
 * once per job and records the bytes it got; a data URI's bytes are recorded as they came. Links on the
 * real internet and the simulator's own speech links are left alone.
 */
export interface ReceivedAudio {
	jobId: string;
	via: 'link' | 'inline';
	url?: string;
	/** The link's HTTP status. */
	status?: number;
	contentType?: string;
	bytes?: Buffer;
	/** Why nothing was received (refused connection, timeout, too large). */
	error?: string;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
const DATA_AUDIO = /^data:audio\/[A-Za-z0-9.+-]+;base64,([A-Za-z0-9+/=]+)$/;
const MAX_BYTES = 32 * 1024 * 1024;

export class AudioIntake {
	readonly received: ReceivedAudio[] = [];

	private readonly pending = new Map<string, Promise<ReceivedAudio>>();

	/** `ownOrigins`: the simulator's own origins (its speech links are not fetched back). */
	constructor(
		private readonly ownOrigins: () => string[],
		private readonly timeoutMs = 10_000,
	) {}

	/** Receives a new job's audio in the background (nothing when it is not readable here). */
	take(jobId: string, audioUrl: unknown): void {
		if (typeof audioUrl !== 'string') return;
		const inline = DATA_AUDIO.exec(audioUrl);
		if (inline) return this.record({ jobId, via: 'inline', bytes: Buffer.from(inline[1], 'base64') });
		let url: URL;
		try {
			url = new URL(audioUrl);
		} catch {
			return;
		}
		if (!LOOPBACK.has(url.hostname) || this.ownOrigins().includes(url.origin)) return;
		this.pending.set(
			jobId,
			this.fetchLink(jobId, url.href).then((entry) => {
				this.received.push(entry);
				return entry;
			}),
		);
	}

	/** What a job's service side received, once it has (undefined: its audio was not read here). */
	async of(jobId: string): Promise<ReceivedAudio | undefined> {
		return await this.pending.get(jobId);
	}

	reset() {
		this.received.length = 0;
		this.pending.clear();
	}

	private record(entry: ReceivedAudio) {
		this.received.push(entry);
		this.pending.set(entry.jobId, Promise.resolve(entry));
	}

	private async fetchLink(jobId: string, url: string): Promise<ReceivedAudio> {
		try {
			const response = await fetch(url, { signal: AbortSignal.timeout(this.timeoutMs) });
			const bytes = Buffer.from(await response.arrayBuffer());
			const entry = { jobId, via: 'link' as const, url, status: response.status, contentType: response.headers.get('content-type') ?? undefined };
			if (bytes.length > MAX_BYTES) return { ...entry, error: `larger than ${MAX_BYTES} bytes` };
			return { ...entry, bytes };
		} catch (error) {
			return { jobId, via: 'link', url, error: error instanceof Error ? error.message : String(error) };
		}
	}
}
