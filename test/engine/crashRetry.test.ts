import { NODE } from '../harness/workflows';
import { parseClientRequestId } from '../../nodes/OmniHuman/spend/clientRequestId';
import { createAndWait, FAST, items, useFixture } from '../support/fixture';

const fx = useFixture();

/** Each item's own audio link, so its job can be told from the others. */
const perRow = (options: Record<string, unknown> = {}) =>
	createAndWait({ maxConcurrentJobs: 5, ...options }, { audioUrl: `={{ "${fx.sim.videoOrigin}/audio/1s.mp3?row=" + $json.row }}` });

/**
 * A crashed execution leaves no record in the node's context (n8n never saved it): a retry of it runs the
 * node in mode "retry" with an empty context. The first run below stands for the crashed one: its jobs exist
 * at the service, its record is gone, because each engine run starts from fresh execution data.
 */
describe('a retried execution finds the jobs of the run that crashed in the usage logs, and pays nothing twice', () => {
	test('jobs found by their client request id are resumed: the same ids and videos, no create', async () => {
		const crashed = await fx.run(perRow(), { items: items(3) });
		const madeBefore = crashed.json(NODE).map((item) => item.id);
		expect(fx.sim.requestsTo('create')).toHaveLength(3);

		const retried = await fx.run(perRow({ downloadVideo: true }), { items: items(3), mode: 'retry' });
		expect(retried.status).toBe('success');
		expect(fx.sim.requestsTo('create')).toHaveLength(3);
		const output = retried.output(NODE);
		expect(output.map((item) => item.json.id)).toEqual(madeBefore);
		for (const item of output) {
			expect(item.json).toMatchObject({ status: 'completed', videoUrl: expect.stringContaining('/videos/') });
			expect(Object.keys(item.binary ?? {})).toEqual(['data']);
		}
		// The logs were read once for the whole run (one model), filtered to succeeded jobs of it.
		const reads = fx.sim.requestsTo('logs');
		expect(reads).toHaveLength(1);
		expect(reads[0].rawBody).toBe('');
		expect(reads[0].query).toMatchObject({ model: 'bytedance/omnihuman', status: 'succeeded', period: '30d' });
		const found = fx.engine.logs.filter((line) => /found in the usage logs by its client request id/.test(line));
		expect(found).toHaveLength(3);
		// Each log line carries the generation id as a field, for log search in queue mode.
		expect(madeBefore.every((id) => found.some((line) => line.includes(`"generationId":"${String(id)}"`)))).toBe(true);
		// The summary says the resumed jobs were paid by the crashed execution, not again.
		const [hint] = retried.run.data.resultData.runData[NODE][0].hints ?? [];
		expect(hint?.message).toMatch(/Spent in this run: 3 video jobs, .*; 3 of the jobs \(\$0\.42\) were paid by the execution this one retries, and resumed/);
	});

	test('the spend of a resumed job counts under the limit of the retried execution', async () => {
		fx.sim.setBilling({ videoRates: { 'bytedance/omnihuman': 0.63 } });
		await fx.run(perRow(), { items: items(2) });
		// The two found jobs cost $1.26: a third item does not fit under $1.50.
		const retried = await fx.run(perRow({ maxSpendPerExecution: 1.5 }), { items: items(3), mode: 'retry', node: { continueOnFail: true } });
		expect(fx.sim.requestsTo('create')).toHaveLength(2);
		expect(retried.json(NODE)[2].error).toMatch(/has spent \$1\.26 on 2 jobs/);
	});

	test('an item the crashed run never paid for is created as usual', async () => {
		await fx.run(perRow(), { items: items(1) });
		const retried = await fx.run(perRow(), { items: items(2), mode: 'retry' });
		expect(retried.status).toBe('success');
		expect(fx.sim.requestsTo('create')).toHaveLength(2);
		const second = parseClientRequestId(fx.sim.requestsTo('create')[1].headers['x-client-request-id']);
		expect(second?.itemIndex).toBe(1);
	});

	test('a job of another workflow or another item is not taken for this one', async () => {
		await fx.run(perRow(), { items: items(2, (index) => ({ row: index + 10 })) });
		await fx.run(perRow(), { items: items(2), mode: 'retry' });
		expect(fx.sim.requestsTo('create')).toHaveLength(4);
	});

	test('usage logs that cannot be read stop the item before anything is paid, and say how to find the id', async () => {
		fx.sim.faults.add('logs', { type: 'status', status: 403, message: 'Forbidden' }, 5);
		const retried = await fx.run(perRow(), { items: items(2), mode: 'retry', node: { continueOnFail: true } });
		expect(fx.sim.requestsTo('create')).toHaveLength(0);
		for (const item of retried.json(NODE)) {
			expect(item.error).toMatch(/retries one that stopped mid-run, and the usage logs could not be read/);
		}
		const error = retried.run.data.resultData.runData[NODE][0].data?.main?.[0]?.[0]?.json;
		expect(JSON.stringify(error)).toMatch(/HTTP 403|Forbidden/);
	});

	test('a job still running is not listed yet: the retry creates it again (what the README warns about)', async () => {
		await fx.run({ ...perRow(), operation: 'create', audioUrl: '={{ "https://audio.example.com/a.mp3?sim-duration=60000&row=" + $json.row }}' }, { items: items(1) });
		await fx.run({ ...perRow(), operation: 'create', audioUrl: '={{ "https://audio.example.com/a.mp3?sim-duration=60000&row=" + $json.row }}' }, { items: items(1), mode: 'retry' });
		expect(fx.sim.requestsTo('create')).toHaveLength(2);
	});

	test('a failed execution retried from the Executions list resumes its job from the context it saved: no log read, no wait', async () => {
		// The first execution fails after its job was made (Max Wait passed): n8n saves its context with the record.
		const slow = { audioUrl: `={{ "${fx.sim.videoOrigin}/audio/1s.mp3?sim-duration=300&row=" + $json.row }}` };
		const failed = await fx.run(createAndWait({ maxWait: 0.05, pollInterval: 0.02 }, slow), { items: items(1) });
		expect(failed.nodeError(NODE)?.message).toMatch(/Max Wait/);
		const [made] = fx.sim.jobs.keys();
		await new Promise((resolve) => setTimeout(resolve, 300));
		// The retry resumes that job and reads it at once: a 120 s Poll Interval is never waited.
		const retried = await fx.run(createAndWait({ maxWait: 600, pollInterval: 120 }, slow), {
			items: items(1),
			mode: 'retry',
			contextData: failed.run.data.executionData!.contextData,
		});
		expect(retried.json(NODE)).toEqual([expect.objectContaining({ id: made, status: 'completed' })]);
		expect(fx.sim.requestsTo('create')).toHaveLength(1);
		expect(fx.sim.requestsTo('logs')).toHaveLength(0);
	});

	test('a retry whose item came with other input is another item: the same request gets its own job', async () => {
		const sameRequest = createAndWait({ maxWait: 0.05, pollInterval: 0.02 }, { audioUrl: `${fx.sim.videoOrigin}/audio/1s.mp3?sim-duration=300` });
		const failed = await fx.run(sameRequest, { items: items(1) });
		expect(failed.nodeError(NODE)?.message).toMatch(/Max Wait/);
		const retried = await fx.run({ ...sameRequest, options: { ...FAST } }, {
			items: items(1, () => ({ row: 7 })),
			mode: 'retry',
			contextData: failed.run.data.executionData!.contextData,
		});
		expect(retried.status).toBe('success');
		expect(fx.sim.requestsTo('create')).toHaveLength(2);
	});

	test('outside a retry the usage logs are never read', async () => {
		await fx.run(perRow(), { items: items(2) });
		expect(fx.sim.requestsTo('logs')).toHaveLength(0);
	});
});
