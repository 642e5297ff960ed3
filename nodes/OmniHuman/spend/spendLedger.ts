import type { IDataObject } from 'n8n-workflow';

import type { PaidKind } from './clientRequestId';
import { formatUsd, type Charge } from './charge';

/** One paid request of this execution; keyed by the request (see `EarlierTries.keyOf`), so it counts once. */
export interface LedgerEntry {
	kind: PaidKind;
	model: string;
	/** Undefined when the service reported no charge. */
	usd?: number;
	credits?: number;
	generationId?: string;
	/** The node run that paid it. */
	runIndex: number;
}

export interface SpendTotals {
	jobs: number;
	syntheses: number;
	usd: number;
	credits: number;
	/** Paid requests whose charge the service did not report. */
	unreported: number;
}

/** A request an item is about to pay for: its kind and model. */
export interface PlannedRequest {
	kind: PaidKind;
	model: string;
}

interface Reservation extends PlannedRequest {
	/** The highest charge seen for the model; undefined for the first request of a model, which goes alone. */
	usd?: number;
}

export type AdmitResult =
	| { ok: true; admission: Admission }
	| { ok: false; cancelled: true }
	| { ok: false; cancelled: false; reason: string };

const CONTEXT_KEY = 'omniHumanSpend';
/** Dollars compared in floating point: a sum of reported charges may be off by a rounding error. */
const EPSILON = 1e-9;

/** Reservations and waiters live beside the saved ledger, for every run of the node in this process. */
const live = new WeakMap<object, { reservations: Set<Reservation>; waiters: Set<() => void> }>();

/**
 * What this execution paid for, kept in n8n's per-node execution context: every run of the node in the
 * execution (a loop, an AI agent's repeated tool calls) and every try (Retry On Fail) reads and adds to
 * the same ledger. With a limit, an item is admitted only if what it will pay for fits beside what was
 * spent and what requests in flight have reserved.
 */
export class SpendLedger {
	private readonly entries: Record<string, LedgerEntry>;

	private readonly state: { reservations: Set<Reservation>; waiters: Set<() => void> };

	constructor(nodeContext: IDataObject) {
		const store = (nodeContext[CONTEXT_KEY] ??= { entries: {} }) as {
			entries: Record<string, LedgerEntry>;
		};
		this.entries = store.entries;
		let state = live.get(store);
		if (!state) live.set(store, (state = { reservations: new Set(), waiters: new Set() }));
		this.state = state;
	}

	has(key: string): boolean {
		return Object.hasOwn(this.entries, key);
	}

	/** Records (or corrects: a completed job reports its charge again) the charge of one paid request. */
	record(key: string, entry: LedgerEntry) {
		const known = this.entries[key];
		const keepCharge = entry.usd === undefined && known?.usd !== undefined;
		this.entries[key] = keepCharge ? { ...entry, usd: known.usd, credits: known.credits } : entry;
		this.wake();
	}

	/** Adds a charge reported later (a completed job) to the entry of its generation. */
	recordCompletion(generationId: string, charge: Charge) {
		for (const entry of Object.values(this.entries)) {
			if (entry.generationId !== generationId) continue;
			entry.usd = charge.usd;
			entry.credits = charge.credits;
		}
		this.wake();
	}

	totals(filter: (entry: LedgerEntry) => boolean = () => true): SpendTotals {
		const totals: SpendTotals = { jobs: 0, syntheses: 0, usd: 0, credits: 0, unreported: 0 };
		for (const entry of Object.values(this.entries)) {
			if (!filter(entry)) continue;
			if (entry.kind === 'video') totals.jobs++;
			else totals.syntheses++;
			if (entry.usd === undefined) totals.unreported++;
			totals.usd += entry.usd ?? 0;
			totals.credits += entry.credits ?? 0;
		}
		return totals;
	}

	private highest(model: string): number | undefined {
		let highest: number | undefined;
		for (const entry of Object.values(this.entries)) {
			if (entry.model === model && entry.usd !== undefined)
				highest = Math.max(highest ?? 0, entry.usd);
		}
		return highest;
	}

	private unreported(): LedgerEntry | undefined {
		return Object.values(this.entries).find((entry) => entry.usd === undefined);
	}

