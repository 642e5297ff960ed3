/** How many items after one near the limit start reading their audio, so their turns find it read. */
export const READ_AHEAD = 16;

/**
 * Items ask for room under the limit in input order: item i decides only after every item before it has
 * decided (admitted, refused, or queued for room), resumed what an earlier try paid, or ended. Only the
 * decisions are ordered, so which items fit does not depend on whose audio host answered first.
 *
 * An item that decides on its exact price (its audio's length, read when its model's worst case no longer
 * fits) holds its turn while it reads; the `READ_AHEAD` items after it start their reads meanwhile.
 */
export class AdmissionTurns {
	/** The lowest item index that has not passed its turn. */
	private next = 0;

	private readonly passed = new Set<number>();

	private readonly waiting = new Map<number, () => void>();

	/** What each item waiting for its turn would read to price itself exactly, not started yet. */
	private readonly readers = new Map<number, () => void>();

	/** Items up to this index read ahead as soon as they wait. */
	private readAheadTo = -1;

	/**
	 * Resolves once every item before `index` has passed its turn, or at once when `signal` aborts.
	 * `readAhead` starts the item's exact pricing when an item before it needs its own.
	 */
	async wait(index: number, signal: AbortSignal, readAhead?: () => void): Promise<void> {
		if (readAhead) {
			if (index <= this.readAheadTo) readAhead();
			else this.readers.set(index, readAhead);
		}
		if (index <= this.next || signal.aborted) return;
		await new Promise<void>((resolve) => {
			const onAbort = () => {
				this.waiting.delete(index);
				resolve();
			};
			this.waiting.set(index, () => {
				signal.removeEventListener('abort', onAbort);
				resolve();
			});
			signal.addEventListener('abort', onAbort, { once: true });
		});
	}

	/** Item `index` is near the limit: the items after it start reading their audio. */
	readAheadAfter(index: number) {
		const to = index + READ_AHEAD;
		for (let each = Math.max(index, this.readAheadTo) + 1; each <= to; each++) {
			const read = this.readers.get(each);
			if (!read) continue;
			this.readers.delete(each);
			read();
		}
		this.readAheadTo = Math.max(this.readAheadTo, to);
	}

	/** Item `index` is past the point where it asks for room (idempotent). */
	pass(index: number) {
		this.passed.add(index);
		this.readers.delete(index);
		while (this.passed.delete(this.next)) this.next++;
		const wake = this.waiting.get(this.next);
		if (wake) {
			this.waiting.delete(this.next);
			wake();
		}
	}
}
