/** Settles on the next turn of the event loop: a waiter that has not resolved by then is still waiting. */
export async function settledSoon<T>(promise: Promise<T>): Promise<{ done: true; value: T } | { done: false }> {
	let state: { done: true; value: T } | { done: false } = { done: false };
	void promise.then((value) => (state = { done: true, value }));
	await new Promise((resolve) => setImmediate(resolve));
	return state;
}
