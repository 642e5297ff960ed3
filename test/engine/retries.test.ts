import type { IConnections, INode } from 'n8n-workflow';

import { NODE, omniHumanWorkflow, TRIGGER } from '../harness/workflows';
import { createAndWait, items, useFixture } from '../support/fixture';

const fx = useFixture();

/** n8n's own node setting "Retry On Fail": the engine calls execute() again with the same input. */
const retryOnFail = (maxTries: number) => ({ retryOnFail: true, maxTries, waitBetweenTries: 0 });

/** Per-item job length carried in the audio URL (the simulator reads `sim-duration`). */
const lasting = (ms: number) => ({ audioUrl: `={{ "https://audio.example.com/a.mp3?row=" + $json.row + "&sim-duration=${ms}" }}` });

describe("n8n's Retry On Fail resumes the job an earlier try created, never pays again", () => {
	test.each([3, 5])('%i tries, Max Wait shorter than the job: one create per item, the video at the end', async (maxTries) => {
		// Each try waits 0.5 s; the job takes 1.2 s, so the third try sees it finish.
		const result = await fx.run(createAndWait({ maxWait: 0.5, pollInterval: 0.05 }, lasting(1200)), { items: items(3), node: retryOnFail(maxTries) });
		expect(result.status).toBe('success');
		expect(fx.sim.requestsTo('create')).toHaveLength(3);
		const output = result.json(NODE);
		// Each item got the job made from its own row (creates may land in any order).
		const jobOfRow = (row: number) => [...fx.sim.jobs.values()].find((job) => String(job.request.audio_url).includes(`row=${row}&`))?.id;
		expect(output.map((item) => item.id)).toEqual([0, 1, 2].map(jobOfRow));
		for (const item of output) expect(item).toMatchObject({ status: 'completed', videoUrl: expect.stringContaining('/videos/') });
		expect(fx.engine.logs.filter((line) => /resumes generation .* created by an earlier try/.test(line)).length).toBeGreaterThanOrEqual(3);
	});

	test('a job that finished in an earlier try is not created again when another item failed the run', async () => {
		// Item 0 finishes at once; item 1 outlasts Max Wait on the first try, which fails the whole run.
		const parameters = createAndWait(
			{ maxWait: 0.6, pollInterval: 0.05, downloadVideo: true },
			{ audioUrl: '={{ "https://audio.example.com/a.mp3?row=" + $json.row + "&sim-duration=" + ($json.row === 0 ? 50 : 900) }}' },
		);
		const result = await fx.run(parameters, { items: items(2), node: retryOnFail(3) });
		expect(result.status).toBe('success');
		expect(fx.sim.requestsTo('create')).toHaveLength(2);
		expect(result.output(NODE).map((item) => Object.keys(item.binary ?? {}))).toEqual([['data'], ['data']]);
	});

	test('Create alone returns the id it already has', async () => {
		// Item 0's image is refused by the service on every try; n8n retries because the first item is an error.
		const parameters = {
			...createAndWait({ maxConcurrentJobs: 1 }),
			operation: 'create',
			imageUrl: '={{ $json.row === 0 ? "data:image/png;base64,!!" : "https://images.example.com/p.png" }}',
		};
		const result = await fx.run(parameters, { items: items(2), node: { ...retryOnFail(3), continueOnFail: true } });
		const [job] = [...fx.sim.jobs.values()];
		expect(fx.sim.jobs.size).toBe(1);
		expect(fx.sim.requestsTo('create').filter((request) => request.body && (request.body as { image_url: string }).image_url.startsWith('https'))).toHaveLength(1);
		expect(fx.sim.requestsTo('create')).toHaveLength(1 + 3);
		const output = result.json(NODE);
		expect(output[0]).toMatchObject({ error: expect.stringMatching(/HTTP 400/) });
		expect(output[1]).toEqual({ id: job.id, status: 'queued', model: 'bytedance/omnihuman', usage: { credits: job.charge.credits, usdSpent: job.charge.usd } });
	});

	test('with Continue On Fail an error item is retried too, resuming its job', async () => {
		const result = await fx.run(createAndWait({ maxWait: 0.5, pollInterval: 0.05 }, lasting(1200)), {
			items: items(2),
			node: { ...retryOnFail(4), continueOnFail: true },
		});
		expect(fx.sim.requestsTo('create')).toHaveLength(2);
		for (const item of result.json(NODE)) expect(item).toMatchObject({ status: 'completed' });
	});

	test('a create whose outcome was unknown is not sent again by a retry, and the error says why', async () => {
		fx.sim.faults.add('create', { type: 'status', status: 502 });
		const result = await fx.run(createAndWait(), { node: retryOnFail(3) });
		expect(result.status).toBe('error');
		expect(fx.sim.requestsTo('create')).toHaveLength(1);
		expect(result.nodeError(NODE)!.message).toMatch(/An earlier try of this item may have created a job: .*HTTP 502/);
	});

	test('a create the service refused (no job made) is sent again by the retry', async () => {
		fx.sim.faults.add('create', { type: 'status', status: 400, message: 'Body validation error!' });
		const result = await fx.run(createAndWait(), { node: retryOnFail(2) });
		expect(result.status).toBe('success');
		expect(fx.sim.requestsTo('create')).toHaveLength(2);
	});

	test('a retry that would send a different request is a new item: it gets its own job', async () => {
		// The audio URL changes between tries (an expression on the clock), so the request is not the same.
		const parameters = createAndWait({ maxWait: 0.3, pollInterval: 0.05 }, { audioUrl: '={{ "https://audio.example.com/a.mp3?sim-duration=5000&t=" + Date.now() }}' });
		const result = await fx.run(parameters, { node: retryOnFail(3) });
		expect(result.status).toBe('error');
		expect(fx.sim.requestsTo('create')).toHaveLength(3);
		expect(new Set(fx.sim.requestsTo('create').map((request) => (request.body as { audio_url: string }).audio_url)).size).toBe(3);
	});
});

test('a second pass of the node in the same execution (a loop) makes new jobs, even for the same input', async () => {
	// Row 0's job fails, so the first pass keeps its record of created jobs (Continue On Fail lets the run go on).
	const parameters = createAndWait({}, { audioUrl: '={{ "https://audio.example.com/a.mp3?row=" + $json.row + ($json.row === 0 ? "&sim-outcome=error-message" : "") }}' });
	const { nodes, connections } = omniHumanWorkflow(parameters, { continueOnFail: true });
	const passes: INode[] = ['Pass A', 'Pass B'].map((name, index) => ({
		id: `p${index}`,
		name,
		type: 'n8n-nodes-base.noOp',
		typeVersion: 1,
		position: [100, index * 100],
		parameters: {},
	}));
	const wired: IConnections = {
		...connections,
		[TRIGGER]: { main: [[{ node: 'Pass A', type: 'main', index: 0 }, { node: 'Pass B', type: 'main', index: 0 }]] },
		'Pass A': { main: [[{ node: NODE, type: 'main', index: 0 }]] },
		'Pass B': { main: [[{ node: NODE, type: 'main', index: 0 }]] },
	};
	const result = await fx.engine.run({ nodes: [...nodes, ...passes], connections: wired }, { credentials: fx.credentials(), items: items(2) });
	expect(result.run.data.resultData.runData[NODE]).toHaveLength(2);
	expect(fx.sim.requestsTo('create')).toHaveLength(4);
	expect(fx.sim.jobs.size).toBe(4);
});
