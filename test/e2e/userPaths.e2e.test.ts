import path from 'node:path';

import type { Simulator } from '../simulator/server';
import type { N8nInstance } from '../real-n8n/instance';
import { nodeOutput, runWorkflow, stopAndTimeNodeReturn, waitForExecution } from '../real-n8n/executions';
import { useRealN8n } from '../real-n8n/useRealN8n';
import { waitUntil } from '../support/waitUntil';

/**
 * The paths real users take, in a real n8n: n8n's Retry On Fail, Retry from the Executions list, rate-limited
 * batches (paying once on each), and scripts instead of audio files (examples 6 and 7).
 */
const PORT = Number(process.env.E2E_PATHS_PORT ?? 5750);
const WORKFLOWS = path.join(__dirname, 'workflows');

let sim: Simulator;
let n8n: N8nInstance;

useRealN8n(
	{
		port: PORT,
		folderPrefix: 'omnihuman-e2e-paths-',
		simulator: { jobDurationMs: 500, videoBytes: 64 * 1024 },
		extraWorkflows: ['retry-on-fail.json', 'execution-retry.json', 'rate-limited-batch.json', 'long-script.json', 'speech-families.json'].map((file) => path.join(WORKFLOWS, file)),
		env: { N8N_LOG_LEVEL: 'debug' },
	},
	(started) => {
		({ sim, n8n } = started);
	},
);

const videosOf = (execution: Awaited<ReturnType<typeof waitForExecution>>) =>
	nodeOutput(execution, 'OmniHuman').filter((item) => typeof item.json.videoUrl === 'string');

test('Retry On Fail (4 tries, Max Wait 1 s, 3.5 s jobs): one create per item, every video, downloaded', async () => {
	const execution = await waitForExecution(n8n, await runWorkflow(n8n, 'E2eRetryOnFail1', 'Start'));
	expect(execution.status).toBe('success');
	expect(sim.requestsTo('create')).toHaveLength(3);
	const output = nodeOutput(execution, 'OmniHuman');
	// Each item got the job made from its own row (creates may land in any order).
	const jobOfRow = (row: number) => [...sim.jobs.values()].find((job) => String(job.request.audio_url).endsWith(`row=${row}`))?.id;
	expect(output.map((item) => item.json.id)).toEqual([0, 1, 2].map(jobOfRow));
	expect(videosOf(execution)).toHaveLength(3);
	expect(output.every((item) => item.binary?.data?.mimeType === 'video/mp4')).toBe(true);
	expect(n8n.logText()).toMatch(/resumes generation .* created by an earlier try/);
});

