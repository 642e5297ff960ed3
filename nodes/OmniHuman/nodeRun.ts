import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { abortableSleep } from './abortableSleep';
import { EarlierTries, type EarlierTry } from './earlierTries';
import type { ItemScope } from './errors';
import { ItemSignals } from './itemSignals';
import type { AudioMeasure } from './media/audioLength';
import { measureRemoteAudio, n8nRangeFetcher } from './media/remoteAudio';
import { PriceList } from './pricing/priceList';
import {
	buildClientRequestId,
	requestOrigins,
	type PaidKind,
	type RequestOrigin,
} from './spend/clientRequestId';
import { CrashRecovery } from './spend/crashRecovery';
import { AdmissionTurns } from './spend/admissionTurns';
import { ItemSpend } from './spend/itemSpend';
import { SpendLedger } from './spend/spendLedger';
import type { TakeTurn } from './transport/api';
import type { SendRequest } from './transport/exchange';
import { n8nSender } from './transport/n8nSender';
import { Slots } from './pool';
import { RequestPacer, type PacerClock } from './transport/pacer';

/** Creates (and speech syntheses) in flight at once: a 429 then meets at most this many requests of the same burst. */
const MAX_PAID_IN_FLIGHT = 4;
const MAX_BACKOFF_MS = 60_000;
/** The price list is small and on the service's own host: a slow answer falls back to learning the rates. */
const PRICE_LIST_TIMEOUT_MS = 15_000;
const MAX_AUDIO_READS = 32;

/** Tells the time and waits; the node passes n8n's abortable sleep, tests a fake clock. */
export interface Clock {
	now(): number;
	sleep(ms: number): Promise<void>;
}

/** A paid request of an item, looked up once: its key, what an earlier try got for it, and how to record it. */
export interface PaidRequest {
	key: string;
	earlier?: EarlierTry;
	remember(outcome: EarlierTry): void;
}

/** Everything one item's operation needs: where it runs, how it talks to the service, how it waits. */
export interface ItemRun extends ItemScope {
	context: IExecuteFunctions;
	send: SendRequest;
	clock: Clock;
	/** Turns from the run's shared pacers: every paid request (create, speech), and every poll, of the run waits in one queue. */
	turns: { paid: TakeTurn; poll: TakeTurn };
	/**
	 * A paid request of this item: what an earlier try (n8n's Retry On Fail) got for the same request, and
	 * `remember`, called as soon as it has (or may have) made something, so a retry resumes it and errors can name it.
	 */
	paidRequest(request: object): PaidRequest;
	/** This item's share of the execution's spend ledger (the limit, the charges). */
	spend: ItemSpend;
	/** Who makes this item's paid request of `kind`, and its `X-Client-Request-Id`. */
	origin(kind: PaidKind): { origin: RequestOrigin; clientRequestId: string };
	/** Set when n8n runs this execution as a retry of another: finds the jobs a crashed run made. */
	crashRecovery?: CrashRecovery;
	/** What prices a paid request before it is sent (see `pricing/`). */
	pricing: {
		priceList: PriceList;
		ledger: SpendLedger;
		/** The length of the audio at `url`, read from its bytes (fetched without the API key). */
		measureAudio(url: string): Promise<AudioMeasure>;
		/** The same, unless `stillNeeded` says no once its read's turn comes (undefined then). */
		measureAudioIfNeeded(
			url: string,
			stillNeeded: () => boolean,
		): Promise<AudioMeasure | undefined>;
	};
}

/**
 * One run of the node over its items: each item's own abort signal and sender, the pacers all items
 * share, and the record of what was paid for, so an error elsewhere can name the jobs and n8n's retries
 * resume them.
 */
export class NodeRun {
	/** Generation ids created (or resumed) so far, by item index. */
	readonly createdIds = new Map<number, string>();

	readonly earlierTries: EarlierTries;

	readonly pacers: { paid: RequestPacer; poll: RequestPacer };

	/** What this execution paid for, across every run and try of the node. */
	readonly ledger: SpendLedger;

	readonly runIndex: number;

	/** Max Spend per Execution of the first item, for the run's summary (each item is admitted under its own). */
	spendLimitUsd?: number;

	private readonly itemSignals: ItemSignals;

	private readonly origins: (itemIndex: number, kind: PaidKind) => RequestOrigin;

	private readonly crashRecovery?: CrashRecovery;

	private readonly priceList: PriceList;

	/** Audio lengths read at once: each read has its own deadline, which a thousand at once would outrun. */
	private readonly audioReads = new Slots(MAX_AUDIO_READS);

