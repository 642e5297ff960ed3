import path from 'node:path';

import { startSimulator, type Simulator } from '../simulator/server';
import { videoBytes } from '../simulator/video';
import { getExecution, nodeOutput, runWorkflow, stopAndTimeNodeReturn, waitForExecution, waitUntilPublished } from '../real-n8n/executions';
import { WEBHOOK_WORKFLOW_ID } from '../real-n8n/prepare';
import { QueueCluster } from '../real-n8n/queueCluster';
import { TEST_WEBHOOK_SECRET, WEBHOOK_AUTH_HEADER } from '../real-n8n/webhookApi';
import { waitUntil } from '../support/waitUntil';

const WORKFLOWS = path.join(__dirname, '../e2e/workflows');
const DB_LIMIT_MIB = 2;
const GRACEFUL_SHUTDOWN_S = 5;
let sim: Simulator;
let cluster: QueueCluster;

beforeAll(async () => {
	sim = await startSimulator({ jobDurationMs: 2000, videoBytes: 512 * 1024 });
	cluster = new QueueCluster({
		sim,
		workers: 2,
		workerConcurrency: 10,
		basePort: Number(process.env.E2E_QUEUE_PORT ?? 5720),
		extraWorkflows: [path.join(WORKFLOWS, 'long-interval.json')],
		// A dead worker's lock expires after QUEUE_WORKER_LOCK_DURATION (default 60 s) and the stalled-job check runs
		// every QUEUE_WORKER_STALLED_INTERVAL (default 30 s); shortened so the kill test takes seconds, not 90.
		// N8N_GRACEFUL_SHUTDOWN_TIMEOUT (default 30 s) shortened too, for the SIGTERM test.
		env: {
			N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE: String(DB_LIMIT_MIB),
			QUEUE_WORKER_LOCK_DURATION: '6000',
			QUEUE_WORKER_LOCK_RENEW_TIME: '2000',
			QUEUE_WORKER_STALLED_INTERVAL: '3000',
			N8N_GRACEFUL_SHUTDOWN_TIMEOUT: String(GRACEFUL_SHUTDOWN_S),
		},
	});
	const startedAt = Date.now();
	await cluster.start();
	await cluster.workersReady();
	await waitUntilPublished(cluster.main, WEBHOOK_WORKFLOW_ID);
	console.log(`queue-mode setup (PostgreSQL, Redis, main, 2 workers): ${((Date.now() - startedAt) / 1000).toFixed(0)} s`);
}, 900_000);

afterAll(async () => {
	await cluster?.stop();
	await sim?.close();
});

beforeEach(() => sim.reset());

const callWebhook = async (index: number) => {
	const response = await fetch(`${cluster.main.url}/webhook/omnihuman`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', [WEBHOOK_AUTH_HEADER]: TEST_WEBHOOK_SECRET },
		body: JSON.stringify({ image_url: 'https://images.example.com/a.png', audio_url: `https://audio.example.com/a.mp3?caller=${index}` }),
	});
	return { status: response.status, body: (await response.json()) as Record<string, string> };
};

test('30 concurrent webhook calls: each gets its own video, both workers execute, no job created twice', async () => {
	const before = cluster.executionsByWorker();
	const calls = await Promise.all(Array.from({ length: 30 }, (_, index) => callWebhook(index)));
	expect(calls.map((call) => call.status)).toEqual(Array(30).fill(200));
	for (const [index, { body }] of calls.entries()) {
		const job = sim.jobs.get(body.id)!;
		expect(job.request.audio_url).toBe(`https://audio.example.com/a.mp3?caller=${index}`);
		expect(body.videoUrl).toBe(`${sim.videoOrigin}/videos/${job.uuid}.mp4`);
	}
	expect(new Set(calls.map((call) => call.body.id)).size).toBe(30);
	expect(sim.requestsTo('create')).toHaveLength(30);
	const after = cluster.executionsByWorker();
	const ranOn = cluster.workers.map((worker) => after.get(worker.pid)!.length - before.get(worker.pid)!.length);
	console.log(`executions per worker: ${ranOn.join(', ')}`);
	expect(ranOn.every((count) => count > 0)).toBe(true);
	expect(ranOn.reduce((sum, count) => sum + count, 0)).toBe(30);
});

test('Download Video with binary data in the database: the stored bytes are the simulator\'s', async () => {
	const execution = await waitForExecution(cluster.main, await runWorkflow(cluster.main, 'OmniHumanManual1', "When clicking 'Execute workflow'"));
	expect(execution.status).toBe('success');
	const [item] = nodeOutput(execution, 'OmniHuman');
	expect(String(item.binary?.data.id)).toMatch(/^database:/);
	expect((await cluster.main.binaryData(String(item.binary?.data.id))).equals(videoBytes(sim.videoBytes))).toBe(true);
});

test('a video above the database mode\'s size limit fails the item clearly; the worker keeps running', async () => {
	sim.videoBytes = (DB_LIMIT_MIB + 1) * 1024 * 1024;
	try {
		const execution = await waitForExecution(cluster.main, await runWorkflow(cluster.main, 'OmniHumanManual1', "When clicking 'Execute workflow'"));
		expect(execution.status).toBe('error');
		const [job] = sim.jobs.values();
		const error = execution.data.resultData.runData.OmniHuman[0].error!;
		console.log(`database limit error: ${error.message}`);
		expect(error.message).toMatch(/could not store the video/i);
		expect(error.message).toContain(job.id);
		expect(cluster.workers.every((worker) => worker.process.exitCode === null)).toBe(true);
	} finally {
		sim.videoBytes = 512 * 1024;
	}
	expect((await callWebhook(0)).status).toBe(200);
});

