/** Polls `condition` every `intervalMs` until it holds; rejects after `timeoutMs` with `what` in the message. */
export async function waitUntil(condition: () => boolean, { timeoutMs = 5000, intervalMs = 10, what = 'condition' } = {}): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms`);
		await new Promise((resolve) => setTimeout(resolve, intervalMs));
	}
}
