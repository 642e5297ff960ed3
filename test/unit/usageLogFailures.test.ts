import { logsFailure, outOfTime, stopped, tooMany, tooSlow } from '../../nodes/OmniHuman/transport/usageLogFailures';

const answer = (statusCode: number, message?: string) => ({ kind: 'response' as const, statusCode, headers: { 'retry-after': '7' }, body: message === undefined ? '' : { statusCode, message } });

describe('a usage-log read that failed, in words that fit reading the logs', () => {
	test.each([
		[400, 'end must not be before start', { kind: 'fatal', message: 'The AI/ML API refused the usage-log query (HTTP 400): end must not be before start', description: 'Check Period (Start and End: End not before Start, at most 92 days apart) and the Models and Status filters.' }],
		[422, undefined, { kind: 'fatal', message: 'The AI/ML API refused the usage-log query (HTTP 422)' }],
		[403, 'Forbidden', { kind: 'fatal', message: 'The AI/ML API refused to show the usage logs (HTTP 403): Forbidden', description: 'This API key may not read the usage logs of its account: check the key and its permissions in the AI/ML API dashboard.' }],
		[404, undefined, { kind: 'fatal', message: 'The AI/ML API has no usage logs at this address (HTTP 404)', description: "Check the Base URL in the node's 'AI/ML API' credential: it must point at the AI/ML API (or a proxy that passes /v2/logs on)." }],
		[504, 'Gateway Timeout', { kind: 'transient', message: 'The AI/ML API did not answer the usage-log read in time (HTTP 504): Gateway Timeout' }],
		[429, 'Too many requests', { kind: 'rate-limited', retryAfterMs: 7000, message: 'The AI/ML API is rate limiting requests (HTTP 429): Too many requests', description: 'The usage logs allow 200 reads a minute per key, shared with every workflow and tool that uses it. Try again in a minute, or choose a shorter period.' }],
		[500, 'boom', { kind: 'transient', message: 'The AI/ML API had a server error (HTTP 500): boom' }],
	])('HTTP %i', (status, words, failure) => {
		expect(logsFailure(answer(status, words), 0)).toMatchObject({ ...failure, httpCode: String(status) });
	});
});

describe('a usage-log read that ends early', () => {
	test('out of time: the last trouble, final, with the time the read waited', () => {
		const last = { kind: 'transient' as const, message: 'The AI/ML API had a server error (HTTP 502)', httpCode: '502', mayHaveReachedService: true };
		expect(outOfTime(last, 10_000, 70_000)).toEqual({ ...last, kind: 'fatal', message: 'The AI/ML API had a server error (HTTP 502) (gave up after 60 s, the longest a usage read waits)' });
	});

	test('stopped: cancelled, nothing sent', () => {
		expect(stopped()).toEqual({ kind: 'cancelled', message: 'The execution was stopped', mayHaveReachedService: false });
	});

	test('too slow: how many rows were read, of how many when the total is known, and what to do', () => {
		const description = 'The service allows 200 reads of 100 rows a minute. Choose a shorter period, or filter by model or status.';
		expect(tooSlow(300, 12_000, 0, { deadline: 120_000 })).toEqual({ kind: 'fatal', message: 'Reading the usage logs took longer than 120 s (300 of 12000 rows read)', description, mayHaveReachedService: false });
		expect(tooSlow(300, undefined, 0, { deadline: 120_000 }).message).toBe('Reading the usage logs took longer than 120 s (300 rows read)');
	});

	test('too many rows for one query: final, with what to narrow', () => {
		expect(tooMany(10_000)).toEqual({ kind: 'fatal', message: 'The usage logs hold more than 10000 rows for this query', description: 'Choose a shorter period, or filter by model or status.', mayHaveReachedService: false });
	});
});