	/**
	 * Waits until `plan` fits under `limitUsd` and reserves it, or refuses at once when it can never fit
	 * (what was spent already leaves no room). A model's first request goes alone: others of that model
	 * wait for its charge, then reserve the highest charge seen for the model. Without a limit, admits at once.
	 */
	async admit(
		plan: PlannedRequest[],
		limitUsd: number | undefined,
		signal: AbortSignal,
	): Promise<AdmitResult> {
		const { reservations } = this.state;
		for (;;) {
			if (signal.aborted) return { ok: false, cancelled: true };
			if (limitUsd === undefined) return { ok: true, admission: new Admission(this, []) };
			const unreported = this.unreported();
			if (unreported)
				return { ok: false, cancelled: false, reason: this.unreportedReason(unreported, limitUsd) };
			const wanted: Reservation[] = plan.map((request) => ({
				...request,
				usd: this.highest(request.model),
			}));
			const known = wanted.reduce((sum, each) => sum + (each.usd ?? 0), 0);
			const anyUnknown = wanted.some((each) => each.usd === undefined);
			const spent = this.totals().usd;
			const fits = (base: number) =>
				anyUnknown ? base + known < limitUsd - EPSILON : base + known <= limitUsd + EPSILON;
			if (!fits(spent))
				return { ok: false, cancelled: false, reason: this.overLimitReason(limitUsd, wanted) };
			let reserved = 0;
			for (const each of reservations) reserved += each.usd ?? 0;
			const firstInFlight = wanted.some(
				(each) =>
					each.usd === undefined &&
					[...reservations].some((other) => other.model === each.model && other.usd === undefined),
			);
			if (!firstInFlight && fits(spent + reserved)) {
				for (const each of wanted) reservations.add(each);
				return { ok: true, admission: new Admission(this, wanted) };
			}
			await this.changed(signal);
		}
	}

	/** @internal for `Admission` */
	drop(reservation: Reservation) {
		this.state.reservations.delete(reservation);
		this.wake();
	}

	private wake() {
		const waiters = [...this.state.waiters];
		this.state.waiters.clear();
		for (const waiter of waiters) waiter();
	}

	private async changed(signal: AbortSignal): Promise<void> {
		await new Promise<void>((resolve) => {
			const done = () => {
				signal.removeEventListener('abort', done);
				this.state.waiters.delete(done);
				resolve();
			};
			this.state.waiters.add(done);
			signal.addEventListener('abort', done, { once: true });
		});
	}

	private overLimitReason(limitUsd: number, wanted: Reservation[]): string {
		const totals = this.totals();
		const next = wanted
			.map(
				(each) =>
					`${each.kind === 'video' ? 'a' : 'a speech synthesis with'} ${each.model}${each.kind === 'video' ? ' job' : ''} ${each.usd === undefined ? '(price not seen yet)' : `about ${formatUsd(each.usd)}`}`,
			)
			.join(' and ');
		return `Max Spend per Execution (${formatUsd(limitUsd)}) would be passed: this execution has spent ${formatUsd(totals.usd)} on ${plural(totals.jobs, 'job')} and ${plural(totals.syntheses, 'speech synthesis', 'speech syntheses')}, and this item needs ${next}`;
	}

	private unreportedReason(entry: LedgerEntry, limitUsd: number): string {
		const what =
			entry.kind === 'video'
				? `the ${entry.model} job${entry.generationId ? ` ${entry.generationId}` : ''}`
				: `a speech synthesis with ${entry.model}`;
		return `Max Spend per Execution (${formatUsd(limitUsd)}) cannot be kept: the service reported no charge for ${what}, so this execution's spend is unknown and nothing more is created`;
	}
}

function plural(count: number, one: string, many = `${one}s`): string {
	return `${count} ${count === 1 ? one : many}`;
}

/** An item's reserved room under the limit: each request settles its part; `release()` frees what was never sent. */
export class Admission {
	constructor(
		private readonly ledger: SpendLedger,
		private readonly reservations: Reservation[],
	) {}

	/**
	 * The outcome of one paid request: its charge (or `undefined` when the service reported none), or
	 * `not-charged` when it failed before making anything.
	 */
	settle(kind: PaidKind, outcome: { key: string; entry: LedgerEntry } | 'not-charged') {
		if (outcome !== 'not-charged') this.ledger.record(outcome.key, outcome.entry);
		const index = this.reservations.findIndex((each) => each.kind === kind);
		if (index >= 0) this.ledger.drop(this.reservations.splice(index, 1)[0]);
	}

	/** What was reserved for the item's request of this kind (undefined: nothing, or a model's first request). */
	reserved(kind: PaidKind): number | undefined {
		return this.reservations.find((each) => each.kind === kind)?.usd;
	}

	release() {
		for (const each of this.reservations.splice(0)) this.ledger.drop(each);
	}
}
