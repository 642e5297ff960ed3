/**
 * The webhook examples served by a real n8n, driven as HTTP clients would: example 3 (waits for the video)
 * and example 5 (202 + status URL). Header Auth, bounded input, and whose fault each error is.
 */
import type { N8nInstance } from '../real-n8n/instance';
import { listExecutions, waitUntilPublished } from '../real-n8n/executions';
import { useRealN8n } from '../real-n8n/useRealN8n';
import { ASYNC_WEBHOOK_WORKFLOW_ID, callWebhook, pollStatus, SYNC_WEBHOOK_WORKFLOW_ID, TEST_WEBHOOK_SECRET, WEBHOOK_AUTH_HEADER } from '../real-n8n/webhookApi';
import type { Simulator } from '../simulator/server';

const PORT = Number(process.env.E2E_N8N_PORT ?? 5696);
const FIVE_MINUTES_MS = 300_000;

let sim: Simulator;
let n8n: N8nInstance;
const url = {
	sync: () => `${n8n.url}/webhook/omnihuman`,
	jobs: () => `${n8n.url}/webhook/omnihuman/jobs`,
	status: () => `${n8n.url}/webhook/omnihuman/jobs/status`,
};
const job = (audioHints = '') => ({ image_url: 'https://images.example.com/a.png', audio_url: `https://audio.example.com/a.mp3${audioHints && `?${audioHints}`}` });

useRealN8n(
	{
		port: PORT,
		folderPrefix: 'omnihuman-webhook-e2e-',
		simulator: { jobDurationMs: 2000, videoBytes: 64 * 1024 },
		publish: [SYNC_WEBHOOK_WORKFLOW_ID, ASYNC_WEBHOOK_WORKFLOW_ID],
	},
	async (started) => {
		({ sim, n8n } = started);
		await waitUntilPublished(n8n, SYNC_WEBHOOK_WORKFLOW_ID);
		await waitUntilPublished(n8n, ASYNC_WEBHOOK_WORKFLOW_ID);
	},
);

describe('Header Auth: a call without the secret, or with a wrong one, is refused by n8n and creates no job', () => {
	const endpoints = [
		['example 3 POST', () => url.sync(), job()],
		['example 5 POST', () => url.jobs(), job()],
		['example 5 status GET', () => `${url.status()}?id=${encodeURIComponent('0b9e0f3c-5b7e-4a62-9d1e-2f5f0c7a9c11:bytedance/omnihuman')}`, undefined],
	] as const;
	const secrets = [
		['no header', null],
		['a wrong secret', 'not-the-secret'],
		['the secret with a different case', TEST_WEBHOOK_SECRET.toUpperCase()],
	] as const;

	test.each(endpoints.flatMap(([endpoint, at, body]) => secrets.map(([how, secret]) => [endpoint, how, at, body, secret] as const)))(
		'%s with %s: 403, no request to the service, no execution',
		async (_endpoint, _how, at, body, secret) => {
			const before = (await listExecutions(n8n, SYNC_WEBHOOK_WORKFLOW_ID)).length + (await listExecutions(n8n, ASYNC_WEBHOOK_WORKFLOW_ID)).length;
			const answer = await callWebhook(at(), { json: body, secret });
			expect(answer.status).toBe(403);
			expect(answer.body.text).toBe('Authorization data is wrong!');
			expect(sim.requestsTo('create')).toHaveLength(0);
			expect(sim.requestsTo('poll')).toHaveLength(0);
			const after = (await listExecutions(n8n, SYNC_WEBHOOK_WORKFLOW_ID)).length + (await listExecutions(n8n, ASYNC_WEBHOOK_WORKFLOW_ID)).length;
			expect(after).toBe(before);
		},
	);
});

