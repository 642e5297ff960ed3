import { call, createVideo, readLogs } from '../simulator/client';
import { startSimulator, type Simulator } from '../simulator/server';
import type { UsageLogRow } from '../simulator/usageLogs';

/** The simulator's `GET /v2/logs`: what it lists and when, the query rules, paging, auth, faults and its read limit. */
let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator({ jobDurationMs: 60_000 });
});
beforeEach(() => sim.reset());
afterAll(async () => await sim.close());

const IMAGE_URL = 'https://images.example.com/portrait.png';
const AUDIO_URL = 'https://audio.example.com/speech.mp3';
const OMNIHUMAN = { model: 'bytedance/omnihuman', image_url: IMAGE_URL, audio_url: AUDIO_URL };
const SPEECH = { model: 'openai/tts-1', text: 'Hello there.', voice: 'nova' };
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));
const rowsOf = (answer: { json: Record<string, unknown> }) => answer.json.data as UsageLogRow[];
const paginationOf = (answer: { json: Record<string, unknown> }) => answer.json.pagination;
const createdMs = (rows: UsageLogRow[]) => rows.map((row) => Date.parse(row.created));

describe('what is listed, and when', () => {
	test('an empty ledger: no rows and the default page', async () => {
		const answer = await readLogs(sim);
		expect(answer.status).toBe(200);
		expect(answer.json).toEqual({
			data: [],
			pagination: { limit: 50, offset: 0, total: 0, has_more: false },
		});
	});

	test('a speech synthesis is listed at once, succeeded with its cost and client request id', async () => {
		const spoken = await call(sim, '/v1/tts', {
			method: 'POST',
			body: SPEECH,
			headers: { 'x-client-request-id': 'speech.1' },
		});
		const [synthesis] = sim.syntheses;
		const answer = await readLogs(sim);
		expect(rowsOf(answer)).toEqual([
			{
				created: new Date(synthesis.at).toISOString(),
				status: 'succeeded',
				origin: 'api',
				model: 'openai/tts-1',
				cost: { usd: 0.00018, credits: 360 }, // 12 characters at $15 per 1,000,000
				tokens: { input: 0, output: 0, total: 0 },
				request_id: synthesis.requestId,
				inference_id: spoken.headers.get('x-inference-id'),
				client_request_id: 'speech.1',
			},
		]);
		expect(synthesis.requestId).toMatch(/^[0-9a-f-]{36}$/);
	});

	test('a synthesis answered with raw bytes (no charge in the answer) is listed with its cost', async () => {
		sim.ttsAnswer = { shape: 'bytes', status: 200 };
		await call(sim, '/v1/tts', { method: 'POST', body: SPEECH });
		expect(rowsOf(await readLogs(sim))).toEqual([
			expect.objectContaining({
				inference_id: sim.syntheses[0].id,
				cost: { usd: 0.00018, credits: 360 }, // 12 characters at $15 per 1,000,000
				client_request_id: null,
			}),
		]);
	});

	test('a running job is not listed; once its time has passed it is, though nobody polled it', async () => {
		const created = await createVideo(
			sim,
			{ ...OMNIHUMAN, audio_url: `${AUDIO_URL}?sim-duration=400` },
			{ 'x-client-request-id': 'omh1:w:e:0-0:v:key' },
		);
		expect(rowsOf(await readLogs(sim))).toEqual([]);
		await sleep(450);
		const [job] = sim.jobs.values();
		expect(rowsOf(await readLogs(sim))).toEqual([
			{
				created: new Date(job.createdAt).toISOString(),
				status: 'succeeded',
				origin: 'api',
				model: 'bytedance/omnihuman',
				cost: { usd: 2.94, credits: 5_880_000 },
				tokens: { input: 0, output: 0, total: 0 },
				request_id: job.requestId,
				inference_id: created.json.id,
				client_request_id: 'omh1:w:e:0-0:v:key',
			},
		]);
		expect(sim.requestsTo('poll')).toHaveLength(0);
	});

	test.each(['error-message', 'failed-detail'])(
		'a job ending %s is listed failed with zero cost',
		async (outcome) => {
			await createVideo(sim, {
				...OMNIHUMAN,
				audio_url: `${AUDIO_URL}?sim-duration=0&sim-outcome=${outcome}`,
			});
			const [job] = sim.jobs.values();
			expect(rowsOf(await readLogs(sim))).toEqual([
				expect.objectContaining({
					status: 'failed',
					model: 'bytedance/omnihuman',
					cost: { usd: 0, credits: 0 },
					inference_id: job.id,
					client_request_id: null,
				}),
			]);
		},
	);

	test('a job that never finishes is never listed; a priced one is listed at its price', async () => {
		await createVideo(sim, {
			...OMNIHUMAN,
			audio_url: `${AUDIO_URL}?sim-duration=0&sim-outcome=stuck`,
		});
		await createVideo(sim, {
			...OMNIHUMAN,
			audio_url: `${AUDIO_URL}?sim-duration=0&sim-price=0.63`,
		});
		expect(rowsOf(await readLogs(sim)).map((row) => row.cost)).toEqual([
			{ usd: 0.63, credits: 1_260_000 },
		]);
	});

	test('newest first, by when the request was made', async () => {
		sim.usageLogs.add([{ created: Date.now() - 2 * HOUR, model: 'klingai/avatar-pro' }]);
		await call(sim, '/v1/tts', { method: 'POST', body: SPEECH });
		await sleep(5);
		await createVideo(sim, { ...OMNIHUMAN, audio_url: `${AUDIO_URL}?sim-duration=0` });
		sim.usageLogs.add([{ created: Date.now() - HOUR, model: 'veed/fabric-1.0' }]);
		const rows = rowsOf(await readLogs(sim));
		expect(rows.map((row) => row.model)).toEqual([
			'bytedance/omnihuman',
			'openai/tts-1',
			'veed/fabric-1.0',
			'klingai/avatar-pro',
		]);
		expect(sim.usageLogs.rows()).toEqual(rows);
	});

	test('seeded rows take the model’s price, zero when failed, or what they say', () => {
		const [succeeded, failed, priced] = sim.usageLogs.add([
			{ model: 'bytedance/omnihuman/v1.5' },
			{ model: 'bytedance/omnihuman/v1.5', status: 'failed' },
			{
				model: 'openai/tts-1',
				usd: 0.02,
				client_request_id: 'mine',
				created: '2026-07-02T03:04:05Z',
			},
		]);
		expect(succeeded).toMatchObject({
			status: 'succeeded',
			cost: { usd: 2.52, credits: 5_040_000 },
			inference_id: expect.stringMatching(/^[0-9a-f-]{36}:bytedance\/omnihuman\/v1\.5$/),
		});
		expect(failed).toMatchObject({ status: 'failed', cost: { usd: 0, credits: 0 } });
		expect(priced).toMatchObject({
			created: '2026-07-02T03:04:05.000Z',
			cost: { usd: 0.02, credits: 40_000 },
			client_request_id: 'mine',
		});
	});

	test('reset() forgets seeded rows', async () => {
		sim.usageLogs.seed(3);
		expect(paginationOf(await readLogs(sim))).toMatchObject({ total: 3 });
		sim.reset();
		expect(paginationOf(await readLogs(sim))).toMatchObject({ total: 0 });
	});
});

