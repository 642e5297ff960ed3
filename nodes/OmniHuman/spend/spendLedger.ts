import type { IDataObject } from 'n8n-workflow';

import { billedUnits, type BilledUnit } from '../pricing/quote';
import { Admission, type AdmitResult } from './admission';
import type { Charge } from './charge';
import { outOfCreditsReason, overLimitReason, unreportedReason } from './refusals';
import type { LedgerEntry, PlannedRequest, Reservation, SpendTotals } from './types';

export type { LedgerEntry, SpendTotals } from './types';

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
	/** The highest rate charged per model and unit (`<model>|<unit>` → USD per unit), from measured quantities. */
	learnedRates: Map<string, number>;
	/**
	 * The same from requests whose quantity was only bounded (an audio that could not be read): the charge
	 * over one unit, the most the rate can be. Used only while no measured rate is known.
	 */
	boundRates: Map<string, number>;
	unreported?: LedgerEntry;
	/** The service said the account has no credits left: nothing more is sent in this execution. */
	outOfCredits?: string;
}

interface Waiter {
	plan: PlannedRequest[];
	limitUsd: number;
	done(result: AdmitResult): void;
}

const live = new WeakMap<object, LiveState>();

const rateKey = (model: string, unit: BilledUnit) => `${model}|${unit}`;
/** A request billed as a whole, for a rate learned per request when nothing finer is known. */
const PER_REQUEST = { unit: 'request' as const, amount: 1 };

