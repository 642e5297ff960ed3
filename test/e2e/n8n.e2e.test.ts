import { statSync } from 'node:fs';
import path from 'node:path';

import { SIMULATOR_API_KEY, type Simulator } from '../simulator/server';
import { videoBytes } from '../simulator/video';
import type { N8nInstance } from '../real-n8n/instance';
import { getExecution, listExecutions, nodeOutput, runWorkflow, stopAndTimeNodeReturn, waitForExecution, waitUntilPublished } from '../real-n8n/executions';
import { CREDENTIAL_ID, WEBHOOK_WORKFLOW_ID } from '../real-n8n/prepare';
import { useRealN8n } from '../real-n8n/useRealN8n';
import { n8nMajor, PROJECT_ROOT, provisionRuntime } from '../real-n8n/runtime';
import { searchNodePanel } from '../real-n8n/nodeSearch';
import { screenshotNode } from '../real-n8n/screenshot';
import { callWebhook } from '../real-n8n/webhookApi';
import { waitUntil } from '../support/waitUntil';

const PORT = Number(process.env.E2E_N8N_PORT ?? 5690);
const OWNER = { email: 'owner@example.com', password: 'Omnihuman-demo-1' };
const WORKFLOWS = path.join(__dirname, 'workflows');

/**
 * The n8n release comes from N8N_VERSION (default 2.41.1). n8n 2.x runs every test; n8n 1.x (`npm run
 * test:e2e:n8n1`) runs the core: the node loads, Create and Wait with download, the webhook example,
 * Stop, the credential test and the node search. `fullSuiteOnly` marks the rest.
 */
const runtime = provisionRuntime();
const fullSuiteOnly = n8nMajor(runtime) >= 2 ? test : test.skip;

let sim: Simulator;
let n8n: N8nInstance;
let userFolder: string;

useRealN8n(
	{
		runtime,
		port: PORT,
		folderPrefix: 'omnihuman-e2e-',
		simulator: { jobDurationMs: 2000, videoBytes: 256 * 1024 },
		extraWorkflows: ['failing-job.json', 'long-interval.json', 'trigger-only.json'].map((file) => path.join(WORKFLOWS, file)),
		publish: [WEBHOOK_WORKFLOW_ID],
		env: { N8N_LOG_LEVEL: 'debug' },
	},
	(started) => {
		console.log(`n8n ${runtime.n8nVersion}`);
		({ sim, n8n, userFolder } = started);
	},
);

test('n8n loaded the packed package: node and credential types under its name', async () => {
	const nodes = (await (await n8n.get('/types/nodes.json')).json()) as Array<{ name: string; displayName: string; usableAsTool?: boolean }>;
	const credentials = (await (await n8n.get('/types/credentials.json')).json()) as Array<{ name: string; displayName: string }>;
	const omniHuman = nodes.find((type) => type.name === 'n8n-nodes-omnihuman.omniHuman');
	expect(omniHuman).toMatchObject({ displayName: 'OmniHuman', usableAsTool: true });
	expect(nodes.map((type) => type.name)).toContain('n8n-nodes-omnihuman.omniHumanTool');
	expect(credentials.find((type) => type.name === 'aimlApiOmniHumanApi')).toMatchObject({ displayName: 'AI/ML API' });
	expect(statSync(path.join(userFolder, '.n8n/nodes/node_modules/n8n-nodes-omnihuman/dist/nodes/OmniHuman/OmniHuman.node.js')).isFile()).toBe(true);
});

test('example 1 (Manual Trigger → Create and Wait → Set) returns the video URL and the MP4 as binary', async () => {
	const execution = await waitForExecution(n8n, await runWorkflow(n8n, 'OmniHumanManual1', "When clicking 'Execute workflow'"));
	expect(execution.status).toBe('success');
	const [job] = sim.jobs.values();
	const [item] = nodeOutput(execution, 'OmniHuman');
	expect(item.json).toMatchObject({ id: job.id, status: 'completed', videoUrl: `${sim.videoOrigin}/videos/${job.uuid}.mp4` });
	expect(item.binary?.data).toMatchObject({ mimeType: 'video/mp4', fileName: expect.stringMatching(/\.mp4$/) });
	expect(nodeOutput(execution, 'Video URL')[0].json).toEqual({ videoUrl: item.json.videoUrl, generationId: job.id });
	expect((await n8n.binaryData(String(item.binary?.data.id))).equals(videoBytes(sim.videoBytes))).toBe(true);
	expect(sim.requestsTo('create')).toHaveLength(1);
});

fullSuiteOnly('example 2 (Schedule Trigger → list → Split Out → Create and Wait) renders every row in parallel', async () => {
	const execution = await waitForExecution(n8n, await runWorkflow(n8n, 'OmniHumanSchedul', 'Every day at 9:00'));
	expect(execution.status).toBe('success');
	const results = nodeOutput(execution, 'Result per person').map((item) => item.json);
	expect(results.map((result) => result.name)).toEqual(['alice', 'bob', 'carol']);
	for (const result of results) expect(result.videoUrl).toMatch(/^http:\/\/localhost:\d+\/videos\/.+\.mp4$/);
	expect(sim.requestsTo('create')).toHaveLength(3);
	const jobs = [...sim.jobs.values()];
	expect(Math.max(...jobs.map((job) => job.createdAt)) - Math.min(...jobs.map((job) => job.createdAt))).toBeLessThan(1000);
});

