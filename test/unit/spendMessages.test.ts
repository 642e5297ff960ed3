import type { IExecuteFunctions } from 'n8n-workflow';

import type { NodeRun } from '../../nodes/OmniHuman/nodeRun';
import { overLimitReason, unreportedReason } from '../../nodes/OmniHuman/spend/refusals';
import { reportRefusals, reportRunSpend, spendSummary } from '../../nodes/OmniHuman/spend/runReport';
import { SpendLedger, type LedgerEntry } from '../../nodes/OmniHuman/spend/spendLedger';
import { sumTotals } from '../../nodes/OmniHuman/spend/totals';

const AVATAR = 'bytedance/omnihuman';
const TTS = 'openai/tts-1';
const job = (usd: number, more: Partial<LedgerEntry> = {}): LedgerEntry => ({ kind: 'video', model: AVATAR, usd, credits: usd * 2_000_000, runIndex: 0, ...more });
const speech = (usd: number, more: Partial<LedgerEntry> = {}): LedgerEntry => ({ kind: 'speech', model: TTS, usd, credits: usd * 2_000_000, runIndex: 0, ...more });

function ledgerOf(...entries: LedgerEntry[]) {
	const ledger = new SpendLedger({});
	entries.forEach((entry, index) => ledger.record(`request-${index}`, entry));
	return ledger;
}

const runOf = (ledger: SpendLedger, runIndex = 0, spendLimitUsd?: number) => ({ ledger, runIndex, spendLimitUsd }) as unknown as NodeRun;

describe('the refusal under Max Spend per Execution names what the item needs', () => {
	test('a job and its speech, each with its price and what it is billed on', () => {
		const reason = overLimitReason(10, sumTotals([job(4), speech(0.5)]), [
			{ kind: 'speech', model: TTS, reservedUsd: 0.02, quantity: { unit: 'character', amount: 120, exact: true, basis: '120 characters' } },
			{ kind: 'video', model: AVATAR, reservedUsd: 2.1, quantity: { unit: 'second', amount: 15, exact: true, basis: '15 s measured from the MP3' } },
		]);
		expect(reason).toBe(
			'Max Spend per Execution ($10.00) would be passed: this execution has spent $4.50 on 1 job and 1 speech synthesis, and this item needs a speech synthesis with openai/tts-1 of $0.0200 (120 characters) and a bytedance/omnihuman job of $2.10 (15 s measured from the MP3)',
		);
	});

	test('a request priced per request says no basis; one whose price is not known says so', () => {
		const reason = overLimitReason(5, sumTotals([job(2), job(2.5), speech(0.1), speech(0.1)]), [
			{ kind: 'video', model: AVATAR, reservedUsd: 3, quantity: { unit: 'request', amount: 1, exact: false, basis: 'per request (no audio limit)' } },
			{ kind: 'video', model: 'klingai/avatar-pro' },
		]);
		expect(reason).toBe(
			'Max Spend per Execution ($5.00) would be passed: this execution has spent $4.70 on 2 jobs and 2 speech syntheses, and this item needs a bytedance/omnihuman job of $3.00 and a klingai/avatar-pro job (price not known yet)',
		);
	});

	test('a charge the service did not report names the job and its generation id, or the speech', () => {
		expect(unreportedReason({ kind: 'video', model: AVATAR, runIndex: 0, generationId: 'gen-7' }, 8)).toBe(
			"Max Spend per Execution ($8.00) cannot be kept: the service reported no charge for the bytedance/omnihuman job gen-7, so this execution's spend is unknown and nothing more is created",
		);
		expect(unreportedReason({ kind: 'video', model: AVATAR, runIndex: 0 }, 8)).toContain('no charge for the bytedance/omnihuman job, so');
		expect(unreportedReason({ kind: 'speech', model: TTS, runIndex: 0 }, 8)).toContain('no charge for a speech synthesis with openai/tts-1, so');
	});
});