	/** Items of this run ask for room under the limit in input order. */
	private readonly admissionTurns = new AdmissionTurns();

	constructor(
		private readonly context: IExecuteFunctions,
		private readonly secret: string | undefined,
		private readonly signal: AbortSignal,
		firstBackoffMs: number,
	) {
		this.itemSignals = new ItemSignals(signal);
		this.earlierTries = new EarlierTries(context);
		this.runIndex = this.earlierTries.runIndex;
		this.ledger = new SpendLedger(context.getContext('node') as IDataObject);
		this.origins = requestOrigins(context, this.runIndex);
		if (context.getMode() === 'retry') this.crashRecovery = new CrashRecovery();
		this.priceList = new PriceList(n8nSender(context, signal), PRICE_LIST_TIMEOUT_MS);
		const clock: PacerClock = {
			now: () => Date.now(),
			sleep: async (ms, wakeSignal) => await abortableSleep(ms, wakeSignal),
		};
		const backoff = { firstBackoffMs, maxBackoffMs: MAX_BACKOFF_MS };
		this.pacers = {
			paid: new RequestPacer(clock, { maxInFlight: MAX_PAID_IN_FLIGHT, ...backoff }),
			poll: new RequestPacer(clock, { maxInFlight: Number.POSITIVE_INFINITY, ...backoff }),
		};
	}

	/** A running item's context, with its own stop signal; `release()` it when the item is done. */
	startItem(itemIndex: number): { run: ItemRun; release: () => void } {
		const itemSignal = this.itemSignals.create();
		const run = this.itemRun(itemIndex, itemSignal.signal);
		return {
			run,
			release: () => {
				run.spend.release();
				itemSignal.release();
			},
		};
	}

	/** An item's run context; without a signal of its own, for reading parameters only. */
	itemRun(itemIndex: number, itemSignal: AbortSignal = this.signal): ItemRun {
		const { context, earlierTries } = this;
		const turn =
			(pacer: RequestPacer): TakeTurn =>
			async (deadline) =>
				await pacer.acquire(itemSignal, deadline);
		const log = (message: string, generationId?: string) =>
			context.logger.info(`OmniHuman: ${message}`, {
				...(generationId && { generationId }),
				itemIndex,
				executionId: context.getExecutionId(),
			});
		const scope = { node: context.getNode(), itemIndex, secret: this.secret };
		const readAudio = async (url: string) =>
			await measureRemoteAudio(n8nRangeFetcher(context, itemSignal), url);
		return {
			context,
			...scope,
			send: n8nSender(context, itemSignal),
			clock: {
				now: () => Date.now(),
				sleep: async (ms: number) => await abortableSleep(ms, itemSignal),
			},
			turns: { paid: turn(this.pacers.paid), poll: turn(this.pacers.poll) },
			paidRequest: (request) => {
				// Hashed once: the request may hold a portrait of megabytes as base64.
				const key = earlierTries.keyOf(itemIndex, request);
				const earlier = earlierTries.find(key);
				if (earlier?.kind === 'generation') {
					this.createdIds.set(itemIndex, earlier.generationId);
					log(
						`item ${itemIndex} resumes generation ${earlier.generationId} created by an earlier try`,
						earlier.generationId,
					);
				}
				if (earlier?.kind === 'speech')
					log(`item ${itemIndex} reuses the speech of an earlier try`);
				const remember = (outcome: EarlierTry) => {
					earlierTries.remember(key, outcome);
					if (outcome.kind !== 'generation') return;
					this.createdIds.set(itemIndex, outcome.generationId);
					// On record outside the execution data, which a crashed process never saves.
					log(
						`generation ${outcome.generationId} created for item ${itemIndex}`,
						outcome.generationId,
					);
				};
				return { key, earlier, remember };
			},
			spend: new ItemSpend(this.ledger, scope, this.runIndex, itemSignal, this.admissionTurns),
			origin: (kind) => {
				const origin = this.origins(itemIndex, kind);
				return { origin, clientRequestId: buildClientRequestId(origin) };
			},
			...(this.crashRecovery && { crashRecovery: this.crashRecovery }),
			pricing: {
				priceList: this.priceList,
				ledger: this.ledger,
				measureAudio: async (url) => await this.audioReads.run(async () => await readAudio(url)),
				measureAudioIfNeeded: async (url, stillNeeded) =>
					await this.audioReads.run(async () => (stillNeeded() ? await readAudio(url) : undefined)),
			},
		};
	}
}
