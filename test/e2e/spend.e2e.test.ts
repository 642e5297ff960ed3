import path from 'node:path';

import { parseClientRequestId } from '../../nodes/OmniHuman/spend/clientRequestId';
import type { N8nInstance } from '../real-n8n/instance';
import { getExecution, nodeOutput, runWorkflow, waitForExecution } from '../real-n8n/executions';
import { useRealN8n } from '../real-n8n/useRealN8n';
import type { SimulatedJob, Simulator } from '../simulator/server';
import { videoBytes } from '../simulator/video';
import { waitUntil } from '../support/waitUntil';

/**
 * What a run pays, in a real n8n: Max Spend per Execution over a batch whose items speak for different lengths,
 * billed per second (the refused items on the error output, the run's spend summary n8n keeps with the node's
 * output), and an execution whose n8n was killed mid-wait, retried from the Executions list after the restart:
 * the retry finds the jobs in the usage logs and pays nothing twice.
 */
// 5696/5697 are webhookApi.e2e's server and task-runner broker ports.
const PORT = Number(process.env.E2E_SPEND_PORT ?? 5698);
const WORKFLOWS = path.join(__dirname, 'workflows');
/** The service: $0.14 per second of speech. */
const RATE = 0.14;
/** The host the workflows' audio links carry, replaced by the simulator's video origin before the import. */
const AUDIO_HOST_PLACEHOLDER = 'http://sim-video-origin.invalid';

let sim: Simulator;
let n8n: N8nInstance;

useRealN8n(
	{
		port: PORT,
		folderPrefix: 'omnihuman-e2e-spend-',
		simulator: { jobDurationMs: 1000, videoBytes: 64 * 1024 },
		extraWorkflows: ['spend-limited-batch.json', 'crash-retry.json'].map((file) => path.join(WORKFLOWS, file)),
		rewriteWorkflows: (simulator) => (json) => json.split(AUDIO_HOST_PLACEHOLDER).join(simulator.videoOrigin),
	},
	(started) => {
		({ sim, n8n } = started);
	},
);

/** The execution as `GET /rest/executions/<id>` answers it, with the fields the stored-data helper leaves out. */
interface ExecutionSummary {
	id: string;
	status: string;
	mode: string;
	retryOf?: string | null;
	retrySuccessId?: string | null;
	workflowId: string;
}

const summaryOf = async (id: string) => await n8n.rest<ExecutionSummary>('GET', `/rest/executions/${id}`);

