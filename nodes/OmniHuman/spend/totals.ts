import type { LedgerEntry, SpendTotals } from './types';

/** The sums of a set of ledger entries: jobs, syntheses, charges, and what was estimated beside what was charged. */
export function sumTotals(entries: LedgerEntry[]): SpendTotals {
	const totals: SpendTotals = {
		jobs: 0,
		syntheses: 0,
		usd: 0,
		credits: 0,
		unreported: 0,
		paidBefore: { jobs: 0, usd: 0 },
		estimated: { requests: 0, usd: 0, chargedUsd: 0, upperBounds: 0 },
	};
	for (const entry of entries) {
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
			if (entry.upperBound) totals.estimated.upperBounds++;
		}
		totals.usd += entry.usd ?? 0;
		totals.credits += entry.credits ?? 0;
	}
	return totals;
}
