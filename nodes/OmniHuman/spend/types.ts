import type { BilledQuantity } from '../pricing/quote';
import type { PaidKind } from './clientRequestId';

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
	/** The service reported no charge: `usd` is the price list's price for it. */
	unreported?: boolean;
	/** What was reserved for it before it was sent (the estimate), when it was priced. */
	estimatedUsd?: number;
	/** The estimate was its model's worst case: its audio was not read, as the limit had room for that. */
	upperBound?: boolean;
	/** What it was billed on (measured, or a bound): its charge divided by it teaches the model's rate. */
	quantity?: Pick<BilledQuantity, 'unit' | 'amount' | 'exact'>;
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
	/** What was estimated (reserved) for the requests that had an estimate, and what they were charged. */
	estimated: { requests: number; usd: number; chargedUsd: number; upperBounds: number };
}

/** A request an item is about to pay for, priced before it is sent. */
export interface PlannedRequest {
	kind: PaidKind;
	model: string;
	/** Its price from the service's price list; undefined when the list cannot quote it. */
	usd?: number;
	/**
	 * What it is billed on, measured or bounded: with no price from the list, the rate learned from this
	 * execution's earlier charges of the model (charge ÷ quantity) prices it. Absent: per request.
	 */
	quantity?: BilledQuantity;
	/**
	 * Priced at the least it could cost (its audio left unread), because even that did not fit beside what
	 * was spent and reserved: it is refused, never reserved.
	 */
	atLeast?: boolean;
	/** Priced on the most it could cost (its audio not read): what it holds shrinks to its charge. */
	upperBound?: boolean;
	/** Its model's billing basis is not documented: a learned price is the higher of per unit and per request. */
	basisUnknown?: boolean;
}

export interface Reservation extends PlannedRequest {
	/** What is held for it under the limit; undefined for a model's first request without a price, which goes alone. */
	reservedUsd?: number;
}

/**
 * What an item will pay for. `exact` is set when `requests` are priced on an upper bound (its audio's
 * length not read yet, its model's limit in its place): the item goes on that bound while it fits beside
 * what was spent, and is priced exactly (the audio read) only once it no longer would; unless even
 * `least` (the least it could cost) can never fit, which refuses it unread.
 */
export interface ItemPlan {
	requests: PlannedRequest[];
	exact?: () => Promise<PlannedRequest[]>;
	least?: PlannedRequest[];
	/** Starts what `exact` will need (the audio's read) ahead of the item's turn. */
	readAhead?: () => void;
}