describe('example 5, the asynchronous API: POST answers 202 at once, the status URL leads to the video', () => {
	test('POST answers 202 { id, statusUrl } in under 2 s while a 5-minute job has only just been created', async () => {
		const latencies: number[] = [];
		for (let call = 0; call < 5; call++) {
			const answer = await callWebhook(url.jobs(), { json: job(`sim-duration=${FIVE_MINUTES_MS}&caller=${call}`) });
			const answeredAt = Date.now();
			expect(answer.status).toBe(202);
			const created = sim.jobs.get(String(answer.body.id))!;
			expect(created.request.audio_url).toContain(`caller=${call}`);
			expect(answeredAt).toBeLessThan(created.createdAt + created.durationMs);
			const statusUrl = `${url.status()}?id=${encodeURIComponent(created.id)}`;
			expect(answer.body).toEqual({ id: created.id, statusUrl });
			expect(answer.headers.get('location')).toBe(statusUrl);
			latencies.push(answer.ms);
		}
		latencies.sort((a, b) => a - b);
		console.log(`async POST latency over 5 calls (5-minute jobs): median ${latencies[2].toFixed(0)} ms, max ${latencies[4].toFixed(0)} ms`);
		expect(latencies[4]).toBeLessThan(2000);
		expect(sim.requestsTo('create')).toHaveLength(5);

		const running = await callWebhook(String((await callWebhook(url.jobs(), { json: job(`sim-duration=${FIVE_MINUTES_MS}`) })).body.statusUrl));
		expect(running.status).toBe(200);
		expect(running.body).toEqual({ id: expect.stringMatching(/:bytedance\/omnihuman$/), status: 'queued' });
	});

	test('polling the status URL: { status } while running, then { status: "completed", videoUrl }; one job', async () => {
		const accepted = await callWebhook(url.jobs(), { json: job('sim-duration=4000') });
		expect(accepted.status).toBe(202);
		const { answer, seen } = await pollStatus(String(accepted.body.statusUrl), { intervalMs: 200, timeoutMs: 30_000 });
		const [created] = sim.jobs.values();
		expect(answer.status).toBe(200);
		expect(answer.body).toEqual({ id: created.id, status: 'completed', videoUrl: `${sim.videoOrigin}/videos/${created.uuid}.mp4` });
		expect(seen.length).toBeGreaterThanOrEqual(2);
		expect(seen.slice(0, -1).every((status) => ['queued', 'generating'].includes(status))).toBe(true);
		expect(sim.requestsTo('create')).toHaveLength(1);
	});

	test('a job that failed: the status answers 502 { id, status: "failed", error } with the service\'s message', async () => {
		const accepted = await callWebhook(url.jobs(), { json: job('sim-duration=300&sim-outcome=error-message') });
		const { answer } = await pollStatus(String(accepted.body.statusUrl), { intervalMs: 200, timeoutMs: 30_000 });
		expect(answer.status).toBe(502);
		expect(answer.body).toMatchObject({ id: accepted.body.id, status: 'failed', error: expect.stringMatching(/No face was detected in the image/) });
		expect(answer.body.error).toContain(String(accepted.body.id));
		expect(sim.requestsTo('create')).toHaveLength(1);
	});

	test('the service refusing the status read: 502 with the id and no "failed" (poll again)', async () => {
		const accepted = await callWebhook(url.jobs(), { json: job(`sim-duration=${FIVE_MINUTES_MS}`) });
		sim.faults.add('poll', { type: 'status', status: 401 });
		const answer = await callWebhook(String(accepted.body.statusUrl));
		expect(answer.status).toBe(502);
		expect(answer.body).toEqual({ id: accepted.body.id, error: expect.stringMatching(/API key \(HTTP 401\)/) });
	});

	test('the service down (503 on every read): the status answers 502 after Get\'s Request Timeout of 20 s, not after the job', async () => {
		const accepted = await callWebhook(url.jobs(), { json: job(`sim-duration=${FIVE_MINUTES_MS}`) });
		sim.faults.add('poll', { type: 'status', status: 503 }, 1000);
		const answer = await callWebhook(String(accepted.body.statusUrl));
		console.log(`status read with the service down answered ${answer.status} after ${(answer.ms / 1000).toFixed(1)} s`);
		expect(answer.status).toBe(502);
		expect(answer.body).toEqual({ id: accepted.body.id, error: expect.stringMatching(/within 20 s \(Request Timeout\).*HTTP 503/) });
		expect(sim.requestsTo('poll').length).toBeGreaterThan(1);
	}, 60_000);

	test('an id the service does not know answers 404 naming it', async () => {
		const id = '0b9e0f3c-5b7e-4a62-9d1e-2f5f0c7a9c11:bytedance/omnihuman';
		const answer = await callWebhook(`${url.status()}?id=${encodeURIComponent(id)}`);
		expect(answer.status).toBe(404);
		expect(answer.body).toMatchObject({ id, error: expect.stringMatching(/does not know this generation/) });
	});

	test('the service refusing the create: 502 with its reason, no id (no job exists)', async () => {
		sim.faults.add('create', { type: 'status', status: 403, message: 'Insufficient credits: top up your balance' });
		const answer = await callWebhook(url.jobs(), { json: job() });
		expect(answer.status).toBe(502);
		expect(answer.body).toEqual({ error: expect.stringMatching(/HTTP 403.*Insufficient credits/) });
		expect(sim.requestsTo('create')).toHaveLength(1);
	});
});

