import { failureFromNetwork, failureFromStatus, serviceMessage } from '../../nodes/OmniHuman/transport/failure';
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
