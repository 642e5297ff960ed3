import { failureFromNetwork, failureFromStatus, serviceMessage, unreadableAnswer } from '../../nodes/OmniHuman/transport/failure';
import { parseRetryAfter } from '../../nodes/OmniHuman/transport/retryAfter';

const envelope = (statusCode: number | string, message: string) => ({ statusCode, message, path: '/v2/video/generations', requestId: 'r', timestamp: 't' });

describe('parseRetryAfter', () => {
	const now = Date.parse('2026-11-24T10:00:00Z');
	test('reads delta-seconds, including fractions', () => {
		expect(parseRetryAfter('3', now)).toBe(3000);
		expect(parseRetryAfter('0.5', now)).toBe(500);
	});
	test('reads an HTTP-date relative to now', () => expect(parseRetryAfter('Tue, 24 Nov 2026 10:00:07 GMT', now)).toBe(7000));
	test('a date in the past means now', () => expect(parseRetryAfter('Tue, 24 Nov 2026 09:00:00 GMT', now)).toBe(0));
	test('caps absurd values at 10 minutes', () => expect(parseRetryAfter('86400', now)).toBe(600_000));
	test.each([undefined, '', 'soon', '-3'])('ignores %p', (value) => expect(parseRetryAfter(value, now)).toBeUndefined());
});

describe('serviceMessage', () => {
	test('reads the envelope message', () => expect(serviceMessage(envelope(400, 'Body validation error!'))).toBe('Body validation error!'));
	test('reads a message list', () => expect(serviceMessage({ message: ['a', 'b'] })).toBe('a; b'));
	test('reads JSON that arrived as text', () => expect(serviceMessage('{"message":"inner"}')).toBe('inner'));
	test('names an HTML page instead of dumping it', () => expect(serviceMessage('<html><body>502</body></html>')).toMatch(/HTML page/));
	test('clips long text', () => expect(serviceMessage('x'.repeat(2000))!.length).toBeLessThanOrEqual(501));
	test('reads nested error objects', () => expect(serviceMessage({ error: { message: 'deep' } })).toBe('deep'));
	test('gives nothing for an empty body', () => expect(serviceMessage('')).toBeUndefined());
});

describe('failureFromStatus: the contract error table', () => {
	const now = 0;
	test('400 fails with the service message', () => {
		const failure = failureFromStatus(400, {}, envelope(400, 'Body validation error!'), now);
		expect(failure).toMatchObject({ kind: 'fatal', httpCode: '400' });
		expect(failure.message).toContain('Body validation error!');
	});
	test('401 points at the credential', () => {
		const failure = failureFromStatus(401, {}, envelope('401', 'Unauthorized'), now);
		expect(failure.kind).toBe('fatal');
		expect(`${failure.message} ${failure.description}`).toMatch(/API key/);
		expect(failure.description).toMatch(/credential/);
	});
	test('403 says credits', () => expect(failureFromStatus(403, {}, envelope(403, 'Insufficient credits'), now).message).toMatch(/credits/));
	test('404 says the id is unknown', () => expect(failureFromStatus(404, {}, envelope(404, 'Not found'), now).description).toMatch(/Generation ID/));
	test('429 is rate limited, with and without Retry-After', () => {
		expect(failureFromStatus(429, { 'Retry-After': '2' }, envelope(429, 'slow down'), now)).toMatchObject({ kind: 'rate-limited', retryAfterMs: 2000, mayHaveReachedService: false });
		expect(failureFromStatus(429, {}, envelope(429, 'slow down'), now).retryAfterMs).toBeUndefined();
	});
	test.each([500, 502, 503])('%i is transient', (status) => expect(failureFromStatus(status, {}, envelope(status, 'oops'), now).kind).toBe('transient'));
	test('504 is a final generation timeout', () => {
		const failure = failureFromStatus(504, {}, envelope(504, 'Generation timeout'), now);
		expect(failure).toMatchObject({ kind: 'fatal', httpCode: '504' });
		expect(failure.message).toContain('Generation timeout');
	});
	test('an unlisted 4xx is final', () => expect(failureFromStatus(418, {}, {}, now).kind).toBe('fatal'));
});

