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
	return `${parts.join(', ')}${unreported}${before}`;
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

/** Shows the run's spend with the node's output (n8n's execution hints, where the n8n version has them) and logs it once. */
export function reportRunSpend(context: IExecuteFunctions, run: NodeRun) {
	const summary = spendSummary(run);
	if (!summary) return;
	context.logger.info(`OmniHuman: ${summary}`, { executionId: context.getExecutionId() });
	if (typeof context.addExecutionHints === 'function')
		context.addExecutionHints({ message: summary, type: 'info', location: 'outputPane' });
}
