import type { SendRequest } from '../../nodes/OmniHuman/transport/exchange';
import { response } from './fakes';
import type { VirtualClock } from './virtualClock';

export interface WindowLimit {
	perWindow: number;
	windowMs: number;
	/** Send `Retry-After` (whole seconds to the window's end, as real services do). */
	retryAfter: boolean;
	/** Time each answer takes. */
	latencyMs?: number;
}

/** A create endpoint that accepts `perWindow` requests per fixed window and answers 429 beyond, in virtual time. */
export function windowLimitedCreates(clock: VirtualClock, limit: WindowLimit) {
	const origin = clock.now();
	const stats = { accepted: 0, rateLimited: 0, perWindow: new Map<number, number>(), firstAt: 0, lastAt: 0 };
	const send: SendRequest = async () => {
		await clock.sleep(limit.latencyMs ?? 20);
		const now = clock.now();
		const window = Math.floor((now - origin) / limit.windowMs);
		const used = stats.perWindow.get(window) ?? 0;
		if (used >= limit.perWindow) {
			stats.rateLimited++;
			const windowEnd = origin + (window + 1) * limit.windowMs;
			const headers: Record<string, string> = limit.retryAfter ? { 'retry-after': String(Math.ceil((windowEnd - now) / 1000)) } : {};
			return response(429, { statusCode: 429, message: 'Too many requests' }, headers);
		}
		stats.perWindow.set(window, used + 1);
		stats.accepted++;
		if (stats.accepted === 1) stats.firstAt = now;
		stats.lastAt = now;
		return response(200, { id: `job-${stats.accepted}:bytedance/omnihuman`, status: 'queued' });
	};
	return { send, stats };
}
