import { readBalance } from '../../nodes/OmniHuman/transport/billing';
import { headerValue, type ApiRequest, type Exchange } from '../../nodes/OmniHuman/transport/exchange';
import { paidRequestHeaders, paidRequestPolicy, usageOfAnswer } from '../../nodes/OmniHuman/transport/paidRequestPolicy';
import { parseRetryAfter } from '../../nodes/OmniHuman/transport/retryAfter';

const answer = (statusCode: number, body: unknown): Exchange => ({ kind: 'response', statusCode, headers: {}, body });

async function balanceOf(exchange: Exchange) {
	const sent: ApiRequest[] = [];
	const balance = await readBalance(async (request) => (sent.push(request), exchange));
	return { balance, sent };
}

describe("the account's balance (GET /v2/billing), for the cost estimate", () => {
	test('read in USD from the balance the key can see', async () => {
		const { balance, sent } = await balanceOf(answer(200, { current_balance: 12.5, currency: 'usd' }));
		expect(balance).toEqual({ usd: 12.5 });
		expect(sent).toEqual([{ method: 'GET', url: '/v2/billing', timeoutMs: 15_000 }]);
		expect((await balanceOf(answer(200, { current_balance: '7.25' }))).balance).toEqual({ usd: 7.25 });
		expect((await balanceOf(answer(299, { current_balance: 0 }))).balance).toEqual({ usd: 0 });
	});

	test.each<[string, Exchange]>([
		['a key that cannot read it (401)', answer(401, { message: 'Unauthorized' })],
		['a redirect (3xx)', answer(300, { current_balance: 5 })],
		['an answer below 200', answer(199, { current_balance: 5 })],
		['another currency', answer(200, { current_balance: 5, currency: 'EUR' })],
		['no balance in the answer', answer(200, {})],
		['a balance that is not a number', answer(200, { current_balance: 'plenty' })],
		['no answer at all', { kind: 'network', code: 'ECONNRESET', refused: false, timedOut: false, message: '' }],
	])('unknown after %s: the estimate says it could not be read', async (_, exchange) => {
		expect((await balanceOf(exchange)).balance).toBeUndefined();
	});
});

describe('Retry-After', () => {
	const now = Date.parse('2026-11-24T10:00:00Z');
	test('spaces around it are ignored; 10 minutes is the most', () => {
		expect(parseRetryAfter(' 4 ', now)).toBe(4000);
		expect(parseRetryAfter('600', now)).toBe(600_000);
		expect(parseRetryAfter('601', now)).toBe(600_000);
		expect(parseRetryAfter('Tue, 24 Nov 2026 10:20:00 GMT', now)).toBe(600_000);
		expect(parseRetryAfter('0.25', now)).toBe(250);
		expect(parseRetryAfter('3 seconds', now)).toBeUndefined();
		expect(parseRetryAfter('  ', now)).toBeUndefined();
		expect(parseRetryAfter('Tuesday soon', now)).toBeUndefined();
	});
});

describe('a paid request: its waits, its id and its charge', () => {
	test('the rate-limit budget runs from now; the client request id is sent as X-Client-Request-Id', () => {
		const policy = paidRequestPolicy({ requestTimeoutMs: 30_000, maxRateLimitWaitMs: 90_000 }, 1_000, 'omh1:w:e:0-0:v:key');
		expect(policy).toEqual({ timeoutMs: 30_000, rateLimitDeadline: 91_000, rateLimitBudgetSeconds: 90, clientRequestId: 'omh1:w:e:0-0:v:key' });
		expect(paidRequestHeaders(policy)).toEqual({ 'X-Client-Request-Id': 'omh1:w:e:0-0:v:key' });
		const without = paidRequestPolicy({ requestTimeoutMs: 30_000, maxRateLimitWaitMs: 90_000 }, 1_000);
		expect(without).not.toHaveProperty('clientRequestId');
		expect(paidRequestHeaders(without)).toBeUndefined();
	});

	test("the charge in the body wins; else the x-aimlapi headers', in any letter case; else none", () => {
		const body = { usdSpent: 0.42, credits: 840_000 };
		const headers = { 'X-AIMLAPI-USD-SPENT': '0.5', 'x-aimlapi-credits-used': ['1000000', '9'] };
		expect(usageOfAnswer(body, headers)).toBe(body);
		expect(usageOfAnswer(undefined, headers)).toEqual({ usdSpent: 0.5, credits: 1_000_000 });
		expect(usageOfAnswer(undefined, {})).toBeUndefined();
		expect(headerValue(headers, 'x-aimlapi-usd-spent')).toBe('0.5');
		expect(headerValue(headers, 'X-AIMLAPI-CREDITS-USED')).toBe('1000000');
		expect(headerValue({ other: 'x' }, 'retry-after')).toBeUndefined();
	});
});