describe('the window: period or start + end', () => {
	beforeEach(() => {
		const now = Date.now();
		sim.usageLogs.add([
			{ created: now - HOUR, request_id: 'hour' },
			{ created: now - 25 * HOUR, request_id: 'day' },
			{ created: now - 6 * DAY, request_id: 'week' },
			{ created: now - 80 * DAY, request_id: 'season' },
		]);
	});
	const listed = async (query: Record<string, string> | string) =>
		rowsOf(await readLogs(sim, query)).map((row) => row.request_id);

	test('without either: the last 24 hours', async () => {
		expect(await listed({})).toEqual(['hour']);
	});

	test.each([
		['2h', ['hour']],
		['26h', ['hour', 'day']],
		['7d', ['hour', 'day', 'week']],
		['92d', ['hour', 'day', 'week', 'season']],
	])('period=%s', async (period, expected) => {
		expect(await listed({ period })).toEqual(expected);
	});

	test.each(['0h', '-1d', '1.5h', '7w', 'h', '24', ' 24h', '93d'])(
		'period=%p is a 400',
		async (period) => {
			const answer = await readLogs(sim, { period });
			expect(answer.status).toBe(400);
			expect(answer.json).toMatchObject({
				statusCode: 400,
				path: '/v2/logs',
				message: expect.stringMatching(/period|92 days/),
			});
		},
	);

	test('start + end, UTC when no offset, an offset honoured, both ends included', async () => {
		sim.usageLogs.add([{ created: '2026-07-02T03:04:05Z', request_id: 'july' }]);
		expect(await listed({ start: '2026-07-02T03:04:05', end: '2026-07-02T03:04:05' })).toEqual([
			'july',
		]);
		expect(
			await listed({ start: '2026-07-02T05:00:00+02:00', end: '2026-07-02T05:10:00+02:00' }),
		).toEqual(['july']);
		expect(await listed({ start: '2026-07-02T04:00:00', end: '2026-07-02T05:00:00' })).toEqual([]);
		expect(await listed({ start: '2026-07-02', end: '2026-07-03' })).toEqual(['july']);
	});

	test('92 days is the longest window', async () => {
		expect(
			(await readLogs(sim, { start: '2026-01-01T00:00:00Z', end: '2026-04-03T00:00:00Z' })).status,
		).toBe(200);
		const over = await readLogs(sim, {
			start: '2026-01-01T00:00:00Z',
			end: '2026-04-03T00:00:01Z',
		});
		expect(over.status).toBe(400);
		expect(over.json.message).toMatch(/at most 92 days/);
	});

	test.each([
		[
			'period and start + end',
			{ period: '24h', start: '2026-07-01T00:00:00Z', end: '2026-07-02T00:00:00Z' },
			/not both/,
		],
		['period and start', { period: '24h', start: '2026-07-01T00:00:00Z' }, /not both/],
		['start alone', { start: '2026-07-01T00:00:00Z' }, /together/],
		['end alone', { end: '2026-07-01T00:00:00Z' }, /together/],
		[
			'end before start',
			{ start: '2026-07-02T00:00:00Z', end: '2026-07-01T23:59:59Z' },
			/before start/,
		],
		[
			'a start that is not a date',
			{ start: 'yesterday', end: '2026-07-01T00:00:00Z' },
			/start must be an ISO-8601/,
		],
		[
			'a day that does not exist',
			{ start: '2026-02-30', end: '2026-03-01' },
			/start must be an ISO-8601/,
		],
		[
			'an end that is not a date',
			{ start: '2026-07-01T00:00:00Z', end: '2026-07-01T25:00:00Z' },
			/end must be an ISO-8601/,
		],
	])('%s: 400', async (_label, query, message) => {
		const answer = await readLogs(sim, query);
		expect(answer.status).toBe(400);
		expect(answer.json.message).toMatch(message);
	});

	test('period given twice: 400', async () => {
		expect(
			(
				await readLogs(sim, [
					['period', '24h'],
					['period', '7d'],
				])
			).status,
		).toBe(400);
	});
});

