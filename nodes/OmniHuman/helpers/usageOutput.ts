import type { IDataObject } from 'n8n-workflow';

import { parseClientRequestId } from '../spend/clientRequestId';
import type { UsageLogRow } from '../transport/usageLogs';
import type { ItemOutput } from './waitForVideo';

/** What List outputs: one item per row, one per model, or one with the sums. */
export type Output = 'rows' | 'totalsByModel' | 'total';

/** A row as an item; `madeBy` says which workflow, execution, run and item of this node paid for it. */
export function rowJson(row: UsageLogRow): IDataObject {
	const origin = parseClientRequestId(row.clientRequestId);
	return {
		generationId: row.inferenceId ?? null,
		model: row.model,
		status: row.status,
		usd: row.usd,
		credits: row.credits,
		created: row.created || null,
		requestId: row.requestId ?? null,
		clientRequestId: row.clientRequestId ?? null,
		madeBy: origin
			? {
					workflowId: origin.workflowId,
					executionId: origin.executionId,
					runIndex: origin.runIndex,
					itemIndex: origin.itemIndex,
					kind: origin.kind,
				}
			: null,
	};
}

/** A type, not an interface: n8n's IDataObject takes it as item JSON. */
type Totals = {
	requests: number;
	succeeded: number;
	failed: number;
	usd: number;
	credits: number;
};

/** Sums of dollars as the service writes them (2.94 + 0.42 is 3.36, not 3.3600000000000003). */
const roundUsd = (usd: number) => Math.round(usd * 1e7) / 1e7;

function totalsOf(rows: UsageLogRow[]): Totals {
	const totals = { requests: rows.length, succeeded: 0, failed: 0, usd: 0, credits: 0 };
	for (const row of rows) {
		if (row.status === 'succeeded') totals.succeeded++;
		if (row.status === 'failed') totals.failed++;
		totals.usd += row.usd;
		totals.credits += row.credits;
	}
	return { ...totals, usd: roundUsd(totals.usd) };
}

/** One entry per model, the most spent first. */
function totalsByModel(rows: UsageLogRow[]): Array<{ model: string } & Totals> {
	const byModel = new Map<string, UsageLogRow[]>();
	for (const row of rows) {
		const own = byModel.get(row.model);
		if (own) own.push(row);
		else byModel.set(row.model, [row]);
	}
	return [...byModel]
		.map(([model, own]) => ({ model, ...totalsOf(own) }))
		.sort((a, b) => b.usd - a.usd || a.model.localeCompare(b.model));
}

/** The items for Output: rows, totals by model (none without rows), or one total (also without rows). */
export function outputsOf(rows: UsageLogRow[], output: Output): ItemOutput[] {
	if (output === 'rows') return rows.map((row) => ({ json: rowJson(row) }));
	const models = totalsByModel(rows);
	if (output === 'totalsByModel') return models.map((json) => ({ json }));
	return [{ json: { ...totalsOf(rows), byModel: models } }];
}
