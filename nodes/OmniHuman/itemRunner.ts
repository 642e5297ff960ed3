import type { IExecuteFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { Operation } from './description';
import { ItemSignals } from './itemSignals';
import type { ItemJob } from './job';
import { operations, type ItemOutput } from './operations';
import { n8nSender } from './transport/n8nSender';

/**
 * Builds each item's job (its own abort signal, sender and clock) and remembers which generations were
 * created, so an error elsewhere can still name them.
 */
export class ItemRunner {
	/** Generation ids created so far, by item index. */
	readonly createdIds = new Map<number, string>();

	private readonly itemSignals: ItemSignals;

	constructor(
		private readonly context: IExecuteFunctions,
		private readonly operation: Operation,
		private readonly secret: string | undefined,
		private readonly signal: AbortSignal,
	) {
		this.itemSignals = new ItemSignals(signal);
	}

	/** A job for reading parameters only (no request of its own). */
	jobFor(itemIndex: number, itemSignal: AbortSignal = this.signal): ItemJob {
		const { context } = this;
		return {
			context,
			node: context.getNode(),
			itemIndex,
			secret: this.secret,
			send: n8nSender(context, itemSignal),
			pacing: { now: () => Date.now(), sleep: async (ms: number) => await sleep(ms, itemSignal) },
			onCreated: (id) => {
				this.createdIds.set(itemIndex, id);
				// On record outside the execution data, which a crashed process never saves.
				context.logger.info(`OmniHuman: generation ${id} created for item ${itemIndex}`, { generationId: id, itemIndex, executionId: context.getExecutionId() });
			},
		};
	}

	readonly run = async (itemIndex: number): Promise<ItemOutput> => {
		const lease = this.itemSignals.open();
		try {
			return await operations[this.operation](this.jobFor(itemIndex, lease.signal));
		} finally {
			lease.close();
		}
	};
}
