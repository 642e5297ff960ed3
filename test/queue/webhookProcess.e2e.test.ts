/**
 * The webhook APIs in queue mode as the README describes it: calls taken by a dedicated `n8n webhook`
 * process, executions run by an `n8n worker`, Respond to Webhook's answer coming back through Redis.
 */
import { waitUntilPublished } from '../real-n8n/executions';
import { ASYNC_WEBHOOK_WORKFLOW_ID } from '../real-n8n/prepare';
import { QueueCluster } from '../real-n8n/queueCluster';
import { callWebhook, pollStatus } from '../real-n8n/webhookApi';
import { startSimulator, type Simulator } from '../simulator/server';

// main, PostgreSQL, Redis and the main's health check take base … base+3; the worker and the webhook process follow.
const BASE_PORT = Number(process.env.E2E_QUEUE_WEBHOOK_PORT ?? 5750);
const WEBHOOK_PORT = BASE_PORT + 6;
const hooks = `http://127.0.0.1:${WEBHOOK_PORT}/webhook`;
const job = (audioHints = '') => ({ image_url: 'https://images.example.com/a.png', audio_url: `https://audio.example.com/a.mp3${audioHints && `?${audioHints}`}` });

let sim: Simulator;
let cluster: QueueCluster;
let workerPid: number;

beforeAll(async () => {
	sim = await startSimulator({ jobDurationMs: 2000 });
	cluster = new QueueCluster({ sim, workers: 0, basePort: BASE_PORT });
	await cluster.start();
	await cluster.main.publishWorkflow(ASYNC_WEBHOOK_WORKFLOW_ID);
	workerPid = cluster.main.startProcess(['worker', '--concurrency=5'], { QUEUE_HEALTH_CHECK_PORT: String(BASE_PORT + 4), N8N_RUNNERS_BROKER_PORT: String(BASE_PORT + 5) }).pid!;
	cluster.main.startProcess(['webhook'], { N8N_PORT: String(WEBHOOK_PORT), N8N_RUNNERS_BROKER_PORT: String(BASE_PORT + 7), QUEUE_HEALTH_CHECK_PORT: String(BASE_PORT + 8) });
	await waitUntilPublished(cluster.main, ASYNC_WEBHOOK_WORKFLOW_ID);
	await answersOk(`http://127.0.0.1:${WEBHOOK_PORT}/healthz`);
	await answersOk(`http://127.0.0.1:${BASE_PORT + 4}/healthz/readiness`);
}, 900_000);

afterAll(async () => {
	await cluster?.stop();
	await sim?.close();
});

beforeEach(() => sim.reset());

const workerExecutions = () => cluster.main.logText().split('\n').filter((line) => line.startsWith(`[worker ${workerPid}]`) && line.includes('Worker started execution')).length;

test('example 5 through `n8n webhook`: 202 at once, the status URL (on the webhook process) leads to the video; run by the worker', async () => {
	const before = workerExecutions();
	const accepted = await waitForWebhookProcess(() => callWebhook(`${hooks}/omnihuman/jobs`, { json: job('sim-duration=3000') }));
	expect(accepted.status).toBe(202);
	console.log(`async POST through the webhook process: ${accepted.ms.toFixed(0)} ms`);
	expect(String(accepted.body.statusUrl).startsWith(`${hooks}/omnihuman/jobs/status?id=`)).toBe(true);
	const { answer } = await pollStatus(String(accepted.body.statusUrl), { intervalMs: 300, timeoutMs: 60_000 });
	const [created] = sim.jobs.values();
	expect(answer.body).toEqual({ id: created.id, status: 'completed', videoUrl: `${sim.videoOrigin}/videos/${created.uuid}.mp4` });
	expect(sim.requestsTo('create')).toHaveLength(1);
	expect(workerExecutions() - before).toBeGreaterThanOrEqual(2);
});

test('example 3 through `n8n webhook`: the worker\'s Respond to Webhook answer reaches the caller', async () => {
	const answer = await callWebhook(`${hooks}/omnihuman`, { json: job() });
	const [created] = sim.jobs.values();
	expect(answer).toMatchObject({ status: 200, body: { id: created.id, videoUrl: `${sim.videoOrigin}/videos/${created.uuid}.mp4` } });
});

test('the webhook process refuses a call without the secret, and no job is created', async () => {
	const answer = await callWebhook(`${hooks}/omnihuman/jobs`, { json: job(), secret: null });
	expect(answer.status).toBe(403);
	expect(sim.requestsTo('create')).toHaveLength(0);
});

async function answersOk(url: string, timeoutMs = 120_000) {
	const deadline = Date.now() + timeoutMs;
	while (!(await fetch(url).then((response) => response.ok, () => false))) {
		if (Date.now() > deadline) throw new Error(`${url} not ready after ${timeoutMs} ms; see ${cluster.main.logFile}`);
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}

/** The webhook process answers 404 until it has registered the published webhooks (nothing runs then). */
async function waitForWebhookProcess(call: () => ReturnType<typeof callWebhook>) {
	const deadline = Date.now() + 60_000;
	for (;;) {
		const answer = await call();
		if (answer.status !== 404 || Date.now() > deadline) return answer;
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}
