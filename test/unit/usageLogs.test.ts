import type { Exchange } from '../../nodes/OmniHuman/transport/exchange';
import { LOGS_PAGE_SIZE, logReadOptions, logsUrl, parseLogRow, readUsageLogs, type LogReadOptions } from '../../nodes/OmniHuman/transport/usageLogs';
import { instantOf } from '../../nodes/OmniHuman/helpers/usagePeriod';
import { response, scriptedSend } from '../support/fakes';

const search = (url: string) => new URLSearchParams(url.slice(url.indexOf('?') + 1));

describe('logsUrl', () => {
	test('a period, then the page: the service largest page by default', () => {
		expect(logsUrl({ period: '24h' }, 0)).toBe('/v2/logs?period=24h&limit=100&offset=0');
		expect(logsUrl({ period: '7d' }, 200, 50)).toBe('/v2/logs?period=7d&limit=50&offset=200');
		expect(LOGS_PAGE_SIZE).toBe(100);
	});

	test('start and end as ISO-8601, encoded', () => {
		const url = logsUrl({ start: '2026-07-01T00:00:00.000Z', end: '2026-07-02T12:30:00.000Z' }, 0);
		expect(url).toBe('/v2/logs?start=2026-07-01T00%3A00%3A00.000Z&end=2026-07-02T12%3A30%3A00.000Z&limit=100&offset=0');
		expect(search(url).get('start')).toBe('2026-07-01T00:00:00.000Z');
		expect(search(url).has('period')).toBe(false);
	});

	test('models and statuses are repeated parameters, never a comma list; ids with / # : survive', () => {
		const models = ['bytedance/omnihuman', '#g1_aura-2-thalia-en', 'a:b'];
		const url = logsUrl({ period: '24h', models, statuses: ['succeeded', 'failed'] }, 100);
		expect(search(url).getAll('model')).toEqual(models);
		expect(search(url).getAll('status')).toEqual(['succeeded', 'failed']);
		expect(url).not.toMatch(/%2C|,/);
		expect(url).toContain('model=bytedance%2Fomnihuman&model=%23g1_aura-2-thalia-en&model=a%3Ab');
		expect(search(url).get('offset')).toBe('100');
	});

	test('no filters: no model or status parameter', () => {
		const url = logsUrl({ period: '30d', models: [], statuses: [] }, 0);
		expect([...search(url).keys()]).toEqual(['period', 'limit', 'offset']);
	});
});

describe('parseLogRow', () => {
	const raw = {
		created: '2026-07-02T03:04:05.000Z',
		status: 'succeeded',
		origin: 'api',
		model: 'bytedance/omnihuman',
		cost: { usd: 2.94, credits: 5880000 },
		tokens: { input: 0, output: 0, total: 0 },
		request_id: 'req-1',
		inference_id: 'e2b1:bytedance/omnihuman',
		client_request_id: 'omh1:wf:1:0-0:v:abcdefghijklmnop',
	};

	test('reads the contract row', () => {
		expect(parseLogRow(raw)).toEqual({
			created: '2026-07-02T03:04:05.000Z',
			status: 'succeeded',
			model: 'bytedance/omnihuman',
			usd: 2.94,
			credits: 5880000,
			requestId: 'req-1',
			inferenceId: 'e2b1:bytedance/omnihuman',
			clientRequestId: 'omh1:wf:1:0-0:v:abcdefghijklmnop',
		});
	});

	test('a null client request id (a request that sent none) is left out, as are empty ids', () => {
		const row = parseLogRow({ ...raw, client_request_id: null, request_id: '' });
		expect(row).not.toHaveProperty('clientRequestId');
		expect(row).not.toHaveProperty('requestId');
		expect(row?.inferenceId).toBe('e2b1:bytedance/omnihuman');
	});

	test('a failed request without cost costs 0; costs that are not numbers count as 0', () => {
		expect(parseLogRow({ ...raw, status: 'failed', cost: undefined })).toMatchObject({ status: 'failed', usd: 0, credits: 0 });
		expect(parseLogRow({ ...raw, cost: { usd: '2.94', credits: Number.NaN } })).toMatchObject({ usd: 0, credits: 0 });
	});

	test('a row with only its model: no time, no status, nothing charged, no ids', () => {
		expect(parseLogRow({ model: 'bytedance/omnihuman' })).toEqual({ created: '', status: '', model: 'bytedance/omnihuman', usd: 0, credits: 0 });
	});

	test.each([null, 'row', [raw], { ...raw, model: '' }, { ...raw, model: 42 }])('%p is not a row', (value) => {
		expect(parseLogRow(value)).toBeUndefined();
	});
});