/** Polls an async read every `intervalMs` until `done` holds; returns the value that made it hold. */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, { timeoutMs = 60_000, intervalMs = 100, what = 'condition' } = {}): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let last: T | undefined;
	for (;;) {
		last = await read().catch(() => last);
		if (last !== undefined && done(last)) return last;
		if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms (last: ${JSON.stringify(last)?.slice(0, 300)})`);
		await new Promise((resolve) => setTimeout(resolve, intervalMs));
	}
}

/** The simulated job made for input row `row` (each row's audio link ends with `row=<row>`). */
const jobOfRow = (row: number): SimulatedJob | undefined => [...sim.jobs.values()].find((job) => String(job.request.audio_url).endsWith(`row=${row}`));

const logLinesSince = (offset: number) => n8n.logText().slice(offset).split('\n');

test('Max Spend per Execution $8 at $0.14 a second, 6 items (5 s, then five of 25 s) at Max Concurrent Jobs 6, On Error "Continue (using error output)": 3 jobs charged $7.70, 3 items refused on the error output with their own fields, and the spend summary with the output', async () => {
	sim.setBilling({ videoRates: { 'bytedance/omnihuman': RATE } });
	const logOffset = n8n.logText().length;
	const started = Date.now();
	const execution = await waitForExecution(n8n, await runWorkflow(n8n, 'E2eSpendLimit01', 'Start'));
	console.log(`spend-limited batch of mixed lengths: ${Date.now() - started} ms`);
	expect(execution.status).toBe('success');

	// Admitted in input order while they fit: 5 s + 25 s + 25 s = 35 s, $7.70; a fourth 25 s ($3.50) would pass $8.
	expect(sim.requestsTo('create')).toHaveLength(3);
	expect(sim.jobs.size).toBe(3);
	const jobs = [0, 1, 2].map((row) => jobOfRow(row)!);
	expect(jobs.every(Boolean)).toBe(true);
	expect(jobs.map((job) => job.charge.usd)).toEqual([0.7, 3.5, 3.5].map((usd) => expect.closeTo(usd, 9)));
	const charged = [...sim.jobs.values()].reduce((sum, job) => sum + job.charge.usd, 0);
	expect(charged).toBeCloseTo(7.7, 9);
	expect(charged).toBeLessThanOrEqual(8);
	// The audio was read from the simulator's own files (the links were rewritten to them), never with the key.
	const reads = sim.requestsTo('audio');
	expect(reads.length).toBeGreaterThan(0);
	for (const read of reads) expect(read.headers.authorization).toBeUndefined();

	// The success output: the three paid rows, each with its video, in input order.
	const videos = nodeOutput(execution, 'OmniHuman').map((item) => item.json);
	expect(videos).toHaveLength(3);
	videos.forEach((item, row) => {
		const job = jobs[row];
		expect(item).toMatchObject({ id: job.id, status: 'completed', videoUrl: `${sim.videoOrigin}/videos/${job.uuid}.mp4`, usage: { credits: job.charge.credits } });
		expect(item.error).toBeUndefined();
	});
	expect(nodeOutput(execution, 'Videos').map((item) => item.json.id)).toEqual(jobs.map((job) => job.id));

	// The error output: the three refused rows, each its own input's fields beside the refusal (n8n merges them).
	const refused = execution.data.resultData.runData.OmniHuman[0].data?.main?.[1] ?? [];
	expect(refused.map((item) => item.json)).toEqual(
		[3, 4, 5].map((row) => ({
			row,
			speechSeconds: 25,
			audio: `${sim.videoOrigin}/audio/25s.mp3?row=${row}`,
			error: expect.stringMatching(/^Max Spend per Execution \(\$8\.00\) would be passed/),
			message: expect.stringMatching(new RegExp(`^Refused: input item ${row} was not sent\\. Nothing was sent`)),
		})),
	);
	expect(nodeOutput(execution, 'Refused rows').map((item) => item.json.row)).toEqual([3, 4, 5]);

	// The summary n8n keeps with the node's output (the editor shows it above the output) and in its log.
	const summary = 'Spent in this run: 3 video jobs, 0 speech syntheses, 15,400,000 credits ($7.70); priced before sending at $11.90 (2 of them at their model\'s audio limit, their audio not read as the limit had room), charged $7.70; Max Spend per Execution $8.00, $0.30 left';
	expect(execution.data.resultData.runData.OmniHuman[0].hints).toEqual([expect.objectContaining({ message: summary })]);
	expect(logLinesSince(logOffset).filter((line) => line.includes('OmniHuman: Spent in this run'))).toEqual([expect.stringContaining(`OmniHuman: ${summary}`)]);
});

test('n8n killed (SIGKILL) while Create and Wait waits; after the restart the crashed execution is retried over REST: the same jobs are resumed from the usage logs, no second create', async () => {
	const timings: Record<string, number> = {};
	const logOffset = n8n.logText().length;
	const firstId = await runWorkflow(n8n, 'E2eCrashRetry01', 'Start');

	// Both jobs created and their ids received: the node is waiting for them (6 s jobs, polled every second).
	await waitUntil(() => sim.jobs.size === 2 && logLinesSince(logOffset).filter((line) => / OmniHuman: generation \S+ created for item \d/.test(line)).length === 2, {
		timeoutMs: 60_000,
		intervalMs: 20,
		what: 'both jobs created by the first execution',
	});
	const jobs = [0, 1].map((row) => jobOfRow(row)!);
	expect(jobs.every(Boolean)).toBe(true);

	// Each create carried a client request id naming this workflow, this execution and its item.
	const creates = sim.requestsTo('create');
	expect(creates).toHaveLength(2);
	for (const job of jobs) {
		const create = creates.find((request) => (request.body as { audio_url?: string }).audio_url === job.request.audio_url)!;
		const header = create.headers['x-client-request-id'];
		expect(job.clientRequestId).toBe(header);
		expect(parseClientRequestId(header)).toMatchObject({ workflowId: 'E2eCrashRetry01', executionId: firstId, runIndex: 0, itemIndex: jobs.indexOf(job), kind: 'video' });
	}

	const killedAt = Date.now();
	await n8n.kill('SIGKILL');
	timings.killToExit = Date.now() - killedAt;
	// Killed while the jobs were still running: the first execution never saw a video.
	expect(jobs.every((job) => !sim.statusOf(job, killedAt).final)).toBe(true);
	expect(jobs.every((job) => !job.reportedStatuses.includes('completed'))).toBe(true);

	const restartAt = Date.now();
	await n8n.start();
	timings.restartToReady = Date.now() - restartAt;
	timings.killToReady = Date.now() - killedAt;

	// n8n marks the execution it found unfinished as crashed when it starts again.
	const crashed = await eventually(() => summaryOf(firstId), (execution) => execution.status === 'crashed', { what: `execution ${firstId} crashed` });
	timings.killToCrashed = Date.now() - killedAt;
	expect(crashed).toMatchObject({ mode: 'manual', workflowId: 'E2eCrashRetry01' });
	const crashedData = (await getExecution(n8n, firstId)).data;
	// Saved progress: what ran before OmniHuman is kept (what lets Retry start); OmniHuman left no output,
	// only the run n8n's recovery added from its event log, marked crashed (Retry drops it and runs the node again).
	expect(crashedData.resultData.runData['One item per row']?.[0]?.data?.main?.[0]).toHaveLength(2);
	expect(crashedData.resultData.lastNodeExecuted).toBe('OmniHuman');
	expect(crashedData.resultData.runData.OmniHuman).toEqual([expect.objectContaining({ executionStatus: 'crashed' })]);
	expect(crashedData.resultData.runData.OmniHuman[0].data).toBeUndefined();

	// The usage logs list a job once it has completed.
	await waitUntil(() => jobs.every((job) => sim.statusOf(job).final), { timeoutMs: 30_000, intervalMs: 50, what: 'both jobs completed at the service' });
	expect(sim.requestsTo('logs')).toHaveLength(0);

	const retryAt = Date.now();
	// Answers once the new execution has finished.
	const retried = await n8n.rest<ExecutionSummary>('POST', `/rest/executions/${firstId}/retry`, { loadWorkflow: false });
	timings.retry = Date.now() - retryAt;
	expect(retried).toMatchObject({ retryOf: firstId, mode: 'retry', status: 'success' });
	expect(retried.id).not.toBe(firstId);
	const execution = await waitForExecution(n8n, retried.id);
	expect(execution.status).toBe('success');
	expect(await summaryOf(retried.id)).toMatchObject({ mode: 'retry', retryOf: firstId, workflowId: 'E2eCrashRetry01' });
	expect(await summaryOf(firstId)).toMatchObject({ status: 'crashed', retrySuccessId: retried.id });

	// The same generations, each item its own, with the video and the MP4.
	const output = nodeOutput(execution, 'OmniHuman');
	expect(output.map((item) => item.json.id)).toEqual(jobs.map((job) => job.id));
	for (const [row, item] of output.entries()) {
		expect(item.json).toMatchObject({ status: 'completed', videoUrl: `${sim.videoOrigin}/videos/${jobs[row].uuid}.mp4` });
		expect(item.binary?.data).toMatchObject({ mimeType: 'video/mp4' });
		expect((await n8n.binaryData(String(item.binary?.data.id))).equals(videoBytes(sim.videoBytes))).toBe(true);
	}
	expect(nodeOutput(execution, 'Video URL').map((item) => item.json)).toEqual(
		jobs.map((job, row) => ({ videoUrl: `${sim.videoOrigin}/videos/${job.uuid}.mp4`, generationId: job.id, row })),
	);

	// Nothing paid twice: no create after the crash, one read of the usage logs for the whole run.
	expect(sim.requestsTo('create')).toHaveLength(2);
	expect(sim.jobs.size).toBe(2);
	const reads = sim.requestsTo('logs');
	expect(reads).toHaveLength(1);
	expect(reads[0].query).toMatchObject({ model: 'bytedance/omnihuman', status: 'succeeded' });
	expect(logLinesSince(logOffset).filter((line) => /OmniHuman: item \d resumes generation \S+, found in the usage logs by its client request id/.test(line))).toHaveLength(2);
	// What the resumed jobs cost counts in the retried run, as the usage logs report it, marked as paid by the crashed one.
	const usd = jobs.reduce((sum, job) => sum + job.charge.usd, 0);
	const credits = jobs.reduce((sum, job) => sum + job.charge.credits, 0);
	expect(execution.data.resultData.runData.OmniHuman[0].hints).toEqual([
		expect.objectContaining({
			message: `Spent in this run: 2 video jobs, 0 speech syntheses, ${credits.toLocaleString('en-US')} credits ($${usd.toFixed(2)}); 2 of the jobs ($${usd.toFixed(2)}) were paid by the execution this one retries, and resumed`,
		}),
	]);
	console.log(`crash → retry timings (ms): ${JSON.stringify(timings)}`);
});
