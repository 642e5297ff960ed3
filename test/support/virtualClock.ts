import type { PacerClock } from '../../nodes/OmniHuman/transport/pacer';

interface Timer {
	at: number;
	seq: number;
	fire(): void;
}

const flushMicrotasks = async () => {
	for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
};

/**
 * Time that moves only when the test lets it: `sleep` registers a timer, `run()` fires timers in time
 * order, letting every promise settle in between. Minutes of pacing run in milliseconds, deterministically.
 */
export class VirtualClock implements PacerClock {
	time = 1_000_000;

	private timers: Timer[] = [];

	private seq = 0;

	now = () => this.time;

	sleep = async (ms: number, signal?: AbortSignal) =>
		await new Promise<void>((resolve, reject) => {
			if (signal?.aborted) return reject(new Error('aborted'));
			const timer: Timer = {
				at: this.time + Math.max(ms, 0),
				seq: this.seq++,
				fire: () => {
					signal?.removeEventListener('abort', onAbort);
					resolve();
				},
			};
			const onAbort = () => {
				this.timers = this.timers.filter((candidate) => candidate !== timer);
				reject(new Error('aborted'));
			};
			signal?.addEventListener('abort', onAbort, { once: true });
			this.timers.push(timer);
		});

	/** Pending timers (a pacer with nobody waiting must leave none behind). */
	get pendingTimers(): number {
		return this.timers.length;
	}

	/** Fires timers in order until `done` settles (or no timer is left), and returns its value. */
	async run<T>(done: Promise<T>, limitMs = 24 * 3600 * 1000): Promise<T> {
		let settled = false;
		const result = done.finally(() => (settled = true));
		const until = this.time + limitMs;
		await flushMicrotasks();
		while (!settled) {
			this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
			const next = this.timers.shift();
			if (!next || next.at > until) break;
			this.time = Math.max(this.time, next.at);
			next.fire();
			await flushMicrotasks();
		}
		if (!settled) throw new Error(`Virtual time ran out (${this.timers.length} timers left) before the work was done`);
		return await result;
	}
}
