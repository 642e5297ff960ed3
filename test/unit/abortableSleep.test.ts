import { getEventListeners } from 'node:events';

import { abortableSleep, type SleepFunction } from '../../nodes/OmniHuman/abortableSleep';

/** n8n 1.x's `sleep`: takes no signal, so it ends only when the test says the time is up. */
function sleepIgnoringSignal() {
	const calls: Array<{ ms: number; signal?: AbortSignal; elapse: () => void }> = [];
	const sleep: SleepFunction = async (ms, signal) => await new Promise<void>((resolve) => calls.push({ ms, signal, elapse: resolve }));
	return { sleep, calls };
}

/** n8n 2.x's `sleep`: rejects with the abort reason. */
const sleepHonouringSignal: SleepFunction = async (_ms, signal) =>
	await new Promise<void>((_resolve, reject) => signal?.addEventListener('abort', () => reject(signal.reason as Error), { once: true }));

const settled = async (promise: Promise<unknown>) => {
	let state: 'pending' | 'resolved' | 'rejected' = 'pending';
	promise.then(() => (state = 'resolved'), () => (state = 'rejected'));
	for (let tick = 0; tick < 5; tick++) await Promise.resolve();
	return state;
};

test('resolves when the sleep ends, passing it the time and the signal, and leaves no listener behind', async () => {
	const { sleep, calls } = sleepIgnoringSignal();
	const controller = new AbortController();
	const waiting = abortableSleep(30_000, controller.signal, sleep);
	expect(calls).toMatchObject([{ ms: 30_000, signal: controller.signal }]);
	expect(await settled(waiting)).toBe('pending');
	calls[0].elapse();
	await expect(waiting).resolves.toBeUndefined();
	expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
});

test('Stop ends the wait at once even though the sleep ignores the signal (n8n 1.x)', async () => {
	const { sleep } = sleepIgnoringSignal();
	const controller = new AbortController();
	const waiting = abortableSleep(30_000, controller.signal, sleep);
	const reason = new Error('Execution was cancelled');
	controller.abort(reason);
	expect(await settled(waiting)).toBe('rejected');
	await expect(waiting).rejects.toBe(reason);
	expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
});

test('with a sleep that honours the signal (n8n 2.x) it rejects once, with the abort reason', async () => {
	const controller = new AbortController();
	const waiting = abortableSleep(30_000, controller.signal, sleepHonouringSignal);
	const reason = new Error('stopped');
	controller.abort(reason);
	await expect(waiting).rejects.toBe(reason);
});

test('an already aborted signal rejects without sleeping', async () => {
	const { sleep, calls } = sleepIgnoringSignal();
	const controller = new AbortController();
	controller.abort(new Error('stopped before the wait'));
	await expect(abortableSleep(1_000, controller.signal, sleep)).rejects.toThrow('stopped before the wait');
	expect(calls).toHaveLength(0);
	expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
});

test('a reason that is not an Error still rejects with an Error that keeps it as the cause', async () => {
	const { sleep } = sleepIgnoringSignal();
	const controller = new AbortController();
	const waiting = abortableSleep(1_000, controller.signal, sleep);
	controller.abort('stop pressed');
	await expect(waiting).rejects.toMatchObject({ message: 'The wait was cancelled', cause: 'stop pressed' });
});
