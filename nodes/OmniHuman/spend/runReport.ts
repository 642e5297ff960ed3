import type { IExecuteFunctions } from 'n8n-workflow';

import type { NodeRun } from '../nodeRun';
import { formatUsd } from './charge';
import type { SpendTotals } from './spendLedger';

function describe(totals: SpendTotals): string {
	const parts = [
		`${totals.jobs} ${totals.jobs === 1 ? 'video job' : 'video jobs'}`,
		`${totals.syntheses} ${totals.syntheses === 1 ? 'speech synthesis' : 'speech syntheses'}`,
		`${totals.credits.toLocaleString('en-US')} credits (${formatUsd(totals.usd)})`,
	];
	const unreported = totals.unreported > 0 ? `; ${totals.unreported} with no charge reported` : '';
	const { paidBefore } = totals;
	const before =
		paidBefore.jobs > 0
			? `; ${paidBefore.jobs} of the jobs (${formatUsd(paidBefore.usd)}) were paid by the execution this one retries, and resumed`
			: '';
	const { estimated } = totals;
	const unread =
		estimated.upperBounds > 0
			? ` (${estimated.upperBounds} of them at their model's audio limit, their audio not read as the limit had room)`
			: '';
	const estimate =
		estimated.requests > 0
			? `; priced before sending at ${formatUsd(estimated.usd)}${unread}, charged ${formatUsd(estimated.chargedUsd)}`
			: '';
	return `${parts.join(', ')}${unreported}${before}${estimate}`;
}

/** The spend of this run, the execution's and the limit, as one line. */
export function spendSummary(run: NodeRun): string | undefined {
	const thisRun = run.ledger.totals((entry) => entry.runIndex === run.runIndex);
	const execution = run.ledger.totals();
	if (execution.jobs + execution.syntheses === 0 && run.spendLimitUsd === undefined)
		return undefined;
	const sameAsRun = execution.jobs === thisRun.jobs && execution.syntheses === thisRun.syntheses;
	const executionPart = sameAsRun ? '' : `; this execution so far: ${describe(execution)}`;
	const limit =
		run.spendLimitUsd === undefined
			? ''
			: `; Max Spend per Execution ${formatUsd(run.spendLimitUsd)}, ${formatUsd(Math.max(run.spendLimitUsd - execution.usd, 0))} left`;
	return `Spent in this run: ${describe(thisRun)}${executionPart}${limit}`;
}

function showHint(context: IExecuteFunctions, message: string, type: 'info' | 'warning') {
	if (typeof context.addExecutionHints === 'function')
		context.addExecutionHints({ message, type, location: 'outputPane' });
}

/**
 * Shows the run's spend with the node's output (n8n's execution hints, where the n8n version has them)
 * and logs it once; returns it, so an error that ends the run can carry it too.
 */
export function reportRunSpend(context: IExecuteFunctions, run: NodeRun): string | undefined {
	const summary = spendSummary(run);
	if (!summary) return undefined;
	context.logger.info(`OmniHuman: ${summary}`, { executionId: context.getExecutionId() });
	showHint(context, summary, 'info');
	return summary;
}

/**
 * Items refused before anything was sent for them, in a run that goes on with the items that were paid
 * for (On Error "Stop Workflow"): named in a warning beside the output, and in the log.
 */
export function reportRefusals(
	context: IExecuteFunctions,
	refused: Array<{ itemIndex: number; error: unknown }>,
) {
	const first =
		refused[0].error instanceof Error ? refused[0].error.message : String(refused[0].error);
	const items = refused.map((each) => each.itemIndex).join(', ');
	const message = `${refused.length} ${refused.length === 1 ? 'item was' : 'items were'} not sent (input ${refused.length === 1 ? 'item' : 'items'} ${items}): ${first}. The items that were paid for are in the output. To route refused items to a branch of their own, set Settings → On Error to "Continue (using error output)".`;
	context.logger.warn(`OmniHuman: ${message}`, { executionId: context.getExecutionId() });
	showHint(context, message, 'warning');
}