fullSuiteOnly('example 4 (Create → Wait → Get with Wait for Completion) collects the video of the one job it created', async () => {
	const execution = await waitForExecution(n8n, await runWorkflow(n8n, 'OmniHumanResume1', "When clicking 'Execute workflow'"));
	expect(execution.status).toBe('success');
	const [job] = sim.jobs.values();
	expect(nodeOutput(execution, 'Create')[0].json).toMatchObject({ id: job.id });
	expect(nodeOutput(execution, 'Get')[0].json).toMatchObject({ id: job.id, status: 'completed', videoUrl: `${sim.videoOrigin}/videos/${job.uuid}.mp4` });
	expect(sim.requestsTo('create')).toHaveLength(1);
});

describe('credential test (the editor\'s "Test" button)', () => {
	const test_ = async (apiKey: string) =>
		await n8n.rest<{ status: string; message: string }>('POST', '/rest/credentials/test', {
			credentials: { id: CREDENTIAL_ID, name: 'AI/ML API', type: 'aimlApiOmniHumanApi', data: { apiKey, baseUrl: sim.url, allowInsecureHttp: false } },
		});

	test('passes with the simulator key', async () => {
		expect(await test_(SIMULATOR_API_KEY)).toMatchObject({ status: 'OK' });
		expect(sim.requestsTo('billing')).toHaveLength(1);
	});

	test('fails with a wrong key, saying so, and never echoes the key', async () => {
		const result = await test_('wrong-key-12345');
		expect(result.status).toBe('Error');
		// n8n 1.x's credential test answers a 401 with its own "Authorization failed" instead of the credential's message.
		expect(result.message).toMatch(n8nMajor(runtime) >= 2 ? /API key was not accepted/ : /API key was not accepted|Authorization failed/);
		expect(result.message).not.toContain('wrong-key-12345');
	});
});

/** A smoke test on every n8n line; the webhook APIs in depth: webhookApi.e2e.test.ts. */
describe('example 3, the webhook API, on the running server', () => {
	const call = async (body: Record<string, string>) => {
		const answer = await callWebhook(`${n8n.url}/webhook/omnihuman`, { json: body });
		return { status: answer.status, body: answer.body as Record<string, string> };
	};

	beforeAll(async () => await waitUntilPublished(n8n, WEBHOOK_WORKFLOW_ID));

	test('a POST gets the video URL back', async () => {
		const { status, body } = await call({ image_url: 'https://images.example.com/a.png', audio_url: 'https://audio.example.com/a.mp3' });
		expect(status).toBe(200);
		const [job] = sim.jobs.values();
		expect(body).toMatchObject({ id: job.id, videoUrl: `${sim.videoOrigin}/videos/${job.uuid}.mp4` });
	});
});

fullSuiteOnly('a failing job stops the workflow with a node error that names the generation id', async () => {
	const execution = await waitForExecution(n8n, await runWorkflow(n8n, 'E2eFailingJob001', 'Start'));
	const [job] = sim.jobs.values();
	expect(execution.status).toBe('error');
	const error = execution.data.resultData.runData.OmniHuman[0].error;
	expect(error?.message).toContain(`[generation ${job.id}]`);
	expect(error?.message).toMatch(/No face was detected/);
	expect(sim.requestsTo('create')).toHaveLength(1);
});

test('Stop through the REST API ends the node within a second, without waiting out the 60 s interval', async () => {
	const executionId = await runWorkflow(n8n, 'E2eLongInterval1', 'Start');
	await waitUntil(() => sim.jobs.size > 0, { timeoutMs: 30_000, what: 'the job created' });
	await new Promise((resolve) => setTimeout(resolve, 500));
	const { latencyMs, returned } = await stopAndTimeNodeReturn(n8n, executionId, 'OmniHuman', () => n8n.logText().split('\n'));
	console.log(`stop latency on n8n ${runtime.n8nVersion}: ${latencyMs} ms (REST stop → the node's execute() returned)`);
	expect(returned).toBe(1);
	expect(latencyMs).toBeLessThan(1000);
	expect((await getExecution(n8n, executionId)).status).toBe('canceled');
	expect(sim.requestsTo('poll')).toHaveLength(0);
	expect(sim.requestsTo('create')).toHaveLength(1);
});

test('the editor\'s main node search ("What happens next?") lists OmniHuman as a regular node by name, use and service', async () => {
	const queries = ['OmniHuman', 'talking head', 'lip sync', 'avatar', 'AI/ML API'];
	const results = await searchNodePanel(n8n, OWNER, 'E2eTriggerOnly01', 'OmniHuman', queries);
	for (const result of results) {
		expect({ query: result.query, panel: result.panelTitle, found: result.found, listed: result.names }).toMatchObject({
			query: result.query,
			panel: 'What happens next?',
			found: true,
		});
		expect(result.panelText).not.toMatch(/sub-nodes/i);
	}
});

fullSuiteOnly('screenshot of the workflow with the OmniHuman node open (headless Chromium)', async () => {
	const { canvas, panel } = await screenshotNode(n8n, OWNER, 'OmniHumanManual1', 'OmniHuman', path.join(PROJECT_ROOT, 'docs'));
	expect(statSync(canvas).size).toBeGreaterThan(20_000);
	expect(statSync(panel).size).toBeGreaterThan(20_000);
});

fullSuiteOnly('every run so far is recorded by n8n', async () => {
	expect((await listExecutions(n8n, 'OmniHumanManual1')).length).toBeGreaterThanOrEqual(1);
});
