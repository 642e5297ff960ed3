/**
 * Usage → List over the simulator's `GET /v2/logs`: real workflows through n8n-core, the simulator's
 * ledger seeded with rows (and filled by real jobs), every request it saw asserted.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { INodeParameters } from 'n8n-workflow';

import { NODE, omniHumanWorkflow } from '../harness/workflows';
import type { RecordedRequest } from '../simulator/server';
import { createAndWait, useFixture } from '../support/fixture';
import { waitUntil } from '../support/waitUntil';

const fx = useFixture();
const usage = (extra: INodeParameters = {}): INodeParameters => ({ resource: 'usage', operation: 'list', ...extra });
const logReads = () => fx.sim.requestsTo('logs');
/** Every parameter as sent, repeated ones included. */
const params = (request: RecordedRequest) => new URLSearchParams(request.search);
const offsets = () => logReads().map((request) => request.query.offset);
const OMNIHUMAN = 'bytedance/omnihuman';
const V15 = 'bytedance/omnihuman/v1.5';
const TTS = 'openai/tts-1';
/** A client request id this node makes, for workflow `workflow` (the engine's workflow id is "test"). */
const madeIn = (workflow: string, item = 0, kind: 'v' | 's' = 'v') => `omh1:${workflow}:41:0-${item}:${kind}:abcdefghijklmnop`;

async function inputError(parameters: INodeParameters) {
	const result = await fx.run(parameters);
	expect(fx.sim.requests).toHaveLength(0);
	const error = result.nodeError(NODE);
	expect(error).toBeDefined();
	return error!;
}

