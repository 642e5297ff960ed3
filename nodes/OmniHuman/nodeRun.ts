import type { IExecuteFunctions } from 'n8n-workflow';

import { abortableSleep } from './abortableSleep';
import { CreatedGenerations } from './createdGenerations';
import type { Operation } from './description';
import { ItemSignals } from './itemSignals';
import type { ItemJob } from './job';
import { operations, type ItemOutput } from './operations';
import type { TakeTurn } from './transport/api';
import { readRunBackoffMs } from './parameters';
import { n8nSender } from './transport/n8nSender';
import { RequestPacer, type PacerClock } from './transport/pacer';

/** Creates in flight at once: a 429 then meets at most this many requests of the same burst. */
const MAX_CREATES_IN_FLIGHT = 4;
const MAX_BACKOFF_MS = 60_000;

/**
 * Builds each item's job (its own abort signal, sender and clock, the run's shared pacers) and remembers
 * which generations were created, so an error elsewhere can still name them and n8n's retries resume them.
 */
export class ItemRunner {
	/** Generation ids created (or resumed) so far, by item index. */
	readonly createdIds = new Map<number, string>();

	readonly created: CreatedGenerations;

	readonly pacers: { create: RequestPacer; poll: RequestPacer };

	private readonly itemSignals: ItemSignals;

	constructor(
		private readonly context: IExecuteFunctions,
		private readonly operation: Operation,
		private readonly secret: string | undefined,
		private readonly signal: AbortSignal,
	) {
		this.itemSignals = new ItemSignals(signal);
		this.created = new CreatedGenerations(context);
		const clock: PacerClock = { now: () => Date.now(), sleep: async (ms, wakeSignal) => await abortableSleep(ms, wakeSignal) };
		const backoff = { firstBackoffMs: readRunBackoffMs(context), maxBackoffMs: MAX_BACKOFF_MS };
		this.pacers = {
			create: new RequestPacer(clock, { maxInFlight: MAX_CREATES_IN_FLIGHT, ...backoff }),
			poll: new RequestPacer(clock, { maxInFlight: Number.POSITIVE_INFINITY, ...backoff }),
		};
	}

	/** A job for reading parameters only (no request of its own). */
	jobFor(itemIndex: number, itemSignal: AbortSignal = this.signal): ItemJob {
		const { context, created } = this;
		const turn =
			(pacer: RequestPacer): TakeTurn =>
			async (deadline) =>
				await pacer.acquire(itemSignal, deadline);
		return {
			context,
			node: context.getNode(),
			itemIndex,
			secret: this.secret,
			send: n8nSender(context, itemSignal),
			pacing: { now: () => Date.now(), sleep: async (ms: number) => await abortableSleep(ms, itemSignal) },
			turns: { create: turn(this.pacers.create), poll: turn(this.pacers.poll) },
			earlierCreate: (request) => {
				const earlier = created.find(created.keyOf(itemIndex, request));
				if (earlier && 'generationId' in earlier) {
					this.createdIds.set(itemIndex, earlier.generationId);
					context.logger.info(`OmniHuman: item ${itemIndex} resumes generation ${earlier.generationId} created by an earlier try`, {
						generationId: earlier.generationId,
						itemIndex,
						executionId: context.getExecutionId(),
					});
				}
				return earlier;
			},
			onCreated: (request, outcome) => {
				created.remember(created.keyOf(itemIndex, request), outcome);
				if (!('generationId' in outcome)) return;
				const id = outcome.generationId;
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
