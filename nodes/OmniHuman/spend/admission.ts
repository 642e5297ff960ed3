import type { PaidKind } from './clientRequestId';
import type { LedgerEntry } from './spendLedger';

/** A request an item is about to pay for: its kind and model. */
export interface PlannedRequest {
	kind: PaidKind;
	model: string;
}

export interface Reservation extends PlannedRequest {
	/** The highest charge seen for the model; undefined for the first request of a model, which goes alone. */
	usd?: number;
}

export type AdmitResult =
	| { ok: true; admission: Admission }
	| { ok: false; cancelled: true }
	| { ok: false; cancelled: false; reason: string };

/** What an admission needs of the ledger: to record a charge and to give back a reservation. */
export interface AdmissionLedger {
	record(key: string, entry: LedgerEntry): void;
	drop(reservation: Reservation): void;
}

/** An item's reserved room under the limit: each request settles its part; `release()` frees what was never sent. */
export class Admission {
	constructor(
		private readonly ledger: AdmissionLedger,
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