test('Stop from the main process ends the wait on the worker within a second', async () => {
	const executionId = await runWorkflow(cluster.main, 'E2eLongInterval1', 'Start');
	await waitUntil(() => sim.jobs.size > 0, { timeoutMs: 30_000, what: 'the job created' });
	await new Promise((resolve) => setTimeout(resolve, 500));
	const worker = workerOf(executionId);
	const { latencyMs, returned } = await stopAndTimeNodeReturn(cluster.main, executionId, 'OmniHuman', () => cluster.workerLog(worker));
	console.log(`stop latency on the worker: ${latencyMs} ms`);
	expect(returned).toBe(1);
	expect(latencyMs).toBeLessThan(1000);
	expect(sim.requestsTo('poll')).toHaveLength(0);
});

test('killing the worker mid-run: n8n fails the execution, never runs it again, and the generation id is on record', async () => {
	const executionId = await runWorkflow(cluster.main, 'E2eLongInterval1', 'Start');
	await waitUntil(() => sim.jobs.size > 0, { timeoutMs: 30_000, what: 'the job created' });
	const [job] = sim.jobs.values();
	const worker = workerOf(executionId);
	await new Promise((resolve) => setTimeout(resolve, 500));
	expect(cluster.workerLog(worker).some((line) => line.includes(job.id))).toBe(true);
	const victim = cluster.workers.find((candidate) => candidate.pid === worker)!;
	process.kill(victim.pid, 'SIGKILL');
	const killedAt = Date.now();
	const execution = await waitForExecution(cluster.main, executionId, 180_000).catch(async () => await getExecution(cluster.main, executionId));
	console.log(`execution ${executionId}, ${((Date.now() - killedAt) / 1000).toFixed(1)} s after its worker was killed: ${execution.status}: ${execution.data.resultData.error?.message ?? ''}`);
	expect(['crashed', 'error']).toContain(execution.status);
	expect(sim.requestsTo('create')).toHaveLength(1);
	await new Promise((resolve) => setTimeout(resolve, 8000));
	expect(sim.requestsTo('create')).toHaveLength(1);
	expect(cluster.executionsByWorker().get(cluster.workers.find((candidate) => candidate.pid !== worker)!.pid)).not.toContain(executionId);
}, 300_000);

test('SIGTERM to a worker whose execution is waiting: n8n waits out its graceful shutdown timeout, then exits; nothing is created twice and the id is on record', async () => {
	if (cluster.workers.filter(isRunning).length < 2) cluster.startWorker();
	await cluster.workersReady();
	const executionId = await runWorkflow(cluster.main, 'E2eLongInterval1', 'Start');
	await waitUntil(() => sim.jobs.size > 0, { timeoutMs: 30_000, what: 'the job created' });
	const [job] = sim.jobs.values();
	const worker = cluster.workers.find((candidate) => candidate.pid === workerOf(executionId))!;
	await new Promise((resolve) => setTimeout(resolve, 500));
	const sigtermAt = Date.now();
	process.kill(worker.pid, 'SIGTERM');
	await waitUntil(() => !isRunning(worker), { timeoutMs: 60_000, what: 'the worker to exit' });
	const exitedAfter = Date.now() - sigtermAt;
	const nodeReturned = cluster.workerLog(worker.pid).some((line) => line.includes('Running node "OmniHuman" finished'));
	const execution = await waitForExecution(cluster.main, executionId, 180_000).catch(async () => await getExecution(cluster.main, executionId));
	const error = execution.data.resultData.error ?? execution.data.resultData.runData.OmniHuman?.[0]?.error;
	console.log(
		`SIGTERM, graceful timeout ${GRACEFUL_SHUTDOWN_S} s: worker exited after ${exitedAfter} ms (exit code ${worker.process.exitCode}, signal ${worker.process.signalCode}); ` +
			`node returned first: ${nodeReturned}; execution ${execution.status} ${((Date.now() - sigtermAt) / 1000).toFixed(1)} s after SIGTERM: ${error?.message ?? '(no error saved)'}`,
	);
	// n8n drains for its whole graceful timeout (the queue job is still running), then exits.
	expect(exitedAfter).toBeGreaterThanOrEqual(GRACEFUL_SHUTDOWN_S * 1000 * 0.8);
	expect(cluster.workerLog(worker.pid).some((line) => line.includes(`OmniHuman: generation ${job.id} created for item 0`))).toBe(true);
	expect(['crashed', 'error', 'canceled']).toContain(execution.status);
	expect(sim.requestsTo('create')).toHaveLength(1);
	const otherWorkers = [...cluster.executionsByWorker()].filter(([pid]) => pid !== worker.pid);
	expect(otherWorkers.some(([, ids]) => ids.includes(executionId))).toBe(false);
}, 400_000);

function isRunning(worker: { process: { exitCode: number | null; signalCode: NodeJS.Signals | null } }): boolean {
	return worker.process.exitCode === null && worker.process.signalCode === null;
}

function workerOf(executionId: string): number {
	for (const [pid, ids] of cluster.executionsByWorker()) if (ids.includes(executionId)) return pid;
	throw new Error(`no worker started execution ${executionId}`);
}
