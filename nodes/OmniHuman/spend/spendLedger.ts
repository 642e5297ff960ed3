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
	/** Paid by the crashed execution this one retries (found in the usage logs), not by this one. */
	paidBefore?: boolean;
}

export interface SpendTotals {
	jobs: number;
	syntheses: number;
	usd: number;
	credits: number;
	/** Paid requests whose charge the service did not report. */
	unreported: number;
	/** Of those, the jobs a crashed execution paid that this retry resumed, and what they cost. */
	paidBefore: { jobs: number; usd: number };
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

/**
 * Beside the saved ledger, for every run of the node in this process: the reservations in flight, the
 * items waiting for room, and running sums (a batch of 1,000 items re-checks them on every charge).
 */
interface LiveState {
	reservations: Set<Reservation>;
	reservedUsd: number;
	/** Requests in flight per model whose price is not known yet (a model's first request). */
	firstInFlight: Map<string, number>;
	waiters: Set<Waiter>;
	spentUsd: number;
	keyByGeneration: Map<string, string>;
	highestByModel: Map<string, number>;
	unreported?: LedgerEntry;
}

interface Waiter {
	plan: PlannedRequest[];
	limitUsd: number;
	done(result: AdmitResult): void;
}

const live = new WeakMap<object, LiveState>();

/**
 * What this execution paid for, kept in n8n's per-node execution context: every run of the node in the
 * execution (a loop, an AI agent's repeated tool calls) and every try (Retry On Fail) reads and adds to
 * the same ledger. With a limit, an item is admitted only if what it will pay for fits beside what was
 * spent and what requests in flight have reserved.
 */
export class SpendLedger {
	private readonly entries: Record<string, LedgerEntry>;

	private readonly state: LiveState;

	constructor(nodeContext: IDataObject) {
		const store = (nodeContext[CONTEXT_KEY] ??= { entries: {} }) as {
			entries: Record<string, LedgerEntry>;
		};
		this.entries = store.entries;
		let state = live.get(store);
		if (!state) {
			state = {
				reservations: new Set(),
				reservedUsd: 0,
				firstInFlight: new Map(),
				waiters: new Set(),
				spentUsd: 0,
				keyByGeneration: new Map(),
				highestByModel: new Map(),
			};
			live.set(store, state);
			for (const [key, entry] of Object.entries(this.entries)) this.count(key, entry, 1);
		}
		this.state = state;
	}

	/** Adds (sign 1) or takes back (-1) an entry from the running sums. */
	private count(key: string, entry: LedgerEntry, sign: 1 | -1) {
		const { state } = this;
		if (sign === 1 && entry.generationId) state.keyByGeneration.set(entry.generationId, key);
		if (entry.usd === undefined) {
			if (sign === 1) state.unreported ??= entry;
			else if (state.unreported === entry)
				state.unreported = Object.values(this.entries).find(
					(other) => other !== entry && other.usd === undefined,
				);
			return;
		}
		state.spentUsd += sign * entry.usd;
		if (sign === 1 && entry.usd > (state.highestByModel.get(entry.model) ?? -1))
			state.highestByModel.set(entry.model, entry.usd);
	}

	has(key: string): boolean {
		return Object.hasOwn(this.entries, key);
	}

	/** Records (or corrects: a completed job reports its charge again) the charge of one paid request. */
	record(key: string, entry: LedgerEntry) {
		const known = this.entries[key];
		const keepCharge = entry.usd === undefined && known?.usd !== undefined;
		const next = keepCharge ? { ...entry, usd: known.usd, credits: known.credits } : entry;
		if (known) this.count(key, known, -1);
		this.entries[key] = next;
		this.count(key, next, 1);
		this.wake();
	}

	/** Adds a charge reported later (a completed job) to the entry of its generation. */
	recordCompletion(generationId: string, charge: Charge) {
		const key = this.state.keyByGeneration.get(generationId);
		const entry = key === undefined ? undefined : this.entries[key];
		if (key !== undefined && entry)
			this.record(key, { ...entry, usd: charge.usd, credits: charge.credits });
	}

