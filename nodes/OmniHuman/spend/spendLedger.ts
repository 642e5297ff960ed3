import type { IDataObject } from 'n8n-workflow';

import type { PaidKind } from './clientRequestId';
import { Admission, type AdmitResult, type PlannedRequest, type Reservation } from './admission';
import type { Charge } from './charge';
import { overLimitReason, unreportedReason } from './refusals';

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
			this.state = state;
			// A ledger saved with the execution (a retry from the Executions list) comes back as a new object.
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
				reason: unreportedReason(state.unreported, limitUsd),
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
			return {
				ok: false,
				cancelled: false,
				reason: overLimitReason(limitUsd, this.totals(), wanted()),
			};
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
}