describe("the service's words, as an error shows them", () => {
	test.each([
		['a blank text body', '  \n ', undefined],
		['plain text, its whitespace flattened', '  Bad\n   gateway ', 'Bad gateway'],
		['JSON text with spaces around it', ' {"message":"inner"} ', 'inner'],
		['a message with spaces around it', { message: '  padded\n words  ' }, 'padded words'],
		['a blank message, then the detail', { message: '  ', detail: 'the detail' }, 'the detail'],
		['a list of words and numbers, other entries left out', { message: [1, 'b', { c: 3 }, null] }, '1; b'],
		['an empty list, then the error text', { message: [], error: 'plain error' }, 'plain error'],
		['an error object without a text message', { error: { message: 5 } }, undefined],
		['no body', null, undefined],
		['a list as the body', ['not', 'an', 'envelope'], undefined],
	])('%s', (_, body, words) => expect(serviceMessage(body)).toBe(words));

	test('500 characters are shown whole; more are cut at 500 with an ellipsis', () => {
		expect(serviceMessage('y'.repeat(500))).toBe('y'.repeat(500));
		expect(serviceMessage({ message: 'z'.repeat(501) })).toBe(`${'z'.repeat(500)}…`);
		expect(serviceMessage({ error: { message: 'e'.repeat(600) } })).toBe(`${'e'.repeat(500)}…`);
		expect(serviceMessage({ error: 'f'.repeat(600) })).toHaveLength(501);
		expect(serviceMessage({ detail: 'g'.repeat(600) })).toHaveLength(501);
		expect(serviceMessage({ message: ['h'.repeat(300), 'i'.repeat(300)] })).toHaveLength(501);
	});
});

