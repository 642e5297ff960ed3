import type { AdmitResult, PlanBound } from './admission';
import { LearnedRates } from './learnedRates';
import type { LedgerEntry, PlannedRequest, Reservation } from './types';

/**
 * Beside the saved ledger, for every run of the node in this process: the reservations in flight, the
 * items waiting for room, and running sums (a batch of 1,000 items re-checks them on every charge).
 */
export interface LiveState {
	reservations: Set<Reservation>;
	reservedUsd: number;
	/** Of `reservedUsd`, what is held on upper bounds (audio not read), which shrinks to the charges. */
	boundUsd: number;
	/** Requests in flight per model whose price is not known yet (a model's first request). */
	firstInFlight: Map<string, number>;
	waiters: Set<Waiter>;
	spentUsd: number;
	keyByGeneration: Map<string, string>;
	rates: LearnedRates;
	unreported?: LedgerEntry;
	/** The service said the account has no credits left: nothing more is sent in this execution. */
	outOfCredits?: string;
}

export interface Waiter {
	plan: PlannedRequest[];
	limitUsd: number;
	bound: PlanBound;
	done(result: AdmitResult): void;
}

const live = new WeakMap<object, LiveState>();

/** The live state of a saved ledger (`store`), if this process has one for it. */
export function liveStateOf(store: object): LiveState | undefined {
	return live.get(store);
}

/** A ledger's live state, new (this process has not seen the saved ledger before). */
export function newLiveState(store: object): LiveState {
	const state: LiveState = {
		reservations: new Set(),
		reservedUsd: 0,
		boundUsd: 0,
		firstInFlight: new Map(),
		waiters: new Set(),
		spentUsd: 0,
		keyByGeneration: new Map(),
		rates: new LearnedRates(),
	};
	live.set(store, state);
	return state;
}
