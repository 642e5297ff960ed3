import { formatUsd } from './charge';
import type { Reservation } from './admission';
import type { LedgerEntry, SpendTotals } from './spendLedger';

/** Why an item is refused under Max Spend per Execution: the limit, what the execution spent, what the item needs. */
export function overLimitReason(
	limitUsd: number,
	totals: SpendTotals,
	wanted: Reservation[],
): string {
	const next = wanted
		.map(
			(each) =>
				`${each.kind === 'video' ? 'a' : 'a speech synthesis with'} ${each.model}${each.kind === 'video' ? ' job' : ''} ${each.usd === undefined ? '(price not seen yet)' : `about ${formatUsd(each.usd)}`}`,
		)
		.join(' and ');
	return `Max Spend per Execution (${formatUsd(limitUsd)}) would be passed: this execution has spent ${formatUsd(totals.usd)} on ${plural(totals.jobs, 'job')} and ${plural(totals.syntheses, 'speech synthesis', 'speech syntheses')}, and this item needs ${next}`;
}

/** Why nothing more is created: a charge the service did not report leaves the spend unknown. */
export function unreportedReason(entry: LedgerEntry, limitUsd: number): string {
	const what =
		entry.kind === 'video'
			? `the ${entry.model} job${entry.generationId ? ` ${entry.generationId}` : ''}`
			: `a speech synthesis with ${entry.model}`;
	return `Max Spend per Execution (${formatUsd(limitUsd)}) cannot be kept: the service reported no charge for ${what}, so this execution's spend is unknown and nothing more is created`;
}

function plural(count: number, one: string, many = `${one}s`): string {
	return `${count} ${count === 1 ? one : many}`;
}