describe('readUsageLogs', () => {
	const row = (index: number, extra: Record<string, unknown> = {}) => ({
		created: new Date(Date.UTC(2026, 6, 2) - index * 60_000).toISOString(),
		status: 'succeeded',
		model: 'bytedance/omnihuman',
		cost: { usd: 0.5, credits: 1_000_000 },
		request_id: `req-${index}`,
		inference_id: `gen-${index}`,
		client_request_id: null,
		...extra,
	});
	const page = (rows: unknown[], offset: number, total: number) =>
		response(200, { data: rows, pagination: { limit: 100, offset, total, has_more: offset + rows.length < total } });
	const range = (from: number, to: number) => Array.from({ length: to - from }, (_, index) => row(from + index));

	function clock(start = 1_000_000) {
		const state = { time: start, sleeps: [] as number[], stopAfter: Number.POSITIVE_INFINITY };
		const options: LogReadOptions = {
			timeoutMs: 5000,
			now: () => state.time,
			sleep: async (ms) => {
				state.sleeps.push(ms);
				state.time += ms;
				return state.sleeps.length <= state.stopAfter;
			},
			deadline: start + 120_000,
		};
		return { state, options };
	}

	test('reads every page, moving the offset by the rows the service sent', async () => {
		const { send, sent } = scriptedSend([page(range(0, 100), 0, 250), page(range(100, 200), 100, 250), page(range(200, 250), 200, 250)]);
		const result = await readUsageLogs(send, { period: '7d' }, clock().options);
		expect(sent.map((request) => search(request.url).get('offset'))).toEqual(['0', '100', '200']);
		expect(sent.every((request) => request.method === 'GET' && request.timeoutMs === 5000)).toBe(true);
		expect(result.ok && result.value.map((entry) => entry.requestId)).toEqual(range(0, 250).map((entry) => entry.request_id));
	});

	test('a row it cannot read still moves the offset (no row is read twice or skipped)', async () => {
		const first = [...range(0, 99), { broken: true }];
		const { send, sent } = scriptedSend([page(first, 0, 150), page(range(100, 150), 100, 150)]);
		const result = await readUsageLogs(send, { period: '24h' }, clock().options);
		expect(sent.map((request) => search(request.url).get('offset'))).toEqual(['0', '100']);
		expect(result.ok && result.value).toHaveLength(149);
	});

	test('a row that arrives between pages pushes the others down: the one seen twice is kept once', async () => {
		// Page 2 was read after one new row: its first row is the last row of page 1 again.
		const { send } = scriptedSend([page(range(0, 100), 0, 150), page(range(99, 150), 100, 151)]);
		const result = await readUsageLogs(send, { period: '24h' }, clock().options);
		expect(result.ok && result.value.map((entry) => entry.requestId)).toEqual(range(0, 150).map((entry) => entry.request_id));
	});

	test('stops when has_more is false, and on an empty page', async () => {
		const one = scriptedSend([response(200, { data: range(0, 3), pagination: { limit: 100, offset: 0, total: 3, has_more: false } })]);
		expect(await readUsageLogs(one.send, { period: '24h' }, clock().options)).toMatchObject({ ok: true, value: { length: 3 } });
		expect(one.sent).toHaveLength(1);
		const empty = scriptedSend([response(200, { data: [], pagination: { has_more: true } })]);
		expect(await readUsageLogs(empty.send, { period: '24h' }, clock().options)).toEqual({ ok: true, value: [] });
		expect(empty.sent).toHaveLength(1);
	});

	test('waits through 429s as Retry-After says, then reads on from the same offset', async () => {
		const { state, options } = clock();
		const limited = response(429, { statusCode: 429, message: 'Too many requests' }, { 'retry-after': '7' });
		const { send, sent } = scriptedSend([page(range(0, 100), 0, 120), limited, limited, page(range(100, 120), 100, 120)]);
		const result = await readUsageLogs(send, { period: '24h' }, options);
		expect(result.ok && result.value).toHaveLength(120);
		expect(state.sleeps).toEqual([7000, 7000]);
		expect(sent.map((request) => search(request.url).get('offset'))).toEqual(['0', '100', '100', '100']);
	});

	test('a 429 without Retry-After backs off 1 s, 2 s, 4 s…', async () => {
		const { state, options } = clock();
		const { send } = scriptedSend([response(429, {}), response(429, {}), response(429, {}), page(range(0, 1), 0, 1)]);
		await readUsageLogs(send, { period: '24h' }, options);
		expect(state.sleeps).toEqual([1000, 2000, 4000]);
	});

	test('gives up on 429s once waiting would pass the deadline, saying how long it waited', async () => {
		const { state, options } = clock();
		const { send, sent } = scriptedSend([response(429, { message: 'Too many requests' }, { 'retry-after': '50' })]);
		const result = await readUsageLogs(send, { period: '24h' }, options);
		expect(state.sleeps).toEqual([50_000, 50_000]);
		expect(sent).toHaveLength(3);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.failure).toMatchObject({ kind: 'fatal', httpCode: '429' });
		expect(result.failure.message).toMatch(/rate limiting.*HTTP 429.*120 s/);
		expect(result.failure.description).toMatch(/200 reads a minute/);
	});

	test('5xx, 504, dropped connections and unreadable pages are read again (a read costs nothing)', async () => {
		const { options } = clock();
		const dropped: Exchange = { kind: 'network', code: 'ECONNRESET', refused: false, timedOut: false, message: 'socket hang up' };
		const { send, sent } = scriptedSend([response(502, 'Bad gateway'), response(504, {}), dropped, response(200, '{"data": ['), page(range(0, 2), 0, 2)]);
		const result = await readUsageLogs(send, { period: '24h' }, options);
		expect(result.ok && result.value).toHaveLength(2);
		expect(sent).toHaveLength(5);
	});

	test.each([
		[401, /API key/, /credential/],
		[403, /refused to show the usage logs \(HTTP 403\): Forbidden for this key/, /permissions/],
		[404, /no usage logs at this address/, /Base URL/],
		[400, /refused the usage-log query \(HTTP 400\): The window must be at most 92 days/, /Period/],
	])('HTTP %p fails at once with words that fit a usage read', async (status, message, description) => {
		const words = status === 403 ? 'Forbidden for this key' : status === 400 ? 'The window must be at most 92 days' : 'nope';
		const { send, sent } = scriptedSend([response(status, { statusCode: status, message: words })]);
		const result = await readUsageLogs(send, { period: '24h' }, clock().options);
		expect(sent).toHaveLength(1);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.failure.kind).toBe('fatal');
		expect(`${result.failure.message}\n${result.failure.description}`).toMatch(message);
		expect(result.failure.description).toMatch(description);
		expect(`${result.failure.message} ${result.failure.description}`).not.toMatch(/generation|Image|Audio/);
	});

	test('a refused connection fails at once (a wrong Base URL), without waiting', async () => {
		const { state, options } = clock();
		const refused: Exchange = { kind: 'network', code: 'ECONNREFUSED', refused: true, timedOut: false, message: 'refused' };
		const { send, sent } = scriptedSend([refused]);
		const result = await readUsageLogs(send, { period: '24h' }, options);
		expect(sent).toHaveLength(1);
		expect(state.sleeps).toEqual([]);
		expect(result).toMatchObject({ ok: false, failure: { kind: 'fatal', message: expect.stringMatching(/ECONNREFUSED/) } });
	});

	test('a stopped wait or a cancelled request ends the read as cancelled', async () => {
		const { state, options } = clock();
		state.stopAfter = 0;
		const stopped = scriptedSend([response(429, {}, { 'retry-after': '1' })]);
		expect(await readUsageLogs(stopped.send, { period: '24h' }, options)).toMatchObject({ ok: false, failure: { kind: 'cancelled' } });
		expect(stopped.sent).toHaveLength(1);
		const cancelled = scriptedSend([{ kind: 'cancelled' }]);
		expect(await readUsageLogs(cancelled.send, { period: '24h' }, clock().options)).toMatchObject({ ok: false, failure: { kind: 'cancelled' } });
	});

	test("on a run's clock, whose sleep rejects once the item is stopped, a stop during a wait ends the read", async () => {
		const runClock = (stopped: boolean) => {
			let time = 1_000_000;
			return { now: () => time, sleep: async (ms: number) => (stopped ? Promise.reject(new Error('stopped')) : void (time += ms)) };
		};
		const answers = () => scriptedSend([response(429, {}, { 'retry-after': '1' }), page([], 0, 0)]);
		const going = answers();
		expect(await readUsageLogs(going.send, { period: '24h' }, logReadOptions(runClock(false), 5000, 60_000))).toEqual({ ok: true, value: [] });
		const stopped = answers();
		expect(await readUsageLogs(stopped.send, { period: '24h' }, logReadOptions(runClock(true), 5000, 60_000))).toMatchObject({ ok: false, failure: { kind: 'cancelled' } });
		expect(stopped.sent).toHaveLength(1);
	});

	test('a page without has_more: its offset and total say whether more follow', async () => {
		const bare = (rows: unknown[], offset: number, total: number) => response(200, { data: rows, pagination: { limit: 100, offset, total } });
		const { send, sent } = scriptedSend([bare(range(0, 100), 0, 250), bare(range(100, 200), 100, 250), bare(range(200, 250), 200, 250), page(range(0, 1), 250, 251)]);
		const result = await readUsageLogs(send, { period: '7d' }, clock().options);
		expect(sent).toHaveLength(3);
		expect(result.ok && result.value).toHaveLength(250);
		const unknown = scriptedSend([response(200, { data: range(0, 100) }), page(range(100, 101), 100, 101)]);
		expect(await readUsageLogs(unknown.send, { period: '7d' }, clock().options)).toMatchObject({ ok: true, value: { length: 100 } });
		expect(unknown.sent).toHaveLength(1);
	});

	test('only a 2xx answer is a page of logs', async () => {
		for (const status of [199, 300]) {
			const { send } = scriptedSend([response(status, { data: range(0, 2), pagination: { has_more: false } })]);
			expect(await readUsageLogs(send, { period: '24h' }, clock().options)).toMatchObject({ ok: false, failure: { kind: 'fatal', httpCode: String(status) } });
		}
	});

	test('a local refusal (the credential refused the Base URL) fails at once, nothing sent to the service', async () => {
		const { state, options } = clock();
		const { send, sent } = scriptedSend([{ kind: 'refused-locally', message: 'Base URL must start with https://' }]);
		expect(await readUsageLogs(send, { period: '24h' }, options)).toEqual({ ok: false, failure: { kind: 'fatal', message: 'Base URL must start with https://', mayHaveReachedService: false } });
		expect(sent).toHaveLength(1);
		expect(state.sleeps).toEqual([]);
	});

	test('a wait that ends exactly at the deadline is still waited; the page read at the deadline still counts', async () => {
		const limited = clock();
		const waits = scriptedSend([response(429, {}, { 'retry-after': '60' })]);
		await readUsageLogs(waits.send, { period: '24h' }, limited.options);
		expect(limited.state.sleeps).toEqual([60_000, 60_000]);
		expect(waits.sent).toHaveLength(3);
		const paged = clock();
		const { send } = scriptedSend([
			(request) => {
				paged.state.time += 60_000;
				const offset = Number(search(request.url).get('offset'));
				return page(range(offset, offset + 100), offset, 300);
			},
		]);
		expect(await readUsageLogs(send, { period: '24h' }, paged.options)).toMatchObject({ ok: true, value: { length: 300 } });
	});

	test('pages that never stop coming: 1,000 are read, then it says the query holds too many rows', async () => {
		const { send, sent } = scriptedSend([(request) => page([row(Number(search(request.url).get('offset')))], Number(search(request.url).get('offset')), 1_000_000)]);
		const result = await readUsageLogs(send, { period: '90d' }, clock().options);
		expect(sent).toHaveLength(1000);
		expect(result).toMatchObject({ ok: false, failure: { kind: 'fatal', message: 'The usage logs hold more than 1000 rows for this query' } });
	});

	test('an unreadable page until the deadline: the last trouble is named', async () => {
		const { send } = scriptedSend([response(200, '{"data": [')]);
		const result = await readUsageLogs(send, { period: '24h' }, clock().options);
		expect(result).toMatchObject({
			ok: false,
			failure: { kind: 'fatal', message: 'The AI/ML API answered HTTP 200 with a body that is not a page of usage logs (gave up after 120 s, the longest a usage read waits)' },
		});
	});

	test('past the deadline no further page is read: it says how far it got', async () => {
		const { state, options } = clock();
		const { send, sent } = scriptedSend([
			(request) => {
				state.time += 70_000;
				const offset = Number(search(request.url).get('offset'));
				return page(range(offset, offset + 100), offset, 1000);
			},
		]);
		const result = await readUsageLogs(send, { period: '30d' }, options);
		expect(sent).toHaveLength(2);
		expect(result).toMatchObject({ ok: false, failure: { kind: 'fatal', message: 'Reading the usage logs took longer than 120 s (200 of 1000 rows read)' } });
	});
});

