import { formatUsd } from './charge';
import type { LedgerEntry, Reservation, SpendTotals } from './types';

function describeRequest(each: Reservation): string {
	const what =
		each.kind === 'video' ? `a ${each.model} job` : `a speech synthesis with ${each.model}`;
	if (each.reservedUsd === undefined) return `${what} (price not known yet)`;
	const basis =
		each.quantity && each.quantity.unit !== 'request' ? ` (${each.quantity.basis})` : '';
	return `${what} of ${formatUsd(each.reservedUsd)}${basis}`;
}

/** Why an item is refused under Max Spend per Execution: the limit, what the execution spent, what the item needs. */
export function overLimitReason(
	limitUsd: number,
	totals: SpendTotals,
	wanted: Reservation[],
): string {
	const next = wanted.map(describeRequest).join(' and ');
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

/** Why nothing more is sent after the service said the account has no credits left. */
export function outOfCreditsReason(message: string): string {
	return `Not sent: the AI/ML API account ran out of credits earlier in this execution (${message}). Top up the balance, then run the remaining items again`;
}

export function plural(count: number, one: string, many = `${one}s`): string {
	return `${count} ${count === 1 ? one : many}`;
}