describe('Rows', () => {
	test('reads every page of Last 24 Hours (100 rows a request) and outputs one item per row, newest first', async () => {
		const seeded = fx.sim.usageLogs.seed(250, { model: OMNIHUMAN, usd: 2.94 });
		const result = await fx.run(usage());
		expect(result.error).toBeUndefined();
		const rows = result.json(NODE);
		expect(rows).toHaveLength(250);
		expect(rows.map((row) => row.requestId)).toEqual(seeded.map((row) => row.request_id));
		expect(logReads()).toHaveLength(3);
		expect(offsets()).toEqual(['0', '100', '200']);
		expect(logReads().every((request) => request.query.limit === '100' && request.query.period === '24h')).toBe(true);
		expect(logReads().every((request) => !('start' in request.query) && !('end' in request.query))).toBe(true);
		expect(rows[0]).toEqual({
			generationId: seeded[0].inference_id,
			model: OMNIHUMAN,
			status: 'succeeded',
			usd: 2.94,
			credits: 5_880_000,
			created: seeded[0].created,
			requestId: seeded[0].request_id,
			clientRequestId: null,
			madeBy: null,
		});
		expect(result.output(NODE).every((item) => item.pairedItem && (item.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	test.each([
		['7d', '7d'],
		['30d', '30d'],
	])('Period %s sends period=%s', async (period, sent) => {
		fx.sim.usageLogs.seed(1, { newest: Date.now() - 3 * 86_400_000 });
		const result = await fx.run(usage({ period }));
		expect(result.json(NODE)).toHaveLength(1);
		expect(logReads().map((request) => request.query.period)).toEqual([sent]);
	});

	test('rows older than the period are not listed', async () => {
		fx.sim.usageLogs.seed(1, { newest: Date.now() - 2 * 86_400_000 });
		const result = await fx.run(usage());
		expect(result.json(NODE)).toEqual([]);
		expect(logReads()).toHaveLength(1);
	});

	test('a video job this node made shows up with who made it: this workflow, its execution, item and kind', async () => {
		const made = await fx.run(createAndWait());
		const [job] = made.json(NODE);
		await waitUntil(() => fx.sim.usageLogs.rows().length === 1);
		fx.sim.requests.length = 0;
		const result = await fx.run(usage({ filters: { madeByThisWorkflow: true } }));
		expect(result.json(NODE)).toEqual([
			expect.objectContaining({
				generationId: job.id,
				model: OMNIHUMAN,
				status: 'succeeded',
				clientRequestId: expect.stringMatching(/^omh1:test:/),
				madeBy: { workflowId: 'test', executionId: '1', runIndex: 0, itemIndex: 0, kind: 'video' },
			}),
		]);
	});
});

describe('Made by This Workflow', () => {
	beforeEach(() => {
		fx.sim.usageLogs.add([
			{ model: OMNIHUMAN, client_request_id: madeIn('test', 0) },
			{ model: TTS, client_request_id: madeIn('test', 1, 's') },
			{ model: OMNIHUMAN, client_request_id: madeIn('otherWorkflow', 0) },
			{ model: OMNIHUMAN, client_request_id: 'my-own-tool-17' },
			{ model: V15, client_request_id: null },
		]);
	});

	test('on: only the rows whose client request id names this workflow; the service is not asked to filter', async () => {
		const result = await fx.run(usage({ filters: { madeByThisWorkflow: true } }));
		const rows = result.json(NODE);
		expect(rows.map((row) => row.clientRequestId).sort()).toEqual([madeIn('test', 0), madeIn('test', 1, 's')].sort());
		expect(rows.map((row) => row.madeBy)).toEqual(
			expect.arrayContaining([
				{ workflowId: 'test', executionId: '41', runIndex: 0, itemIndex: 0, kind: 'video' },
				{ workflowId: 'test', executionId: '41', runIndex: 0, itemIndex: 1, kind: 'speech' },
			]),
		);
		expect(Object.keys(logReads()[0].query).sort()).toEqual(['limit', 'offset', 'period']);
	});

	test('off (the default): every paid request of the key, as the dashboard lists them', async () => {
		const rows = (await fx.run(usage())).json(NODE);
		expect(rows).toHaveLength(5);
		const byId = new Map(rows.map((row) => [row.clientRequestId, row.madeBy]));
		expect(byId.get(madeIn('otherWorkflow', 0))).toEqual({ workflowId: 'otherWorkflow', executionId: '41', runIndex: 0, itemIndex: 0, kind: 'video' });
		expect(byId.get('my-own-tool-17')).toBeNull();
		expect(byId.get(null as never)).toBeNull();
	});
});

describe('Models and Status filters', () => {
	beforeEach(() => {
		fx.sim.usageLogs.add([
			{ model: OMNIHUMAN, status: 'succeeded' },
			{ model: OMNIHUMAN, status: 'failed' },
			{ model: V15, status: 'succeeded' },
			{ model: TTS, status: 'succeeded' },
			{ model: TTS, status: 'failed' },
		]);
	});

	test('several models are sent as repeated model parameters (a comma list would match nothing)', async () => {
		const result = await fx.run(usage({ filters: { models: ` ${OMNIHUMAN},${TTS} , ${OMNIHUMAN}` } }));
		expect(result.error).toBeUndefined();
		expect(result.json(NODE).map((row) => row.model).sort()).toEqual([OMNIHUMAN, OMNIHUMAN, TTS, TTS]);
		const [read] = logReads();
		expect(params(read).getAll('model')).toEqual([OMNIHUMAN, TTS]);
		expect(read.search).toContain('model=bytedance%2Fomnihuman&model=openai%2Ftts-1');
		expect(params(read).has('status')).toBe(false);
	});

	test('both statuses are sent as repeated status parameters (a comma list is a 400)', async () => {
		const result = await fx.run(usage({ filters: { statuses: ['succeeded', 'failed'] } }));
		expect(result.error).toBeUndefined();
		expect(result.json(NODE)).toHaveLength(5);
		expect(params(logReads()[0]).getAll('status')).toEqual(['succeeded', 'failed']);
		expect(params(logReads()[0]).has('model')).toBe(false);
	});

	test('one status and one model narrow the rows', async () => {
		const result = await fx.run(usage({ filters: { models: TTS, statuses: ['failed'] } }));
		expect(result.json(NODE).map((row) => [row.model, row.status])).toEqual([[TTS, 'failed']]);
		expect(logReads()[0].query).toMatchObject({ model: TTS, status: 'failed' });
	});

	test('more than 50 models are refused before any request, naming the field', async () => {
		const models = Array.from({ length: 51 }, (_, index) => `vendor/model-${index}`).join(',');
		const error = await inputError(usage({ filters: { models } }));
		expect(error.message).toBe('Models lists 51 model IDs; the usage logs take at most 50');
	});

	test('model IDs separated by spaces are refused, with how to separate them', async () => {
		const error = await inputError(usage({ filters: { models: `${OMNIHUMAN} ${TTS}` } }));
		expect(error.message).toBe(`Models holds "${OMNIHUMAN} ${TTS}", which is not one model ID`);
		expect(error.description).toMatch(/commas/);
	});
});

describe('Totals', () => {
	beforeEach(() => {
		fx.sim.usageLogs.add([
			{ model: OMNIHUMAN, usd: 2.94 },
			{ model: OMNIHUMAN, usd: 2.94 },
			{ model: OMNIHUMAN, usd: 2.94 },
			{ model: OMNIHUMAN, status: 'failed' },
			// 0.1 + 0.2 is 0.30000000000000004 in floating point: the totals say 0.3.
			{ model: TTS, usd: 0.1 },
			{ model: TTS, usd: 0.2, client_request_id: madeIn('test') },
			{ model: V15, usd: 2.52, client_request_id: madeIn('test') },
		]);
	});

	test('Totals by Model: one item per model, the most spent first, sums exact to the credit', async () => {
		const result = await fx.run(usage({ output: 'totalsByModel' }));
		expect(result.json(NODE)).toEqual([
			{ model: OMNIHUMAN, requests: 4, succeeded: 3, failed: 1, usd: 8.82, credits: 17_640_000 },
			{ model: V15, requests: 1, succeeded: 1, failed: 0, usd: 2.52, credits: 5_040_000 },
			{ model: TTS, requests: 2, succeeded: 2, failed: 0, usd: 0.3, credits: 600_000 },
		]);
	});

	test('Total: one item with the sums and the totals by model', async () => {
		const [total] = (await fx.run(usage({ output: 'total' }))).json(NODE);
		expect(total).toMatchObject({ requests: 7, succeeded: 6, failed: 1, usd: 11.64, credits: 23_280_000 });
		expect((total.byModel as Array<{ model: string }>).map((entry) => entry.model)).toEqual([OMNIHUMAN, V15, TTS]);
	});

	test('totals count only what this workflow made when Made by This Workflow is on', async () => {
		const result = await fx.run(usage({ output: 'totalsByModel', filters: { madeByThisWorkflow: true } }));
		expect(result.json(NODE)).toEqual([
			{ model: V15, requests: 1, succeeded: 1, failed: 0, usd: 2.52, credits: 5_040_000 },
			{ model: TTS, requests: 1, succeeded: 1, failed: 0, usd: 0.2, credits: 400_000 },
		]);
	});

	test('nothing used: Rows and Totals by Model output no item, Total one item of zeros', async () => {
		const window = { period: 'custom', periodStart: '2020-01-01T00:00:00Z', periodEnd: '2020-01-02T00:00:00Z' };
		expect((await fx.run(usage(window))).json(NODE)).toEqual([]);
		expect((await fx.run(usage({ ...window, output: 'totalsByModel' }))).json(NODE)).toEqual([]);
		expect((await fx.run(usage({ ...window, output: 'total' }))).json(NODE)).toEqual([
			{ requests: 0, succeeded: 0, failed: 0, usd: 0, credits: 0, byModel: [] },
		]);
	});
});

describe('Custom period', () => {
	test('sends Start and End as ISO-8601 start and end, and no period', async () => {
		fx.sim.usageLogs.add([{ created: '2026-07-01T12:00:00Z' }, { created: '2026-07-03T12:00:00Z' }]);
		const result = await fx.run(usage({ period: 'custom', periodStart: '2026-07-01T00:00:00Z', periodEnd: '2026-07-02T00:00:00+00:00' }));
		expect(result.json(NODE).map((row) => row.created)).toEqual(['2026-07-01T12:00:00.000Z']);
		expect(logReads()[0].query).toEqual({ start: '2026-07-01T00:00:00.000Z', end: '2026-07-02T00:00:00.000Z', limit: '100', offset: '0' });
	});

	test("a time picked without offset is read in the workflow's time zone", async () => {
		const workflow = { ...omniHumanWorkflow(usage({ period: 'custom', periodStart: '2026-07-01T00:00:00', periodEnd: '2026-07-01T12:00:00' })), settings: { timezone: 'Europe/Berlin' } };
		const result = await fx.engine.run(workflow, { credentials: fx.credentials() });
		expect(result.error).toBeUndefined();
		expect(logReads()[0].query).toMatchObject({ start: '2026-06-30T22:00:00.000Z', end: '2026-07-01T10:00:00.000Z' });
	});

	test.each([
		[{ periodStart: '2026-07-02T00:00:00Z', periodEnd: '2026-07-01T00:00:00Z' }, 'End (2026-07-01T00:00:00.000Z) is before Start (2026-07-02T00:00:00.000Z)'],
		[
			{ periodStart: '2026-01-01T00:00:00Z', periodEnd: '2026-04-03T00:00:01Z' },
			'End (2026-04-03T00:00:01.000Z) is more than 92 days after Start (2026-01-01T00:00:00.000Z): the usage logs answer at most 92 days at a time',
		],
		[{ periodStart: '', periodEnd: '2026-07-01T00:00:00Z' }, 'Start is empty'],
		[{ periodStart: '2026-07-01T00:00:00Z' }, 'End is empty'],
		[{ periodStart: '2026-07-01T00:00:00Z', periodEnd: 'tomorrow' }, 'End "tomorrow" is not a date and time: use a date and time such as 2026-07-01T00:00:00 (or with an offset: …T00:00:00Z)'],
		[{ periodStart: '2026-02-30T00:00:00Z', periodEnd: '2026-03-01T00:00:00Z' }, 'Start "2026-02-30T00:00:00Z" is not a real date and time'],
	])('%p fails before any request: %s', async (window, message) => {
		const error = await inputError(usage({ period: 'custom', ...window }));
		expect(error.message).toBe(message);
	});

	test('exactly 92 days is allowed', async () => {
		const result = await fx.run(usage({ period: 'custom', periodStart: '2026-01-01T00:00:00Z', periodEnd: '2026-04-03T00:00:00Z' }));
		expect(result.error).toBeUndefined();
		expect(logReads()).toHaveLength(1);
	});

	test('a period from an expression must be one the service reads', async () => {
		expect((await inputError(usage({ period: '={{ "a week" }}' }))).message).toBe(
			'Period must be Last 24 Hours, Last 7 Days, Last 30 Days or Custom (got "a week")',
		);
		const result = await fx.run(usage({ period: '={{ "48h" }}' }));
		expect(logReads().map((request) => request.query.period)).toEqual(['48h']);
		expect(result.error).toBeUndefined();
	});
});

describe('Errors and limits', () => {
	test('a 403 from the service is a clear error, sent once', async () => {
		fx.sim.faults.add('logs', { type: 'status', status: 403, message: 'This key may not read usage logs' });
		const result = await fx.run(usage());
		const error = result.nodeError(NODE)!;
		expect(error.message).toBe('The AI/ML API refused to show the usage logs (HTTP 403): This key may not read usage logs');
		expect(error.description).toMatch(/permissions/);
		expect((error as { httpCode?: string }).httpCode).toBe('403');
		expect(logReads()).toHaveLength(1);
	});

	test('a wrong API key points at the credential', async () => {
		const result = await fx.engine.run(omniHumanWorkflow(usage()), { credentials: fx.credentials({ apiKey: 'wrong-key-000' }) });
		const error = result.nodeError(NODE)!;
		expect(error.message).toBe('The AI/ML API did not accept the API key (HTTP 401)');
		expect(error.description).toMatch(/credential/);
		expect(JSON.stringify(error)).not.toContain('wrong-key-000');
	});

	test('429s (200 reads a minute) are waited through as Retry-After says, and every row is still read once', async () => {
		fx.sim.usageLogs.readLimit = { reads: 2, windowMs: 1000 };
		const seeded = fx.sim.usageLogs.seed(250);
		const result = await fx.run(usage());
		expect(result.error).toBeUndefined();
		expect(result.json(NODE).map((row) => row.requestId)).toEqual(seeded.map((row) => row.request_id));
		expect(fx.sim.usageLogs.refusedReads).toBeGreaterThanOrEqual(1);
		expect(offsets().filter((offset, index, all) => all.indexOf(offset) === index)).toEqual(['0', '100', '200']);
		expect(logReads()).toHaveLength(3 + fx.sim.usageLogs.refusedReads);
	});

	test('Stop during a 429 wait ends the run at once, with no further read', async () => {
		fx.sim.usageLogs.readLimit = { reads: 1, windowMs: 60_000 };
		fx.sim.usageLogs.seed(150);
		const run = fx.start(usage());
		// The stop lands in the wait, after the 429 was answered and read, never while it is in flight.
		await waitUntil(() => fx.sim.usageLogs.refusedReads === 1 && fx.sim.inFlight === 0);
		await new Promise((resolve) => setTimeout(resolve, 100));
		const cancelledAt = Date.now();
		run.cancel();
		expect((await run.probe.settled) - cancelledAt).toBeLessThan(1000);
		expect((await run.done).status).toBe('canceled');
		expect(logReads()).toHaveLength(2);
	});

	test('a server error is read again; the page is not skipped', async () => {
		fx.sim.faults.add('logs', { type: 'status', status: 503 });
		fx.sim.usageLogs.seed(3);
		const result = await fx.run(usage());
		expect(result.json(NODE)).toHaveLength(3);
		expect(offsets()).toEqual(['0', '0']);
	});
});

describe('Examples 8 and 9', () => {
	type Workflow = Parameters<typeof fx.engine.run>[0];
	const example = (file: string): Workflow => JSON.parse(readFileSync(path.join(__dirname, '../../examples', file), 'utf8')) as Workflow;
	const SPEND = 'Spent in the last 24 hours';

	test('8: the daily report has one line per model, the most spent first', async () => {
		fx.sim.usageLogs.add([{ model: OMNIHUMAN, usd: 2.94 }, { model: OMNIHUMAN, status: 'failed' }, { model: TTS, usd: 0.015 }]);
		const result = await fx.engine.run(example('8-daily-spend-report.json'), { credentials: fx.credentials(), items: [{ json: {} }] });
		expect(result.error).toBeUndefined();
		expect(result.json('One line per model')).toEqual([
			{ model: OMNIHUMAN, usd: 2.94, line: `${OMNIHUMAN}: $2.94 for 2 requests (1 failed, not charged)` },
			{ model: TTS, usd: 0.015, line: `${TTS}: $0.015 for 1 requests (0 failed, not charged)` },
		]);
		expect(result.output('Send the report (replace with Slack or Email)')).toHaveLength(2);
		expect(logReads().map((request) => request.query.period)).toEqual(['24h']);
	});

	const budgetGuard = () => {
		const workflow = example('9-budget-guard.json');
		const batch = workflow.nodes.find((node) => node.name === 'OmniHuman')!;
		batch.parameters = { ...batch.parameters, options: { pollInterval: 0.05, maxWait: 5 } };
		return workflow;
	};

	test('9: over the budget the run stops with the spend, before any job is made', async () => {
		fx.sim.usageLogs.add([{ model: OMNIHUMAN, usd: 12.5 }, { model: OMNIHUMAN, usd: 12.5 }]);
		const result = await fx.engine.run(budgetGuard(), { credentials: fx.credentials() });
		expect(result.json(SPEND)).toEqual([expect.objectContaining({ usd: 25, requests: 2 })]);
		expect(result.error?.message).toBe('The AI/ML API key spent $25.00 in the last 24 hours (2 requests), over the $20 budget: no videos were made');
		expect(fx.sim.requestsTo('create')).toHaveLength(0);
	});

	test('9: under the budget (or with no use at all) the batch goes on', async () => {
		fx.sim.usageLogs.add([{ model: OMNIHUMAN, usd: 19.99 }]);
		const result = await fx.engine.run(budgetGuard(), { credentials: fx.credentials() });
		expect(result.error).toBeUndefined();
		expect(result.json('OmniHuman').map((video) => video.status)).toEqual(['completed', 'completed']);
		expect(fx.sim.requestsTo('create')).toHaveLength(2);

		fx.sim.reset();
		const unused = await fx.engine.run(budgetGuard(), { credentials: fx.credentials() });
		expect(unused.json(SPEND)).toEqual([{ requests: 0, succeeded: 0, failed: 0, usd: 0, credits: 0, byModel: [] }]);
		expect(unused.json('OmniHuman')).toHaveLength(2);
	});
});