describe('filters: model and status', () => {
	beforeEach(() => {
		const now = Date.now();
		sim.usageLogs.add([
			{ created: now - 1000, model: 'bytedance/omnihuman', request_id: 'o1' },
			{ created: now - 2000, model: 'klingai/avatar-pro', request_id: 'k1', status: 'failed' },
			{ created: now - 3000, model: 'bytedance/omnihuman', request_id: 'o2', status: 'failed' },
			{ created: now - 4000, model: 'veed/fabric-1.0', request_id: 'v1' },
		]);
	});
	const listed = async (query: Array<[string, string]>) => {
		const answer = await readLogs(sim, query);
		expect(answer.status).toBe(200);
		return rowsOf(answer).map((row) => row.request_id);
	};

	test('model: an exact id; repeated for several', async () => {
		expect(await listed([['model', 'bytedance/omnihuman']])).toEqual(['o1', 'o2']);
		expect(
			await listed([
				['model', 'bytedance/omnihuman'],
				['model', 'veed/fabric-1.0'],
			]),
		).toEqual(['o1', 'o2', 'v1']);
		expect(await listed([['model', 'bytedance']])).toEqual([]);
	});

	test('model: a comma list matches nothing (200, no rows)', async () => {
		expect(await listed([['model', 'bytedance/omnihuman,veed/fabric-1.0']])).toEqual([]);
	});

	test('model: up to 50; 51 is a 400', async () => {
		const fifty = Array.from({ length: 49 }, (_, index): [string, string] => [
			'model',
			`m${index}`,
		]);
		expect(await listed([...fifty, ['model', 'veed/fabric-1.0']])).toEqual(['v1']);
		const answer = await readLogs(sim, [...fifty, ['model', 'x'], ['model', 'veed/fabric-1.0']]);
		expect(answer.status).toBe(400);
		expect(answer.json.message).toMatch(/50/);
	});

	test('status: one or repeated', async () => {
		expect(await listed([['status', 'failed']])).toEqual(['k1', 'o2']);
		expect(await listed([['status', 'succeeded']])).toEqual(['o1', 'v1']);
		expect(
			await listed([
				['status', 'succeeded'],
				['status', 'failed'],
			]),
		).toEqual(['o1', 'k1', 'o2', 'v1']);
		expect(
			await listed([
				['status', 'failed'],
				['model', 'bytedance/omnihuman'],
			]),
		).toEqual(['o2']);
	});

	test.each([
		['a comma list', 'succeeded,failed', /not a comma list/],
		['an unknown status', 'completed', /one of: succeeded, failed/],
		['an empty status', '', /one of/],
	])('status: %s is a 400', async (_label, status, message) => {
		const answer = await readLogs(sim, [['status', status]]);
		expect(answer.status).toBe(400);
		expect(answer.json.message).toMatch(message);
	});
});

