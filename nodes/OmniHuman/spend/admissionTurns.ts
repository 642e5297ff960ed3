/**
 * Items ask for room under the limit in input order: item i decides only after every item before it has
 * decided (admitted, refused, or queued for room), resumed what an earlier try paid, or ended. Pricing (an
 * audio's length read over the network) still runs for all items at once; only the decisions are ordered,
 * so which items fit does not depend on whose audio host answered first.
 */
export class AdmissionTurns {
	/** The lowest item index that has not passed its turn. */
	private next = 0;

	private readonly passed = new Set<number>();

	private readonly waiting = new Map<number, () => void>();

	/** Resolves once every item before `index` has passed its turn, or at once when `signal` aborts. */
	async wait(index: number, signal: AbortSignal): Promise<void> {
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

	/** Item `index` is past the point where it asks for room (idempotent). */
	pass(index: number) {
		this.passed.add(index);
		while (this.passed.delete(this.next)) this.next++;
		const wake = this.waiting.get(this.next);
		if (wake) {
			this.waiting.delete(this.next);
			wake();
		}
	}
}
