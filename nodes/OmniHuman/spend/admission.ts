import type { PaidKind } from './clientRequestId';
import type { LedgerEntry, PlannedRequest, Reservation } from './types';

/** A plan priced exactly, or on the most (`upper`) or the least (`lower`) it could cost. */
export type PlanBound = 'exact' | 'upper' | 'lower';

export type AdmitResult =
	| { ok: true; admission: Admission }
	| { ok: false; cancelled: true }
	| {
			ok: false;
			cancelled: false;
			reason: string;
			outOfCredits?: boolean;
			/** Decided on an upper bound that can never fit: the item is to be priced exactly, not refused. */
			exactNeeded?: boolean;
	  };

/** What an admission needs of the ledger: to record a charge, to give back or resize a reservation. */
export interface AdmissionLedger {
	record(key: string, entry: LedgerEntry): void;
	drop(reservation: Reservation): void;
	resize(reservation: Reservation, plan: PlannedRequest, limitUsd: number): boolean;
}

/** An item's reserved room under the limit: each request settles its part; `release()` frees what was never sent. */
export class Admission {
	constructor(
		private readonly ledger: AdmissionLedger,
		private readonly reservations: Reservation[],
		private readonly limitUsd?: number,
	) {}

	/**
	 * The outcome of one paid request: its charge (or `undefined` when the service reported none), or
	 * `not-charged` when it failed before making anything.
	 */
	settle(kind: PaidKind, outcome: { key: string; entry: LedgerEntry } | 'not-charged') {
		const index = this.reservations.findIndex((each) => each.kind === kind);
		const reservation = index >= 0 ? this.reservations.splice(index, 1)[0] : undefined;
		if (outcome !== 'not-charged') {
			const { quantity, reservedUsd } = reservation ?? {};
			this.ledger.record(outcome.key, {
				...outcome.entry,
				...(reservedUsd !== undefined && { estimatedUsd: reservedUsd }),
				...(reservation?.upperBound && { upperBound: true }),
				...(quantity && {
					quantity: { unit: quantity.unit, amount: quantity.amount, exact: quantity.exact },
				}),
			});
		}
		if (reservation) this.ledger.drop(reservation);
	}

	/** What the item holds under the limit, all its requests together. */
	heldUsd(): number {
		return this.reservations.reduce((sum, each) => sum + (each.reservedUsd ?? 0), 0);
	}

	/** What was reserved for the item's request of this kind (undefined: nothing, or a model's first request). */
	reserved(kind: PaidKind): number | undefined {
		return this.reservations.find((each) => each.kind === kind)?.reservedUsd;
	}

	/** The price list's price of the item's request of this kind, when the list quoted it. */
	listedPrice(kind: PaidKind): number | undefined {
		return this.reservations.find((each) => each.kind === kind)?.usd;
	}

	/**
	 * Prices the item's request of this kind again, now that it is known better (the speech was made and
	 * measured). A smaller amount frees room at once; a larger one is kept only if it fits under the limit.
	 */
	reprice(plan: PlannedRequest): boolean {
		const reservation = this.reservations.find((each) => each.kind === plan.kind);
		if (!reservation || this.limitUsd === undefined) return true;
		return this.ledger.resize(reservation, plan, this.limitUsd);
	}

	release() {
		for (const each of this.reservations.splice(0)) this.ledger.drop(each);
	}
}
