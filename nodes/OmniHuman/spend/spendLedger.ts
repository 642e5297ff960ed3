import type { IDataObject } from 'n8n-workflow';

import type { BilledUnit } from '../pricing/quote';
import { Admission, type AdmitResult, type PlanBound } from './admission';
import type { Charge } from './charge';
import { outOfCreditsReason, overLimitReason, unreportedReason } from './refusals';
import { liveStateOf, newLiveState, type LiveState, type Waiter } from './liveState';
import { sumTotals } from './totals';
import type { LedgerEntry, PlannedRequest, Reservation, SpendTotals } from './types';

export type { LedgerEntry, SpendTotals } from './types';

const CONTEXT_KEY = 'omniHumanSpend';
/** Dollars compared in floating point: a sum of reported charges may be off by a rounding error. */
const EPSILON = 1e-9;

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
		let state = liveStateOf(store);
		if (!state) {
			state = newLiveState(store);
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
		if (sign === 1) state.rates.learn(entry.model, entry.quantity, entry.usd);
	}

	/** What a planned request will cost: its price-list figure, else the learned rate × its quantity. */
	priceOf(request: PlannedRequest): number | undefined {
		return this.state.rates.priceOf(request);
	}

	/** The rate learned for a model's unit in this execution (USD per unit), if any. */
	learnedRate(model: string, unit: BilledUnit): number | undefined {
		return this.state.rates.rateOf(model, unit);
	}

	/** What this execution was charged so far (USD). */
	get spentUsd(): number {
		return this.state.spentUsd;
	}

	/** What was charged and what requests in flight hold at their exact price (USD): upper bounds left out. */
	get firmUsd(): number {
		return this.state.spentUsd + this.state.reservedUsd - this.state.boundUsd;
	}

	/**
	 * Whether `usd` fits under `limitUsd` beside what was charged (`spent`, which only grows: a no is final)
	 * or beside that and the exact reservations in flight (`firm`).
	 */
	couldFit(usd: number, limitUsd: number, beside: 'spent' | 'firm'): boolean {
		return (beside === 'spent' ? this.spentUsd : this.firmUsd) + usd <= limitUsd + EPSILON;
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
		return sumTotals(Object.values(this.entries).filter(filter));
	}

	/**
	 * Waits until `plan` fits under `limitUsd` and reserves it, or refuses at once when it can never fit
	 * (what was spent already leaves no room). Each request reserves its price; a model the price list
	 * cannot quote and whose rate is not learned yet sends its first request alone, and the others of that
	 * model wait for its charge. Without a limit, admits at once (unless the account ran out of credits).
	 * A plan on a bound is never reserved for long: an `upper` one is admitted where it fits, and answers
	 * `exactNeeded` where it never could; a `lower` one is refused where it never could fit, waits while
	 * requests in flight hold their exact price, and answers `exactNeeded` where it might fit.
	 */
	async admit(
		plan: PlannedRequest[],
		limitUsd: number | undefined,
		signal: AbortSignal,
		bound: PlanBound = 'exact',
	): Promise<AdmitResult> {
		if (this.state.outOfCredits) return this.outOfCreditsRefusal(this.state.outOfCredits);
		if (limitUsd === undefined) return { ok: true, admission: new Admission(this, []) };
		if (signal.aborted) return { ok: false, cancelled: true };
		const decided = this.decide(plan, limitUsd, bound);
		if (decided) return decided;
		return await new Promise<AdmitResult>((resolve) => {
			const onAbort = () => {
				this.state.waiters.delete(waiter);
				resolve({ ok: false, cancelled: true });
			};
			const waiter: Waiter = {
				plan,
				limitUsd,
				bound,
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
	private decide(
		plan: PlannedRequest[],
		limitUsd: number,
		bound: PlanBound = 'exact',
	): AdmitResult | undefined {
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
		if (!fits(state.spentUsd) || (bound === 'exact' && plan.some((request) => request.atLeast)))
			return {
				ok: false,
				cancelled: false,
				reason: overLimitReason(limitUsd, this.totals(), wanted),
				...(bound === 'upper' && { exactNeeded: true }),
			};
		if (bound === 'lower')
			return fits(this.firmUsd)
				? { ok: false, cancelled: false, reason: '', exactNeeded: true }
				: undefined;
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
		if (reservation.upperBound) state.boundUsd += reservation.reservedUsd ?? 0;
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
		if (reservation.upperBound) state.boundUsd -= reservation.reservedUsd ?? 0;
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
		if (reservation.upperBound) state.boundUsd -= held;
		Object.assign(reservation, { upperBound: undefined }, plan, { reservedUsd: usd });
		if (reservation.upperBound) state.boundUsd += usd;
		if (usd < held) this.wake();
		return true;
	}

	/** Decides, in arrival order, for the items waiting for room: the sums changed. */
	private wake() {
		for (const waiter of [...this.state.waiters]) {
			const result = this.decide(waiter.plan, waiter.limitUsd, waiter.bound);
			if (!result) continue;
			this.state.waiters.delete(waiter);
			waiter.done(result);
		}
	}
}