describe('the error a user reads, for each answer of the service', () => {
	const reached = (code: number) => ({ httpCode: String(code), mayHaveReachedService: true });
	const inputs = 'Check the Image and Audio inputs: both must be reachable http(s) URLs (audio under 30 s), or a PNG/JPEG/WebP image.';
	const account = 'Check the balance and plan of the AI/ML API account this key belongs to.';
	test.each([
		[400, 'Body validation error!', { kind: 'fatal', ...reached(400), message: 'The AI/ML API rejected the request (HTTP 400): Body validation error!', description: inputs }],
		[422, '', { kind: 'fatal', ...reached(422), message: 'The AI/ML API rejected the request (HTTP 422)', description: inputs }],
		[401, 'Unauthorized', { kind: 'fatal', ...reached(401), message: 'The AI/ML API did not accept the API key (HTTP 401)', description: "Check the API Key in the node's 'AI/ML API' credential: Unauthorized" }],
		[401, '', { kind: 'fatal', ...reached(401), message: 'The AI/ML API did not accept the API key (HTTP 401)', description: "Check the API Key in the node's 'AI/ML API' credential" }],
		[402, '', { kind: 'fatal', ...reached(402), message: 'The AI/ML API refused the request: no credits left or not allowed (HTTP 402)', description: account, outOfCredits: true }],
		[403, "You've run out of credits", { kind: 'fatal', ...reached(403), message: "The AI/ML API refused the request: no credits left or not allowed (HTTP 403): You've run out of credits", description: account, outOfCredits: true }],
		[403, 'Please top up your balance', { kind: 'fatal', ...reached(403), message: 'The AI/ML API refused the request: no credits left or not allowed (HTTP 403): Please top up your balance', description: account, outOfCredits: true }],
		[403, 'Please topup first', { kind: 'fatal', ...reached(403), message: 'The AI/ML API refused the request: no credits left or not allowed (HTTP 403): Please topup first', description: account, outOfCredits: true }],
		[403, 'Model not allowed for this plan', { kind: 'fatal', ...reached(403), message: 'The AI/ML API refused the request: no credits left or not allowed (HTTP 403): Model not allowed for this plan', description: account }],
		[404, 'Not found', { kind: 'fatal', ...reached(404), message: 'The AI/ML API does not know this generation (HTTP 404): Not found', description: 'Check the Generation ID: it must be the full id returned by Create, e.g. "<uuid>:bytedance/omnihuman".' }],
		[504, '', { kind: 'fatal', ...reached(504), message: 'The AI/ML API gave up on the generation (HTTP 504): Generation timeout' }],
		[504, 'Upstream gave up', { kind: 'fatal', ...reached(504), message: 'The AI/ML API gave up on the generation (HTTP 504): Upstream gave up' }],
		[500, 'oops', { kind: 'transient', ...reached(500), message: 'The AI/ML API had a server error (HTTP 500): oops' }],
		[499, '', { kind: 'fatal', ...reached(499), message: 'The AI/ML API answered HTTP 499' }],
	])('HTTP %i %p', (status, words, failure) => {
		const result = failureFromStatus(status, {}, words ? envelope(status, words) : '', 0);
		expect(result).toEqual(failure);
		if (!('outOfCredits' in failure)) expect(result).not.toHaveProperty('outOfCredits');
	});

	test('429: the service did nothing, so it is sent again after Retry-After', () => {
		expect(failureFromStatus(429, { 'retry-after': '2' }, envelope(429, 'slow down'), 0)).toEqual({
			kind: 'rate-limited',
			httpCode: '429',
			mayHaveReachedService: false,
			message: 'The AI/ML API is rate limiting requests (HTTP 429): slow down',
			retryAfterMs: 2000,
		});
	});

	test('no answer: refused, reset or timed out, each named, and only a refusal points at the Base URL', () => {
		const network = (code: string, refused: boolean, timedOut: boolean) => failureFromNetwork({ kind: 'network', code, refused, timedOut, message: '' });
		expect(network('ECONNREFUSED', true, false)).toEqual({
			kind: 'transient',
			message: 'Could not connect to the AI/ML API (ECONNREFUSED)',
			description: "Check the Base URL in the node's 'AI/ML API' credential and your network.",
			mayHaveReachedService: false,
			network: { code: 'ECONNREFUSED', refused: true, timedOut: false },
		});
		expect(network('ECONNRESET', false, false)).toEqual({
			kind: 'transient',
			message: 'The connection to the AI/ML API failed (ECONNRESET)',
			description: undefined,
			mayHaveReachedService: true,
			network: { code: 'ECONNRESET', refused: false, timedOut: false },
		});
		expect(network('ECONNABORTED', false, true).message).toBe('The AI/ML API did not answer in time (request timeout)');
	});

	test('an answer that is not a generation object may come right next time', () => {
		expect(unreadableAnswer(200)).toEqual({
			kind: 'transient',
			httpCode: '200',
			mayHaveReachedService: true,
			message: 'The AI/ML API answered HTTP 200 with a body that is not a generation object (malformed JSON)',
		});
	});
});

describe('failureFromNetwork', () => {
	test('a refused connection never reached the service', () => {
		expect(failureFromNetwork({ kind: 'network', code: 'ECONNREFUSED', refused: true, timedOut: false, message: '' })).toMatchObject({
			kind: 'transient',
			mayHaveReachedService: false,
		});
	});
	test('a reset or timeout may have reached it', () => {
		expect(failureFromNetwork({ kind: 'network', code: 'ECONNRESET', refused: false, timedOut: false, message: '' }).mayHaveReachedService).toBe(true);
		expect(failureFromNetwork({ kind: 'network', code: 'ECONNABORTED', refused: false, timedOut: true, message: '' }).message).toMatch(/in time/);
	});
});

describe('errors that are not our own', () => {
	test('a wrapped error that repeats the API key shows it redacted, on the right item', async () => {
		const { asNodeError, errorItem } = await import('../../nodes/OmniHuman/errors');
		const scope = { node: { name: 'OmniHuman', onError: 'continueRegularOutput' } as never, itemIndex: 3, secret: 'sk-live-0123456789' };
		const error = asNodeError(scope, new TypeError('request to https://x failed, key sk-live-0123456789'));
		expect(error.message).toBe('request to https://x failed, key [redacted]');
		expect(error.context?.itemIndex).toBe(3);
		expect(errorItem(scope, 'plain text sk-live-0123456789').json).toEqual({ error: 'plain text [redacted]', itemIndex: 3 });
	});
});
