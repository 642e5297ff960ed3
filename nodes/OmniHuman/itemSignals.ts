/**
 * One AbortSignal per running item, all aborted by a single listener on the run's signal. Sharing the
 * run's signal directly would stack one listener per waiting item on it (and Node warns past 10).
 */
export class ItemSignals {
	private readonly active = new Set<AbortController>();

	constructor(private readonly parent: AbortSignal) {
		parent.addEventListener('abort', () => this.abortAll(), { once: true });
	}

	/** A signal for one item; `release()` it when the item is done. */
	create(): { signal: AbortSignal; release: () => void } {
		const controller = new AbortController();
		if (this.parent.aborted) controller.abort(this.parent.reason);
		else this.active.add(controller);
		return { signal: controller.signal, release: () => this.active.delete(controller) };
	}

	private abortAll() {
		for (const controller of this.active) controller.abort(this.parent.reason);
		this.active.clear();
	}
}