/**
 * What this execution paid for, kept in n8n's per-node execution context: every run of the node in the
 * execution (a loop, an AI agent's repeated tool calls) and every try (Retry On Fail) reads and adds to
 * the same ledger. With a limit, an item is admitted only if what it will pay for, as priced before it is
 * sent, fits beside what was spent and what requests in flight have reserved.
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
				learnedRates: new Map(),
				boundRates: new Map(),
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
		if (sign === 1) this.learn(entry.model, entry.quantity, entry.usd);
	}

	/**
	 * A charge over what it was billed on teaches the model's rate; the highest seen is kept. A bounded
	 * quantity says only that at least one unit was billed, so it teaches at most the charge per unit.
	 */
	private learn(model: string, quantity: LedgerEntry['quantity'], usd: number) {
		const { unit, amount, exact } = quantity ?? { ...PER_REQUEST, exact: true };
		if (!(amount > 0)) return;
		const rates = exact ? this.state.learnedRates : this.state.boundRates;
		const rate = usd / (exact ? billedUnits({ unit, amount, exact, basis: '' }) : 1);
		const key = rateKey(model, unit);
		if (rate > (rates.get(key) ?? -1)) rates.set(key, rate);
	}

	/** What a planned request will cost: its price-list figure, else the learned rate × its quantity. */
	priceOf(request: PlannedRequest): number | undefined {
		if (request.usd !== undefined) return request.usd;
		const quantity = request.quantity ?? { ...PER_REQUEST, exact: true, basis: '' };
		const rate = this.learnedRate(request.model, quantity.unit);
		return rate === undefined ? undefined : rate * billedUnits(quantity);
	}

	/** The rate learned for a model's unit in this execution (USD per unit), if any. */
	learnedRate(model: string, unit: BilledUnit): number | undefined {
		const key = rateKey(model, unit);
		return this.state.learnedRates.get(key) ?? this.state.boundRates.get(key);
	}

	/** What this execution was charged so far and what requests in flight hold (USD). */
	get committedUsd(): number {
		return this.state.spentUsd + this.state.reservedUsd;
	}

	has(key: string): boolean {
		return Object.hasOwn(this.entries, key);
	}

	/** Records (or corrects: a completed job reports its charge again) the charge of one paid request. */
	record(key: string, entry: LedgerEntry) {
		const known = this.entries[key];
		const keepCharge = entry.usd === undefined && known?.usd !== undefined;
		const next: LedgerEntry = keepCharge
			? { ...entry, usd: known.usd, credits: known.credits }
			: entry;
		if (known?.estimatedUsd !== undefined) next.estimatedUsd ??= known.estimatedUsd;
		if (known?.quantity) next.quantity ??= known.quantity;
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

	/** The service answered that the account has no credits left: every later paid request of the execution is refused. */
	outOfCredits(message: string) {
		this.state.outOfCredits ??= message;
		this.wake();
	}

	totals(filter: (entry: LedgerEntry) => boolean = () => true): SpendTotals {
		const totals: SpendTotals = {
			jobs: 0,
			syntheses: 0,
			usd: 0,
			credits: 0,
			unreported: 0,
			paidBefore: { jobs: 0, usd: 0 },
			estimated: { requests: 0, usd: 0, chargedUsd: 0 },
		};
		for (const entry of Object.values(this.entries)) {
			if (!filter(entry)) continue;
			if (entry.kind === 'video') totals.jobs++;
			else totals.syntheses++;
			if (entry.usd === undefined || entry.unreported) totals.unreported++;
			if (entry.paidBefore) {
				totals.paidBefore.jobs++;
				totals.paidBefore.usd += entry.usd ?? 0;
			}
			if (entry.estimatedUsd !== undefined) {
				totals.estimated.requests++;
				totals.estimated.usd += entry.estimatedUsd;
				totals.estimated.chargedUsd += entry.usd ?? 0;
			}
			totals.usd += entry.usd ?? 0;
			totals.credits += entry.credits ?? 0;
		}
		return totals;
	}

	/**
	 * Waits until `plan` fits under `limitUsd` and reserves it, or refuses at once when it can never fit
	 * (what was spent already leaves no room). Each request reserves its price; a model the price list
	 * cannot quote and whose rate is not learned yet sends its first request alone, and the others of that
	 * model wait for its charge. Without a limit, admits at once (unless the account ran out of credits).
	 */
	async admit(
		plan: PlannedRequest[],
		limitUsd: number | undefined,
		signal: AbortSignal,
	): Promise<AdmitResult> {
		if (this.state.outOfCredits) return this.outOfCreditsRefusal(this.state.outOfCredits);
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
		if (state.outOfCredits) return this.outOfCreditsRefusal(state.outOfCredits);
		if (state.unreported)
			return { ok: false, cancelled: false, reason: unreportedReason(state.unreported, limitUsd) };
		const wanted: Reservation[] = plan.map((request) => ({
			...request,
			reservedUsd: this.priceOf(request),
		}));
		let known = 0;
		let anyUnknown = false;
		let firstInFlight = false;
		for (const request of wanted) {
			if (request.reservedUsd !== undefined) known += request.reservedUsd;
			else {
				anyUnknown = true;
				if ((state.firstInFlight.get(request.model) ?? 0) > 0) firstInFlight = true;
			}
		}
		const fits = (base: number) =>
			anyUnknown ? base + known < limitUsd - EPSILON : base + known <= limitUsd + EPSILON;
		if (!fits(state.spentUsd) || plan.some((request) => request.atLeast))
			return {
				ok: false,
				cancelled: false,
				reason: overLimitReason(limitUsd, this.totals(), wanted),
			};
		if (firstInFlight || !fits(state.spentUsd + state.reservedUsd)) return undefined;
		for (const each of wanted) this.reserve(each);
		return { ok: true, admission: new Admission(this, wanted, limitUsd) };
	}

	private outOfCreditsRefusal(message: string): AdmitResult {
		return { ok: false, cancelled: false, reason: outOfCreditsReason(message), outOfCredits: true };
	}

	private reserve(reservation: Reservation) {
		const { state } = this;
		state.reservations.add(reservation);
		state.reservedUsd += reservation.reservedUsd ?? 0;
		if (reservation.reservedUsd === undefined)
			state.firstInFlight.set(
				reservation.model,
				(state.firstInFlight.get(reservation.model) ?? 0) + 1,
			);
	}

	/** @internal for `Admission` */
	drop(reservation: Reservation) {
		const { state } = this;
		if (!state.reservations.delete(reservation)) return;
		state.reservedUsd -= reservation.reservedUsd ?? 0;
		if (reservation.reservedUsd === undefined)
			state.firstInFlight.set(
				reservation.model,
				(state.firstInFlight.get(reservation.model) ?? 1) - 1,
			);
		this.wake();
	}

	/** @internal for `Admission`: a reservation priced again; a larger one only if it still fits. */
	resize(reservation: Reservation, plan: PlannedRequest, limitUsd: number): boolean {
		const { state } = this;
		const usd = this.priceOf(plan);
		const held = reservation.reservedUsd;
		if (!state.reservations.has(reservation) || usd === undefined || held === undefined)
			return true;
		if (usd > held && state.spentUsd + state.reservedUsd - held + usd > limitUsd + EPSILON)
			return false;
		state.reservedUsd += usd - held;
		Object.assign(reservation, plan, { reservedUsd: usd });
		if (usd < held) this.wake();
		return true;
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