describe('instantOf (Custom period: Start and End)', () => {
	const at = (raw: unknown, zone = 'UTC') => {
		const checked = instantOf(raw, zone);
		return checked.ok ? new Date(checked.value).toISOString() : checked.problem;
	};

	test("n8n's picker gives wall-clock text: read in the workflow's time zone, summer and winter time", () => {
		expect(at('2026-07-01T00:00:00', 'UTC')).toBe('2026-07-01T00:00:00.000Z');
		expect(at('2026-07-01T00:00:00', 'Europe/Berlin')).toBe('2026-06-30T22:00:00.000Z');
		expect(at('2026-01-01T00:00:00', 'Europe/Berlin')).toBe('2025-12-31T23:00:00.000Z');
		expect(at('2026-07-01 09:30', 'America/New_York')).toBe('2026-07-01T13:30:00.000Z');
		expect(at('2026-07-01', 'Asia/Kolkata')).toBe('2026-06-30T18:30:00.000Z');
	});

	test('text with Z or an offset, a Date and a Luxon-like DateTime are taken as they are', () => {
		expect(at('2026-07-01T00:00:00Z', 'Europe/Berlin')).toBe('2026-07-01T00:00:00.000Z');
		expect(at('2026-07-01T00:00:00.250+02:00', 'America/New_York')).toBe('2026-06-30T22:00:00.250Z');
		expect(at(new Date('2026-07-01T05:00:00Z'), 'Europe/Berlin')).toBe('2026-07-01T05:00:00.000Z');
		expect(at({ toMillis: () => Date.parse('2026-07-01T06:00:00Z') })).toBe('2026-07-01T06:00:00.000Z');
	});

	test('an unknown time zone falls back to UTC, as the service reads a time without offset', () => {
		expect(at('2026-07-01T00:00:00', 'Not/AZone')).toBe('2026-07-01T00:00:00.000Z');
	});

	test.each([
		['', /is empty/],
		['yesterday', /"yesterday" is not a date and time/],
		['2026-02-30T00:00:00', /not a real date/],
		['2026-07-01T25:00:00', /not a real date/],
		[{}, /must be text/],
		[new Date(Number.NaN), /invalid date/],
	])('%p is refused', (raw, problem) => expect(at(raw)).toMatch(problem));
});