describe('bounded input: a caller\'s mistake answers 400 naming the field, and nothing reaches the service', () => {
	const cases: Array<[string, Parameters<typeof callWebhook>[1], string]> = [
		['image_url missing', { json: { audio_url: 'https://audio.example.com/a.mp3' } }, 'image_url'],
		['audio_url missing', { json: { image_url: 'https://images.example.com/a.png' } }, 'audio_url'],
		['image_url empty', { json: { ...job(), image_url: ' ' } }, 'image_url'],
		['audio_url a number', { json: { ...job(), audio_url: 42 } }, 'audio_url'],
		['audio_url ftp:', { json: { ...job(), audio_url: 'ftp://audio.example.com/a.mp3' } }, 'audio_url'],
		['image_url javascript:', { json: { ...job(), image_url: 'javascript:alert(1)' } }, 'image_url'],
		['image_url not a URL', { json: { ...job(), image_url: 'portrait.png' } }, 'image_url'],
		['image_url that only the node sees is no URL (space in the host)', { json: { ...job(), image_url: 'https://images.exa mple.com/a.png' } }, 'image_url'],
		['a JSON list instead of an object', { json: [job()] }, 'body'],
		['a body over 16 kB', { json: { ...job(), notes: 'x'.repeat(20_000) } }, 'body'],
		['content-type text/plain', { text: JSON.stringify(job()), contentType: 'text/plain' }, 'content-type'],
		['a form instead of JSON', { text: new URLSearchParams(job()).toString(), contentType: 'application/x-www-form-urlencoded' }, 'content-type'],
		['no content-type', { text: JSON.stringify(job()) }, 'content-type'],
	];

	test.each(cases.flatMap(([what, call, field]) => (['sync', 'jobs'] as const).map((endpoint) => [endpoint, what, field, call] as const)))(
		'%s: %s → 400 { field: "%s" }',
		async (endpoint, _what, field, call) => {
			const answer = await callWebhook(url[endpoint](), { ...call, method: 'POST' });
			expect(answer.status).toBe(400);
			expect(answer.body).toEqual({ field, error: expect.stringContaining(field) });
			expect(sim.requestsTo('create')).toHaveLength(0);
		},
	);

	test('the status URL without an id, or with two: 400 { field: "id" }', async () => {
		for (const query of ['', '?id=', '?id=a&id=b']) {
			const answer = await callWebhook(`${url.status()}${query}`);
			expect(answer).toMatchObject({ status: 400, body: { field: 'id', error: expect.stringContaining('id') } });
		}
		expect(sim.requestsTo('poll')).toHaveLength(0);
	});

	test('what n8n refuses before the workflow runs: malformed JSON (422), a body over N8N_PAYLOAD_SIZE_MAX (16 MiB)', async () => {
		const malformed = await callWebhook(url.jobs(), { text: '{"image_url": ', contentType: 'application/json' });
		expect(malformed.status).toBe(422);
		const huge = await callWebhook(url.jobs(), { json: { ...job(), notes: 'x'.repeat(17 * 1024 * 1024) } });
		expect(huge.status).toBeGreaterThanOrEqual(400);
		expect(sim.requestsTo('create')).toHaveLength(0);
	});
});

describe('example 3, the synchronous API (waits for the video)', () => {
	test('a POST gets the video URL back', async () => {
		const answer = await callWebhook(url.sync(), { json: job() });
		expect(answer.status).toBe(200);
		const [created] = sim.jobs.values();
		expect(answer.body).toMatchObject({ id: created.id, videoUrl: `${sim.videoOrigin}/videos/${created.uuid}.mp4` });
	});

	test('concurrent POSTs each get their own video, one job each', async () => {
		const calls = await Promise.all(Array.from({ length: 6 }, (_, index) => callWebhook(url.sync(), { json: job(`caller=${index}`) })));
		expect(calls.map((answer) => answer.status)).toEqual(Array(6).fill(200));
		for (const [index, { body }] of calls.entries()) {
			const created = sim.jobs.get(String(body.id));
			expect(created?.request.audio_url).toBe(`https://audio.example.com/a.mp3?caller=${index}`);
			expect(body.videoUrl).toBe(`${sim.videoOrigin}/videos/${created?.uuid}.mp4`);
		}
		expect(sim.requestsTo('create')).toHaveLength(6);
	});

	test('a failed job answers 502 { error, id } with the service\'s message', async () => {
		const answer = await callWebhook(url.sync(), { json: job('sim-outcome=failed-detail&sim-duration=300') });
		const [created] = sim.jobs.values();
		expect(answer.status).toBe(502);
		expect(answer.body).toEqual({ id: created.id, error: expect.stringMatching(/Audio longer than 30 seconds/) });
		expect(answer.body.error).toContain(created.id);
	});
});

test(`the secret never reaches the service: the simulator saw no ${WEBHOOK_AUTH_HEADER} header`, async () => {
	await callWebhook(url.jobs(), { json: job() });
	expect(sim.requests.length).toBeGreaterThan(0);
	for (const request of sim.requests) expect(JSON.stringify(request.headers)).not.toContain(TEST_WEBHOOK_SECRET);
});
