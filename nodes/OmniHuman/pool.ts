export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

export interface PoolOptions {
	/** Never more than this many tasks run at once (at least 1). */
	limit: number;
	/** After the first failure no new task starts; the ones running are left to settle. */
	stopOnFirstError: boolean;
	/** Called once, on the first failure (to wake the running tasks so they settle quickly). */
	onFirstError?: (error: unknown, index: number) => void;
	/** Failures that do not count as "the first failure" (the others carry on); all count by default. */
	isExpected?: (error: unknown) => boolean;
}

/**
 * Runs `task(0) … task(count - 1)` with bounded concurrency. The result at position i is task i's,
 * whatever order they finish in; a task that was never started (after a failure) is left undefined.
 */
export async function runBounded<T>(
	count: number,
	task: (index: number) => Promise<T>,
	options: PoolOptions,
): Promise<Array<Settled<T> | undefined>> {
	const results: Array<Settled<T> | undefined> = new Array<Settled<T> | undefined>(count).fill(
		undefined,
	);
	const limit = Math.max(1, Math.min(Math.floor(options.limit) || 1, count));
	let next = 0;
	let failed = false;

	const worker = async () => {
		while (next < count && !(failed && options.stopOnFirstError)) {
			const index = next++;
			try {
				results[index] = { ok: true, value: await task(index) };
			} catch (error) {
				results[index] = { ok: false, error };
				if (!failed && !options.isExpected?.(error)) {
					failed = true;
					options.onFirstError?.(error, index);
				}
			}
		}
	};

	await Promise.all(Array.from({ length: limit }, worker));
	return results;
}

/** At most `size` tasks at once, the others started in the order they asked (first come, first served). */
export class Slots {
	private running = 0;

	private readonly queue: Array<() => void> = [];

	constructor(private readonly size: number) {}

	async run<T>(task: () => Promise<T>): Promise<T> {
		if (this.running >= this.size) await new Promise<void>((resolve) => this.queue.push(resolve));
		else this.running++;
		try {
			return await task();
		} finally {
			const next = this.queue.shift();
			if (next) next();
			else this.running--;
		}
	}
}
