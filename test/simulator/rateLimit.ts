/**
 * The simulator's rate-limit mode: at most `creates` billed requests per fixed window, 429 beyond. One
 * shared budget counts video creates and speech syntheses (`POST /v1/tts`) alike, unless `routes` narrows it.
 */
export interface RateLimitSettings {
	creates: number;
	/** Which requests count against the budget (default both: `['create', 'tts']`). */
	routes?: Array<'create' | 'tts'>;
	windowMs: number;
	/** Send `Retry-After` (whole seconds to the end of the window, as real services do); off: no header. */
	retryAfter: boolean;
}

export class CreateRateLimit {
	private windowStart = 0;

	private used = 0;

	/** 429 answers given so far. */
	refused = 0;

	constructor(readonly settings: RateLimitSettings) {}

	/** Whether requests to `route` count against the budget. */
	counts(route: string): boolean {
		return (this.settings.routes ?? ['create', 'tts']).some((counted) => counted === route);
	}

	/** Counts one create; returns the 429's headers when the window is full, undefined when it may go on. */
	check(now: number): Record<string, string> | undefined {
		const { creates, windowMs, retryAfter } = this.settings;
		if (this.windowStart === 0) this.windowStart = now;
		if (now - this.windowStart >= windowMs) {
			this.windowStart += Math.floor((now - this.windowStart) / windowMs) * windowMs;
			this.used = 0;
		}
		if (this.used < creates) {
			this.used++;
			return undefined;
		}
		this.refused++;
		return retryAfter ? { 'retry-after': String(Math.max(1, Math.ceil((this.windowStart + windowMs - now) / 1000))) } : {};
	}
}