test('Retry of a failed execution from the Executions list resumes the jobs instead of paying again', async () => {
	const failed = await waitForExecution(n8n, await runWorkflow(n8n, 'E2eExecutionRetry1', 'Start'));
	expect(failed.status).toBe('error');
	expect(failed.data.resultData.error?.message).toMatch(/still running after 1 s \(Max Wait/);
	expect(failed.data.resultData.error?.description ?? '').toMatch(/resume with the Get operation/);
	expect(sim.requestsTo('create')).toHaveLength(3);
	await waitUntil(() => [...sim.jobs.values()].every((job) => Date.now() > job.createdAt + job.durationMs), { timeoutMs: 30_000 });
	const retried = await n8n.rest<{ id: string; status: string; retryOf: string }>('POST', `/rest/executions/${failed.id}/retry`, { loadWorkflow: false });
	expect(retried.retryOf).toBe(failed.id);
	const execution = await waitForExecution(n8n, retried.id);
	expect(execution.status).toBe('success');
	expect(videosOf(execution)).toHaveLength(3);
	expect(sim.requestsTo('create')).toHaveLength(3);
});

test('a rate-limited batch: 40 items at Max Concurrent Jobs 40 against 10 creates per second, every video, 40 jobs', async () => {
	sim.limitCreates({ creates: 10, windowMs: 1000, retryAfter: true });
	const execution = await waitForExecution(n8n, await runWorkflow(n8n, 'E2eRateLimited1', 'Start'));
	expect(execution.status).toBe('success');
	expect(videosOf(execution)).toHaveLength(40);
	expect(sim.jobs.size).toBe(40);
	expect(sim.requestsTo('create')).toHaveLength(40 + sim.rateLimit!.refused);
	// Before the shared pacer, 40 items against 4 creates per 2 s met 101 429s and failed; now a handful.
	expect(sim.rateLimit!.refused).toBeLessThanOrEqual(10);
});

test('Stop during a rate-limit pause ends the run at once and creates nothing more', async () => {
	sim.limitCreates({ creates: 3, windowMs: 600_000, retryAfter: true });
	const executionId = await runWorkflow(n8n, 'E2eRateLimited1', 'Start');
	await waitUntil(() => (sim.rateLimit?.refused ?? 0) > 0, { timeoutMs: 60_000 });
	// The creates already in flight when the first 429 came back land too; then the batch waits in the pause.
	await new Promise((resolve) => setTimeout(resolve, 500));
	const sent = sim.requestsTo('create').length;
	const { latencyMs, returned } = await stopAndTimeNodeReturn(n8n, executionId, 'OmniHuman', () => n8n.logText().split('\n'));
	console.log(`stop during a rate-limit pause: node returned ${latencyMs} ms after Stop`);
	expect(returned).toBe(1);
	expect(latencyMs).toBeLessThan(1000);
	await new Promise((resolve) => setTimeout(resolve, 500));
	expect(sim.requestsTo('create')).toHaveLength(sent);
	expect(sim.jobs.size).toBe(3);
});

describe('from a script (Audio Source "Text")', () => {
	test('example 6: a script becomes exactly one synthesis whose link is the video job\'s audio_url; the video is downloaded', async () => {
		const execution = await waitForExecution(n8n, await runWorkflow(n8n, 'OmniHumanScript6', "When clicking 'Execute workflow'"));
		expect(execution.status).toBe('success');
		expect(sim.requestsTo('tts')).toHaveLength(1);
		expect(sim.requestsTo('create')).toHaveLength(1);
		const [synthesis] = sim.syntheses;
		const [job] = sim.jobs.values();
		expect(job.request.audio_url).toBe(synthesis.url);
		const [item] = nodeOutput(execution, 'OmniHuman');
		expect(item.json).toMatchObject({ status: 'completed', audioUrl: synthesis.url, speechUsage: expect.any(Object) });
		expect(item.binary?.data?.mimeType).toBe('video/mp4');
	});

	test('example 7: one personalised script, synthesis and VEED job per row', async () => {
		const execution = await waitForExecution(n8n, await runWorkflow(n8n, 'OmniHumanRows7', "When clicking 'Execute workflow'"));
		expect(execution.status).toBe('success');
		expect(videosOf(execution)).toHaveLength(3);
		expect(sim.syntheses.map((synthesis) => synthesis.text)).toEqual(
			expect.arrayContaining(['Alice', 'Bob', 'Carol'].map((name) => expect.stringContaining(`Hi ${name}!`))),
		);
		for (const job of sim.jobs.values()) {
			expect(job.request).toMatchObject({ model: 'veed/fabric-1.0-fast', resolution: '480p' });
			expect(sim.syntheses.map((synthesis) => synthesis.url)).toContain(job.request.audio_url);
		}
	});

	test('an ElevenLabs voice and a Deepgram voice (saved as thalia-en): each one synthesis as the service takes it today, then its video', async () => {
		const execution = await waitForExecution(n8n, await runWorkflow(n8n, 'E2eSpeechFamilies1', "When clicking 'Execute workflow'"));
		expect(execution.status).toBe('success');
		const bodies = sim.requestsTo('tts').map((request) => request.body as Record<string, unknown>);
		expect(bodies).toEqual(
			expect.arrayContaining([
				{ model: 'elevenlabs/eleven_multilingual_v2', text: expect.stringContaining('Rachel'), voice: 'Rachel', stream: false },
				{ model: 'deepgram/aura-2', text: expect.stringContaining('Thalia'), voice: 'thalia', stream: false },
			]),
		);
		expect(bodies).toHaveLength(2);
		expect(videosOf(execution)).toHaveLength(2);
		for (const job of sim.jobs.values()) expect(sim.syntheses.map((synthesis) => synthesis.url)).toContain(job.request.audio_url);
	});

	test('example 11: scripts in Chinese, Spanish and English, each spoken by a voice of its language, then three videos', async () => {
		const execution = await waitForExecution(n8n, await runWorkflow(n8n, 'OmniHumanMultilingual11', "When clicking 'Execute workflow'"));
		expect(execution.status).toBe('success');
		expect(sim.syntheses.map((synthesis) => [synthesis.model, synthesis.voice]).sort()).toEqual([
			['alibaba/qwen3-tts-flash', 'Cherry'],
			['deepgram/aura-2', 'estrella'],
			['openai/tts-1', 'nova'],
		]);
		expect(nodeOutput(execution, 'Video per language').map((item) => [item.json.language, typeof item.json.videoUrl])).toEqual([
			['Chinese', 'string'],
			['Spanish', 'string'],
			['English', 'string'],
		]);
	});

	test('a script too long for the model is refused before any request, naming the field, the estimate and the limit', async () => {
		const execution = await waitForExecution(n8n, await runWorkflow(n8n, 'E2eLongScript1', "When clicking 'Execute workflow'"));
		expect(execution.status).toBe('error');
		expect(execution.data.resultData.error?.message).toMatch(/^Script would take about 48 s to say .*above OmniHuman's audio limit \(under 30 s\)/);
		expect(sim.requests.filter((request) => request.route !== 'video')).toHaveLength(0);
	});
});
