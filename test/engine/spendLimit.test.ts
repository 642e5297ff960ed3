import type { IConnections, INode } from 'n8n-workflow';

import { OMNIHUMAN_TYPE } from '../harness/nodeTypes';
import { NODE, TRIGGER } from '../harness/workflows';
import { CLIENT_REQUEST_ID_PATTERN, parseClientRequestId } from '../../nodes/OmniHuman/spend/clientRequestId';
import type { ChargeReporting } from '../simulator/billing';
import { createAndWait, items, useFixture } from '../support/fixture';

const fx = useFixture();
const PRICE = 0.63;
beforeEach(() => (fx.engine.logs.length = 0));

/** Every item speaks for 1 s (a file of the simulator's, so the node can measure it): $0.63 a job at $0.63 a second. */
const limited = (maxSpendPerExecution: number, options: Record<string, unknown> = {}) =>
	createAndWait({ maxSpendPerExecution, maxConcurrentJobs: 10, ...options }, { audioUrl: `={{ "${fx.sim.videoOrigin}/audio/1s.mp3?row=" + $json.row }}` });

const summaryLines = () => fx.engine.logs.filter((line) => line.includes('OmniHuman: Spent in this run'));

describe('Max Spend per Execution over a parallel batch stops at exactly the jobs that fit', () => {
	beforeEach(() => fx.sim.setBilling({ videoRates: { 'bytedance/omnihuman': PRICE } }));

	test.each<[ChargeReporting, boolean]>([
		['usd-and-credits', true],
		['usd-and-credits', false],
		['credits', true],
		['tokens', false],
		['headers', true],
	])('charge reported as %s (again on completion: %s): 4 of 10 jobs under $3, the rest refused before anything is sent', async (reporting, alsoOnCompletion) => {
		fx.sim.setBilling({ reporting, alsoOnCompletion });
		const result = await fx.run(limited(3), { items: items(10), node: { continueOnFail: true } });
		expect(fx.sim.requestsTo('create')).toHaveLength(4);
		const output = result.json(NODE);
		expect(output.filter((item) => item.status === 'completed')).toHaveLength(4);
		const refused = output.filter((item) => item.error);
		expect(refused).toHaveLength(6);
		for (const item of refused) expect(item.error).toMatch(/Max Spend per Execution \(\$3\.00\) would be passed: this execution has spent \$2\.52 on 4 jobs/);
		for (const item of output.filter((each) => each.status === 'completed')) expect(item.usage).toMatchObject({ credits: 1_260_000 });
		expect(summaryLines()).toEqual([expect.stringMatching(/Spent in this run: 4 video jobs, 0 speech syntheses, 5,040,000 credits \(\$2\.52\); priced before sending at \$2\.52, charged \$2\.52; Max Spend per Execution \$3\.00, \$0\.48 left/)]);
		const hints = result.run.data.resultData.runData[NODE][0].hints ?? [];
		expect(hints.map((hint) => hint.message)).toEqual([expect.stringMatching(/4 video jobs.*\$2\.52.*\$3\.00/)]);
	});

	test('a limit that fits them all lets the whole batch through at full concurrency', async () => {
		const result = await fx.run(limited(100), { items: items(10) });
		expect(result.status).toBe('success');
		expect(fx.sim.requestsTo('create')).toHaveLength(10);
	});

	test('no charge reported and no price list: the first job is made, then nothing more, and the error says why', async () => {
		fx.sim.setBilling({ reporting: 'none', alsoOnCompletion: false, priceList: 'error' });
		const result = await fx.run(limited(100), { items: items(5), node: { continueOnFail: true } });
		expect(fx.sim.requestsTo('create')).toHaveLength(1);
		const output = result.json(NODE);
		expect(output.filter((item) => item.status === 'completed')).toHaveLength(1);
		for (const item of output.filter((each) => each.error)) expect(item.error).toMatch(/cannot be kept: the service reported no charge for the bytedance\/omnihuman job .*nothing more is created/);
	});

	test('without a limit, no charge reported is no reason to stop', async () => {
		fx.sim.setBilling({ reporting: 'none', alsoOnCompletion: false });
		const result = await fx.run(createAndWait({ maxConcurrentJobs: 5 }), { items: items(5) });
		expect(result.status).toBe('success');
		expect(fx.sim.requestsTo('create')).toHaveLength(5);
		expect(summaryLines()).toEqual([expect.stringMatching(/5 video jobs, 0 speech syntheses, 0 credits \(\$0\.00\); 5 with no charge reported/)]);
	});

	test('no charge reported, but priced by the price list: each job counts at its price and the limit holds', async () => {
		fx.sim.setBilling({ reporting: 'none', alsoOnCompletion: false });
		const result = await fx.run(limited(3), { items: items(10), node: { continueOnFail: true } });
		expect(fx.sim.requestsTo('create')).toHaveLength(4);
		expect(result.json(NODE).filter((item) => item.status === 'refused')).toHaveLength(6);
		expect(summaryLines()).toEqual([expect.stringMatching(/4 video jobs, 0 speech syntheses, 5,040,000 credits \(\$2\.52\); 4 with no charge reported/)]);
	});

	test('On Error "Stop Workflow": the paid items reach the next node, the refused ones are named in a warning', async () => {
		const result = await fx.run(limited(1.3), { items: items(4) });
		expect(result.status).toBe('success');
		expect(fx.sim.requestsTo('create')).toHaveLength(2);
		const output = result.json(NODE);
		expect(output.map((item) => item.status)).toEqual(['completed', 'completed']);
		expect(output.every((item) => typeof item.videoUrl === 'string')).toBe(true);
		const hints = (result.run.data.resultData.runData[NODE][0].hints ?? []).map((hint) => hint.message);
		expect(hints).toEqual([
			expect.stringMatching(/Spent in this run: 2 video jobs.*\$1\.26/),
			expect.stringMatching(/2 items were not sent \(input items 2, 3\): Max Spend per Execution \(\$1\.30\) would be passed.*Continue \(using error output\)/),
		]);
	});

	test('On Error "Stop Workflow" and nothing paid: the run fails with the refusal and its spend', async () => {
		const result = await fx.run(limited(0.5), { items: items(2) });
		expect(result.status).toBe('error');
		expect(fx.sim.requestsTo('create')).toHaveLength(0);
		// Not even one second of speech fits: refused without reading the audio.
		expect(result.nodeError(NODE)?.message).toMatch(/Max Spend per Execution \(\$0\.50\) would be passed.*job of \$0\.63 \(at least 1 s; its audio was not read/);
		expect(fx.sim.requestsTo('audio')).toHaveLength(0);
		expect(result.nodeError(NODE)?.description).toMatch(/Nothing was sent for this item/);
	});

	test('On Error "Continue (using error output)": refused items go to the error output, each naming its input', async () => {
		const result = await fx.run(limited(1.3), { items: items(4), node: { onError: 'continueErrorOutput' } });
		const run = result.run.data.resultData.runData[NODE][0].data;
		expect(run?.main[0]?.map((item) => item.json.status)).toEqual(['completed', 'completed']);
		expect(run?.main[1]?.map((item) => ({ ...item.json, error: String(item.json.error).slice(0, 31) }))).toEqual([
			{ row: 2, error: 'Max Spend per Execution ($1.30)', message: expect.stringMatching(/^Refused: input item 2 was not sent\. Nothing was sent/) },
			{ row: 3, error: 'Max Spend per Execution ($1.30)', message: expect.stringMatching(/^Refused: input item 3 was not sent\. Nothing was sent/) },
		]);
	});

	test('speech and video count together: a script item is refused before its speech is paid', async () => {
		const parameters = { ...limited(2.6), audioSource: 'text', script: '={{ "Hello number " + $json.row }}', speechModel: 'openai/tts-1', voice: 'alloy' };
		const result = await fx.run(parameters, { items: items(4), node: { continueOnFail: true } });
		// 14 characters of speech ($0.00021) and about 1.2 s of it (2 s billed, $1.26) an item: two fit under $2.60, a third would not.
		expect(fx.sim.requestsTo('tts')).toHaveLength(2);
		expect(fx.sim.requestsTo('create')).toHaveLength(2);
		expect(result.json(NODE).filter((item) => item.error)).toHaveLength(2);
	});

	test('a speech that came out longer than reserved is priced again before its video: one that no longer fits is not sent', async () => {
		const parameters = { ...limited(2), audioSource: 'text', script: 'Hello there sim-tts-seconds=4', speechModel: 'openai/tts-1', voice: 'alloy' };
		const result = await fx.run(parameters, { node: { continueOnFail: true } });
		// Reserved on the script's estimate (2 s billed, $1.26); spoken, it lasts 4 s: $2.52 of video, over $2.
		expect(fx.sim.requestsTo('tts')).toHaveLength(1);
		expect(fx.sim.requestsTo('create')).toHaveLength(0);
		const [item] = result.json(NODE);
		expect(item.error).toBe(
			'The video was not sent: priced on its speech (4 s, measured from the synthesized speech), it ($2.52) no longer fits under Max Spend per Execution',
		);
	});

	test('a synthesis whose outcome is unknown (HTTP 502) counts at its price, as one the service may have made', async () => {
		fx.sim.faults.add('tts', { type: 'status', status: 502 }, 1);
		const parameters = { ...limited(100, { maxConcurrentJobs: 1 }), audioSource: 'text', script: '={{ "Hello number " + $json.row }}', speechModel: 'openai/tts-1', voice: 'alloy' };
		const result = await fx.run(parameters, { items: items(2), node: { continueOnFail: true } });
		expect(result.json(NODE).map((item) => item.error ?? item.status)).toEqual(['Speech synthesis: The AI/ML API had a server error (HTTP 502): Internal server error', 'completed']);
		// 14 characters ($0.00021, 420 credits) for each synthesis, the lost one included, and one $1.26 job.
		expect(summaryLines()).toEqual([expect.stringContaining('Spent in this run: 1 video job, 2 speech syntheses, 2,520,840 credits ($1.26)')]);
	});

	test('a create whose outcome is unknown (HTTP 502) counts at its price: the job it may have made keeps its room', async () => {
		fx.sim.faults.add('create', { type: 'status', status: 502 }, 1);
		const result = await fx.run(limited(2), { items: items(4), node: { continueOnFail: true } });
		// Three $0.63 jobs fit under $2: the lost answer's, and two more. The fourth item is refused.
		expect(fx.sim.requestsTo('create')).toHaveLength(3);
		const output = result.json(NODE);
		expect(output.filter((item) => item.status === 'completed')).toHaveLength(2);
		expect(output.filter((item) => item.error)).toHaveLength(2);
		expect(output.filter((item) => /Max Spend per Execution/.test(String(item.error)))).toHaveLength(1);
	});
});

describe('what earlier runs and tries in the same execution paid counts, once', () => {
	beforeEach(() => fx.sim.setBilling({ videoRates: { 'bytedance/omnihuman': PRICE } }));

	test('Retry On Fail: the retried tries resume the jobs and count them once', async () => {
		// Try 1 creates two jobs ($1.26) and refuses the third item; tries 2 and 3 resume the two and refuse it again.
		// Item 2's job fails on the service: each try fails on it; try 1 creates the three jobs, tries 2 and 3 resume them.
		const audioUrl = `={{ "${fx.sim.videoOrigin}/audio/1s.mp3?row=" + $json.row + ($json.row === 2 ? "&sim-outcome=error-message" : "") }}`;
		const result = await fx.run({ ...limited(1.9), audioUrl }, { items: items(3), node: { retryOnFail: true, maxTries: 3, waitBetweenTries: 0 } });
		expect(result.status).toBe('error');
		expect(fx.sim.requestsTo('create')).toHaveLength(3);
		expect(result.nodeError(NODE)?.description).toMatch(/Spent in this run: 3 video jobs/);
	});

	test('a loop (each pass a new run of the node, like an AI agent calling it again) shares one limit', async () => {
		const loop = 'Loop Over Items';
		const nodes: INode[] = [
			{ id: 'l1', name: TRIGGER, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{ id: 'l2', name: loop, type: 'n8n-nodes-base.splitInBatches', typeVersion: 3, position: [200, 0], parameters: { batchSize: 1, options: {} } },
			{ id: 'l3', name: NODE, type: OMNIHUMAN_TYPE, typeVersion: 1, position: [400, 0], parameters: limited(1.3), credentials: { aimlApiOmniHumanApi: { id: 'cred-1', name: 'AI/ML API' } }, continueOnFail: true },
		];
		const connections: IConnections = {
			[TRIGGER]: { main: [[{ node: loop, type: 'main', index: 0 }]] },
			[loop]: { main: [[], [{ node: NODE, type: 'main', index: 0 }]] },
			[NODE]: { main: [[{ node: loop, type: 'main', index: 0 }]] },
		};
		const result = await fx.engine.run({ nodes, connections }, { credentials: fx.credentials(), items: items(4) });
		const runs = result.run.data.resultData.runData[NODE];
		expect(runs).toHaveLength(4);
		expect(fx.sim.requestsTo('create')).toHaveLength(2);
		const errors = runs.map((run) => run.data?.main?.[0]?.[0]?.json.error);
		expect(errors.slice(0, 2)).toEqual([undefined, undefined]);
		for (const error of errors.slice(2)) expect(error).toMatch(/has spent \$1\.26 on 2 jobs/);
	});
});

describe('every paid request carries a valid, distinct X-Client-Request-Id naming its workflow, execution and item', () => {
	test('speech and video of three items: six ids, each read back to its item', async () => {
		const parameters = { ...createAndWait(), audioSource: 'text', script: '={{ "Hello number " + $json.row }}', speechModel: 'openai/tts-1', voice: 'alloy' };
		const result = await fx.run(parameters, { items: items(3) });
		expect(result.status).toBe('success');
		const sent = [...fx.sim.requestsTo('tts'), ...fx.sim.requestsTo('create')].map((request) => String(request.headers['x-client-request-id']));
		expect(sent).toHaveLength(6);
		expect(new Set(sent).size).toBe(6);
		for (const id of sent) expect(id).toMatch(CLIENT_REQUEST_ID_PATTERN);
		const origins = sent.map((id) => parseClientRequestId(id));
		expect(origins.map((origin) => `${origin?.kind}:${origin?.itemIndex}`).sort()).toEqual(['speech:0', 'speech:1', 'speech:2', 'video:0', 'video:1', 'video:2']);
		for (const origin of origins) expect(origin).toMatchObject({ workflowId: 'test', executionId: '1', runIndex: 0 });
		// The simulator kept each (a valid id is stored with the job).
		expect([...fx.sim.jobs.values()].map((job) => job.clientRequestId).sort()).toEqual(sent.filter((id) => id.includes(':v:')).sort());
	});

	test('the same item keeps its key across executions; another item or input gets another', async () => {
		await fx.run(createAndWait(), { items: items(2) });
		const first = fx.sim.requestsTo('create').map((request) => parseClientRequestId(request.headers['x-client-request-id']));
		fx.sim.reset();
		await fx.run(createAndWait(), { items: items(2, (index) => ({ row: index === 0 ? 0 : 99 })) });
		const second = fx.sim.requestsTo('create').map((request) => parseClientRequestId(request.headers['x-client-request-id']));
		const keyOf = (origins: typeof first, item: number) => origins.find((origin) => origin?.itemIndex === item)?.itemKey;
		expect(keyOf(second, 0)).toBe(keyOf(first, 0));
		expect(keyOf(second, 1)).not.toBe(keyOf(first, 1));
		expect(keyOf(first, 0)).not.toBe(keyOf(first, 1));
	});
});
