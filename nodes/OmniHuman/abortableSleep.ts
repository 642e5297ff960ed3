import { sleep } from 'n8n-workflow';

/** n8n-workflow's `sleep`: 2.x rejects when the signal aborts; 1.x takes no signal and sleeps on. */
export type SleepFunction = (ms: number, signal?: AbortSignal) => Promise<void>;

/**
 * Waits `ms`, or rejects as soon as `signal` aborts, on every n8n line: n8n's own `sleep` is raced
 * against the signal's `abort` event, because in n8n 1.x it ignores the signal and Stop would otherwise
 * wait out a whole poll interval. Rejects with the abort reason (an Error), as n8n 2.x's `sleep` does.
 */
export async function abortableSleep(
	ms: number,
	signal: AbortSignal,
	sleepFor: SleepFunction = sleep,
): Promise<void> {
	if (signal.aborted) throw abortError(signal);
	let onAbort = () => {};
	const aborted = new Promise<never>((_resolve, reject) => {
		onAbort = () => reject(abortError(signal));
		signal.addEventListener('abort', onAbort, { once: true });
	});
	try {
		await Promise.race([sleepFor(ms, signal), aborted]);
	} finally {
		signal.removeEventListener('abort', onAbort);
	}
}

function abortError(signal: AbortSignal): Error {
	return signal.reason instanceof Error
		? signal.reason
		: new Error('The wait was cancelled', { cause: signal.reason });
}