describe('paging', () => {
	test('over 250 seeded rows: limit 100, offsets 0/100/200, has_more and total, newest first, no row twice', async () => {
		const seeded = sim.usageLogs.seed(250, { spacingMs: 1000 });
		const pages = [];
		for (const offset of [0, 100, 200])
			pages.push(await readLogs(sim, { limit: '100', offset: String(offset) }));
		expect(pages.map(paginationOf)).toEqual([
			{ limit: 100, offset: 0, total: 250, has_more: true },
			{ limit: 100, offset: 100, total: 250, has_more: true },
			{ limit: 100, offset: 200, total: 250, has_more: false },
		]);
		const rows = pages.flatMap(rowsOf);
		expect(pages.map((page) => rowsOf(page).length)).toEqual([100, 100, 50]);
		expect(rows.map((row) => row.inference_id)).toEqual(seeded.map((row) => row.inference_id));
		expect(new Set(rows.map((row) => row.request_id)).size).toBe(250);
		const times = createdMs(rows);
		expect(times.every((time, index) => index === 0 || time < times[index - 1])).toBe(true);
	});

	test('the default limit is 50', async () => {
		sim.usageLogs.seed(60);
		const answer = await readLogs(sim);
		expect(rowsOf(answer)).toHaveLength(50);
		expect(paginationOf(answer)).toEqual({ limit: 50, offset: 0, total: 60, has_more: true });
	});

	test('an offset past the end: no rows, no more', async () => {
		sim.usageLogs.seed(3);
		const answer = await readLogs(sim, { offset: '3' });
		expect(answer.json).toEqual({
			data: [],
			pagination: { limit: 50, offset: 3, total: 3, has_more: false },
		});
	});

	test.each(['1', '100'])('limit=%s is taken', async (limit) => {
		sim.usageLogs.seed(120);
		const answer = await readLogs(sim, { limit });
		expect(rowsOf(answer)).toHaveLength(Number(limit));
		expect(paginationOf(answer)).toMatchObject({ limit: Number(limit), has_more: true });
	});

	test.each([
		['limit', '0'],
		['limit', '101'],
		['limit', '-5'],
		['limit', '2.5'],
		['limit', 'ten'],
		['limit', ''],
		['offset', '-1'],
		['offset', '1.5'],
		['offset', 'x'],
	])('%s=%p is a 400', async (name, value) => {
		const answer = await readLogs(sim, { [name]: value });
		expect(answer.status).toBe(400);
		expect(answer.json.message).toMatch(new RegExp(`^${name} must be`));
	});
});