describe("the run's spend, as the output's hint and the log show it", () => {
	test('one job of this run, no limit: counted in the singular, nothing estimated', () => {
		expect(spendSummary(runOf(ledgerOf(job(3))))).toBe('Spent in this run: 1 video job, 0 speech syntheses, 6,000,000 credits ($3.00)');
	});

	test('a job and its speech with no limit are reported (one of each is not nothing)', () => {
		expect(spendSummary(runOf(ledgerOf(job(3), speech(0.5))))).toBe(
			'Spent in this run: 1 video job, 1 speech synthesis, 7,000,000 credits ($3.50)',
		);
	});

	test('nothing paid and no limit: no summary; nothing paid under a limit: the whole limit left', () => {
		expect(spendSummary(runOf(new SpendLedger({})))).toBeUndefined();
		expect(spendSummary(runOf(new SpendLedger({}), 0, 5))).toBe(
			'Spent in this run: 0 video jobs, 0 speech syntheses, 0 credits ($0.00); Max Spend per Execution $5.00, $5.00 left',
		);
	});

	test("this run's part of a longer execution, its estimates, and the room left under the limit", () => {
		const ledger = ledgerOf(
			job(2, { runIndex: 0 }),
			job(2.5, { runIndex: 1, estimatedUsd: 2.8, upperBound: true }),
			job(1.5, { runIndex: 1, estimatedUsd: 1.5 }),
		);
		expect(spendSummary(runOf(ledger, 1, 10))).toBe(
			'Spent in this run: 2 video jobs, 0 speech syntheses, 8,000,000 credits ($4.00); priced before sending at $4.30 (1 of them at their model\'s audio limit, their audio not read as the limit had room), charged $4.00' +
				'; this execution so far: 3 video jobs, 0 speech syntheses, 12,000,000 credits ($6.00); priced before sending at $4.30 (1 of them at their model\'s audio limit, their audio not read as the limit had room), charged $4.00' +
				'; Max Spend per Execution $10.00, $4.00 left',
		);
	});

	test('an execution whose other runs made only speech shows its own totals too', () => {
		const summary = spendSummary(runOf(ledgerOf(job(2, { runIndex: 1 }), speech(0.5, { runIndex: 0 })), 1));
		expect(summary).toBe(
			'Spent in this run: 1 video job, 0 speech syntheses, 4,000,000 credits ($2.00); this execution so far: 1 video job, 1 speech synthesis, 5,000,000 credits ($2.50)',
		);
	});

	test('charges not reported and jobs a crashed execution paid are named', () => {
		const ledger = ledgerOf(job(3, { paidBefore: true }), { kind: 'video', model: AVATAR, runIndex: 0 });
		expect(spendSummary(runOf(ledger))).toBe(
			'Spent in this run: 2 video jobs, 0 speech syntheses, 6,000,000 credits ($3.00); 1 with no charge reported; 1 of the jobs ($3.00) were paid by the execution this one retries, and resumed',
		);
	});
});

function contextWith(hints: boolean) {
	const logged: Array<{ level: string; message: string; meta: unknown }> = [];
	const shown: unknown[] = [];
	const log = (level: string) => (message: string, meta: unknown) => logged.push({ level, message, meta });
	const context = {
		logger: { info: log('info'), warn: log('warn') },
		getExecutionId: () => 'exec-42',
		...(hints && { addExecutionHints: (...each: unknown[]) => shown.push(...each) }),
	} as unknown as IExecuteFunctions;
	return { context, logged, shown };
}

describe('where the spend and the refusals are shown', () => {
	test("the run's spend goes to the log with the execution id, and beside the output", () => {
		const { context, logged, shown } = contextWith(true);
		const summary = reportRunSpend(context, runOf(ledgerOf(job(3))));
		expect(summary).toMatch(/^Spent in this run: 1 video job/);
		expect(logged).toEqual([{ level: 'info', message: `OmniHuman: ${summary}`, meta: { executionId: 'exec-42' } }]);
		expect(shown).toEqual([{ message: summary, type: 'info', location: 'outputPane' }]);
	});

	test('an n8n without execution hints still logs the spend, and the run goes on', () => {
		const { context, logged } = contextWith(false);
		expect(reportRunSpend(context, runOf(ledgerOf(job(3))))).toMatch(/^Spent in this run/);
		expect(logged).toHaveLength(1);
	});

	test('one refused item, named in the singular, in a warning beside the output and in the log', () => {
		const { context, logged, shown } = contextWith(true);
		reportRefusals(context, [{ itemIndex: 3, error: new Error('Max Spend per Execution ($5.00) would be passed') }]);
		const message =
			'1 item was not sent (input item 3): Max Spend per Execution ($5.00) would be passed. The items that were paid for are in the output. To route refused items to a branch of their own, set Settings → On Error to "Continue (using error output)".';
		expect(shown).toEqual([{ message, type: 'warning', location: 'outputPane' }]);
		expect(logged).toEqual([{ level: 'warn', message: `OmniHuman: ${message}`, meta: { executionId: 'exec-42' } }]);
	});

	test('several refused items, in the plural, the first reason given', () => {
		const { context, shown } = contextWith(true);
		reportRefusals(context, [
			{ itemIndex: 4, error: 'out of room' },
			{ itemIndex: 6, error: new Error('another reason') },
		]);
		expect(shown).toEqual([expect.objectContaining({ message: expect.stringMatching(/^2 items were not sent \(input items 4, 6\): out of room\. /) })]);
	});
});
