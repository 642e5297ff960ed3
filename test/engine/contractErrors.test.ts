import type { Fault } from '../simulator/faults';
import { NODE } from '../harness/workflows';
import { createAndWait, FAST, IMAGE_URL, AUDIO_URL, useFixture } from '../support/fixture';

const fx = useFixture();

/** The OmniHuman node's error from a failed run (continue-on-fail off). */
async function failure(parameters = createAndWait()) {
	const result = await fx.run(parameters);
	const error = result.nodeError(NODE);
	expect(result.status).toBe('error');
	expect(error).toBeDefined();
	return { error: error!, result, id: [...fx.sim.jobs.values()][0]?.id };
}

describe('on create (no job exists yet: no generation id in the error)', () => {
	test('400: fails with what the service said, sent once', async () => {
		fx.sim.faults.add('create', { type: 'status', status: 400, message: 'Body validation error!' });
		const { error } = await failure();
		expect(error.message).toMatch(/rejected the request \(HTTP 400\): Body validation error!/);
		expect((error as { httpCode?: string }).httpCode).toBe('400');
		expect(error.message).not.toMatch(/\[generation/);
		expect(fx.sim.requestsTo('create')).toHaveLength(1);
	});

	test('401: points at the API key in the credential', async () => {
		const result = await fx.run(createAndWait(), { credentials: fx.credentials({ apiKey: 'wrong-key' }) });
		const error = result.nodeError(NODE)!;
		expect(error.message).toMatch(/did not accept the API key \(HTTP 401\)/);
		expect(error.description).toMatch(/API Key in the node's 'AI\/ML API' credential/);
		expect(fx.sim.jobs.size).toBe(0);
	});

	test('401 with statusCode as a string in the envelope', async () => {
		fx.sim.faults.add('create', { type: 'status', status: 401, statusCodeAsString: true, message: 'Invalid key' });
		const { error } = await failure();
		expect(error.message).toMatch(/HTTP 401/);
		expect(error.description).toMatch(/Invalid key/);
	});

	test('403: says credits', async () => {
		fx.sim.balance = 0;
		const { error } = await failure();
		// The simulator answers with the service's wording (the contract): "You've run out of credits…".
		expect(error.message).toMatch(/no credits left or not allowed \(HTTP 403\): You've run out of credits/);
	});

	test.each([
		['429 with Retry-After', { type: 'status', status: 429, retryAfter: '0' } as Fault],
		['429 with an HTTP-date Retry-After', { type: 'status', status: 429, retryAfter: new Date(Date.now() - 1000).toUTCString() } as Fault],
		['429 without Retry-After', { type: 'status', status: 429 } as Fault],
	])('%s: waits and sends again (no job was made), then succeeds', async (_label, fault) => {
		fx.sim.faults.add('create', fault, 2);
		const result = await fx.run(createAndWait());
		expect(result.json(NODE)[0]).toMatchObject({ status: 'completed' });
		expect(fx.sim.requestsTo('create')).toHaveLength(3);
		expect(fx.sim.jobs.size).toBe(1);
	});

	test('429 that never ends: gives up at Max Rate-Limit Wait, saying no job was created', async () => {
		fx.sim.faults.add('create', { type: 'status', status: 429, retryAfter: '1' }, 100);
		const { error } = await failure(createAndWait({ maxRateLimitWait: 2.5 }));
		expect(error.message).toMatch(/still rate limited after 2.5 s \(Max Rate-Limit Wait\)/);
		expect(error.description).toMatch(/No job was created/);
		// Sent at 0, 1 and 2 s (Retry-After: 1); at 2.5 s its time is up.
		expect(fx.sim.requestsTo('create')).toHaveLength(3);
	});

	test.each([
		['500', { type: 'status', status: 500 } as Fault],
		['502 HTML page', { type: 'html', status: 502 } as Fault],
		['503', { type: 'status', status: 503 } as Fault],
		['a dropped connection', { type: 'drop' } as Fault],
		['malformed JSON', { type: 'malformed' } as Fault],
	])('%s: never sent again, the user is told a job may exist', async (_label, fault) => {
		fx.sim.faults.add('create', fault);
		const { error } = await failure();
		expect(error.description).toMatch(/may have been created.*not sent again/s);
		expect(fx.sim.requestsTo('create')).toHaveLength(1);
	});

	test('a create that hangs times out and is not sent again', async () => {
		fx.sim.faults.add('create', { type: 'hang' });
		const { error } = await failure(createAndWait({ requestTimeout: 0.3 }));
		expect(error.message).toMatch(/did not answer in time/);
		expect(fx.sim.requestsTo('create')).toHaveLength(1);
	});

	test('504 on create fails', async () => {
		fx.sim.faults.add('create', { type: 'status', status: 504 });
		const { error } = await failure();
		expect(error.message).toMatch(/HTTP 504.*Generation timeout/);
		expect(fx.sim.requestsTo('create')).toHaveLength(1);
	});

	test('connection refused: says the service is unreachable', async () => {
		const result = await fx.run(createAndWait(), { credentials: fx.credentials({ baseUrl: 'http://127.0.0.1:9' }) });
		const error = result.nodeError(NODE)!;
		expect(error.message).toMatch(/Could not connect to the AI\/ML API/);
		expect(error.description).toMatch(/Base URL/);
	});
});

describe('while polling (the job exists: every error names it)', () => {
	test.each([
		['429 with Retry-After', { type: 'status', status: 429, retryAfter: '0' } as Fault],
		['429 without Retry-After', { type: 'status', status: 429 } as Fault],
		['500', { type: 'status', status: 500 } as Fault],
		['502 HTML page', { type: 'html', status: 502 } as Fault],
		['503', { type: 'status', status: 503 } as Fault],
		['a dropped connection', { type: 'drop' } as Fault],
		['malformed JSON', { type: 'malformed' } as Fault],
	])('%s is retried; the job is not abandoned and not created twice', async (_label, fault) => {
		fx.sim.faults.add('poll', fault, 3);
		const result = await fx.run(createAndWait());
		expect(result.json(NODE)[0]).toMatchObject({ status: 'completed' });
		expect(fx.sim.requestsTo('create')).toHaveLength(1);
		expect(fx.sim.requestsTo('poll').length).toBeGreaterThanOrEqual(4);
	});

	test('a poll that hangs times out and is retried', async () => {
		fx.sim.faults.add('poll', { type: 'hang' });
		const result = await fx.run(createAndWait({ requestTimeout: 0.3 }));
		expect(result.json(NODE)[0]).toMatchObject({ status: 'completed' });
		expect(fx.sim.requestsTo('create')).toHaveLength(1);
	});

	test('504 "Generation timeout" fails with the id', async () => {
		fx.sim.faults.add('poll', { type: 'status', status: 504 });
		const { error, id } = await failure();
		expect(error.message).toMatch(/HTTP 504.*Generation timeout/);
		expect(error.message).toContain(`[generation ${id}]`);
	});

	test.each([
		[401, /API key/],
		[403, /credits/],
	])('%i fails with the id', async (status, message) => {
		fx.sim.faults.add('poll', { type: 'status', status });
		const { error, id } = await failure();
		expect(error.message).toMatch(message);
		expect(error.message).toContain(id);
	});

	test('status "error" with {name, message} fails with the service message and the id', async () => {
		fx.sim.nextOutcomes.push('error-message');
		const { error, id } = await failure();
		expect(error.message).toMatch(/The generation failed \(status "error"\): GenerationError: No face was detected in the image/);
		expect(error.message).toContain(id);
		expect(error.description).toContain(`Generation ID: ${id}`);
	});

	test('status "failed" with {detail: [...]} fails with the details and the id', async () => {
		fx.sim.nextOutcomes.push('failed-detail');
		const { error, id } = await failure();
		expect(error.message).toMatch(/status "failed"\): body\.audio_url: Audio longer than 30 seconds/);
		expect(error.message).toContain(id);
	});

	test('unknown statuses count as running until Max Wait, then the id and last status are given', async () => {
		fx.sim.nextOutcomes.push('unknown-status');
		const { error, id } = await failure(createAndWait({ maxWait: 1.5 }));
		expect(error.message).toBe(`Generation ${id} is still running after 1.5 s (Max Wait; last status "rendering")`);
		const [job] = fx.sim.jobs.values();
		expect(job.reportedStatuses.slice(0, 3)).toEqual(['waiting', 'active', 'rendering']);
	});

	test('completed without a video URL fails with the id', async () => {
		fx.sim.nextOutcomes.push('completed-no-url');
		const { error, id } = await failure();
		expect(error.message).toMatch(/"completed" but the service returned no video URL/);
		expect(error.message).toContain(id);
	});
});

describe('Get of an unknown generation', () => {
	test('404 names the id and says to check it', async () => {
		const result = await fx.run({ operation: 'get', generationId: 'no-such-id:bytedance/omnihuman', options: FAST });
		const error = result.nodeError(NODE)!;
		expect(error.message).toMatch(/does not know this generation \(HTTP 404\).*\[generation no-such-id:bytedance\/omnihuman\]/);
		expect(error.description).toMatch(/Check the Generation ID/);
	});
});

describe('video download', () => {
	test.each([403, 404])('HTTP %i fails with the id and says how to get a fresh link', async (status) => {
		fx.sim.faults.add('video', { type: 'status', status });
		const { error, id } = await failure(createAndWait({ downloadVideo: true }));
		expect(error.message).toMatch(new RegExp(`Could not download the video \\(HTTP ${status}\\)`));
		expect(error.message).toContain(id);
		expect(error.description).toMatch(/run Get with this Generation ID/);
	});

	test('a download that breaks off mid-way fails with the id', async () => {
		fx.sim.videoBytes = 2_000_000;
		fx.sim.faults.add('video', { type: 'drop' });
		const { error, id } = await failure(createAndWait({ downloadVideo: true }));
		expect(error.message).toMatch(/broke off/);
		expect(error.message).toContain(id);
	});

	test('a video above Max Video Size is refused before it is stored', async () => {
		fx.sim.videoBytes = 3 * 1024 * 1024;
		const { error } = await failure(createAndWait({ downloadVideo: true, maxVideoSizeMb: 1 }));
		expect(error.message).toMatch(/The video is 3\.0 MB, above Max Video Size \(1\.0 MB\)/);
	});
});

test('requests go only to the Base URL, the id encoded as a query parameter', async () => {
	await fx.run(createAndWait());
	const paths = new Set(fx.sim.requests.filter((request) => request.route !== 'video').map((request) => `${request.method} ${request.path}`));
	expect([...paths].sort()).toEqual(['GET /v2/video/generations', 'POST /v2/video/generations']);
	expect(IMAGE_URL && AUDIO_URL).toBeTruthy();
});