	totals(filter: (entry: LedgerEntry) => boolean = () => true): SpendTotals {
		const totals: SpendTotals = {
			jobs: 0,
			syntheses: 0,
			usd: 0,
			credits: 0,
			unreported: 0,
			paidBefore: { jobs: 0, usd: 0 },
		};
		for (const entry of Object.values(this.entries)) {
			if (!filter(entry)) continue;
			if (entry.kind === 'video') totals.jobs++;
			else totals.syntheses++;
			if (entry.usd === undefined) totals.unreported++;
			if (entry.paidBefore) {
				totals.paidBefore.jobs++;
				totals.paidBefore.usd += entry.usd ?? 0;
			}
			totals.usd += entry.usd ?? 0;
			totals.credits += entry.credits ?? 0;
		}
		return totals;
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
		if (limitUsd === undefined) return { ok: true, admission: new Admission(this, []) };
		if (signal.aborted) return { ok: false, cancelled: true };
		const decided = this.decide(plan, limitUsd);
		if (decided) return decided;
		return await new Promise<AdmitResult>((resolve) => {
			const onAbort = () => {
				this.state.waiters.delete(waiter);
				resolve({ ok: false, cancelled: true });
			};
			const waiter: Waiter = {
				plan,
				limitUsd,
				done: (result) => {
					signal.removeEventListener('abort', onAbort);
					resolve(result);
				},
			};
			signal.addEventListener('abort', onAbort, { once: true });
			this.state.waiters.add(waiter);
		});
	}

	/** Admits (reserving), refuses, or leaves waiting (undefined) one item's plan, from the running sums alone. */
	private decide(plan: PlannedRequest[], limitUsd: number): AdmitResult | undefined {
		const { state } = this;
		if (state.unreported)
			return {
				ok: false,
				cancelled: false,
				reason: this.unreportedReason(state.unreported, limitUsd),
			};
		let known = 0;
		let anyUnknown = false;
		let firstInFlight = false;
		for (const request of plan) {
			const usd = state.highestByModel.get(request.model);
			if (usd !== undefined) known += usd;
			else {
				anyUnknown = true;
				if ((state.firstInFlight.get(request.model) ?? 0) > 0) firstInFlight = true;
			}
		}
		const fits = (base: number) =>
			anyUnknown ? base + known < limitUsd - EPSILON : base + known <= limitUsd + EPSILON;
		const wanted = () =>
			plan.map((request) => ({ ...request, usd: state.highestByModel.get(request.model) }));
		if (!fits(state.spentUsd))
			return { ok: false, cancelled: false, reason: this.overLimitReason(limitUsd, wanted()) };
		if (firstInFlight || !fits(state.spentUsd + state.reservedUsd)) return undefined;
		const reservations = wanted();
		for (const each of reservations) this.reserve(each);
		return { ok: true, admission: new Admission(this, reservations) };
	}

	private reserve(reservation: Reservation) {
		const { state } = this;
		state.reservations.add(reservation);
		state.reservedUsd += reservation.usd ?? 0;
		if (reservation.usd === undefined)
			state.firstInFlight.set(
				reservation.model,
				(state.firstInFlight.get(reservation.model) ?? 0) + 1,
			);
	}

	/** @internal for `Admission` */
	drop(reservation: Reservation) {
		const { state } = this;
		if (!state.reservations.delete(reservation)) return;
		state.reservedUsd -= reservation.usd ?? 0;
		if (reservation.usd === undefined)
			state.firstInFlight.set(
				reservation.model,
				(state.firstInFlight.get(reservation.model) ?? 1) - 1,
			);
		this.wake();
	}

	/** Decides, in arrival order, for the items waiting for room: the sums changed. */
	private wake() {
		for (const waiter of [...this.state.waiters]) {
			const result = this.decide(waiter.plan, waiter.limitUsd);
			if (!result) continue;
			this.state.waiters.delete(waiter);
			waiter.done(result);
		}
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