describe('auth, faults and the read limit', () => {
	test('401 without a key or with a wrong one', async () => {
		sim.usageLogs.seed(1);
		for (const key of [null, 'wrong-key']) {
			const answer = await readLogs(sim, {}, key);
			expect(answer.status).toBe(401);
			expect(answer.json).toMatchObject({ statusCode: 401, path: '/v2/logs' });
			expect(answer.json.data).toBeUndefined();
		}
	});

	test.each([500, 403])(
		'a scripted %i fault answers once, then the ledger again',
		async (status) => {
			sim.usageLogs.seed(2);
			sim.faults.add('logs', { type: 'status', status });
			const faulted = await readLogs(sim);
			expect(faulted.status).toBe(status);
			expect(faulted.json).toMatchObject({ statusCode: status, path: '/v2/logs' });
			const next = await readLogs(sim);
			expect(next.status).toBe(200);
			expect(paginationOf(next)).toMatchObject({ total: 2 });
		},
	);

	test('the 201st read within 60 s is a 429 with Retry-After', async () => {
		const statuses: number[] = [];
		const firstReadAt = Date.now();
		for (let read = 0; read < 200; read++) statuses.push((await readLogs(sim)).status);
		expect(statuses.every((status) => status === 200)).toBe(true);
		const limited = await readLogs(sim);
		const secondsSinceFirst = (Date.now() - firstReadAt) / 1000;
		expect(limited.status).toBe(429);
		expect(limited.json).toMatchObject({ statusCode: 429, path: '/v2/logs' });
		// Until the first read leaves the 60 s window, in whole seconds (however long the 200 reads took).
		const retryAfter = Number(limited.headers.get('retry-after'));
		expect(retryAfter).toBeGreaterThanOrEqual(Math.floor(60 - secondsSinceFirst));
		expect(retryAfter).toBeLessThanOrEqual(60);
		expect(sim.usageLogs.refusedReads).toBe(1);
	});

	test('a configurable limit: reads per window, then free again once the window has slid past', async () => {
		const limited = await startSimulator({ logReadLimit: { reads: 3, windowMs: 300 } });
		try {
			const statuses = [];
			for (let read = 0; read < 4; read++) statuses.push((await readLogs(limited)).status);
			expect(statuses).toEqual([200, 200, 200, 429]);
			expect((await readLogs(limited)).headers.get('retry-after')).toBe('1');
			await sleep(320);
			expect((await readLogs(limited)).status).toBe(200);
		} finally {
			await limited.close();
		}
	});

	test('reads refused for a missing key do not use up the limit', async () => {
		sim.usageLogs.readLimit = { reads: 2, windowMs: 60_000 };
		for (let read = 0; read < 5; read++) expect((await readLogs(sim, {}, null)).status).toBe(401);
		expect((await readLogs(sim)).status).toBe(200);
		expect((await readLogs(sim)).status).toBe(200);
		expect((await readLogs(sim)).status).toBe(429);
	});
});
