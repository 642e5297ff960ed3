import { parsePricing, pricingInAnswer, PriceList } from '../../nodes/OmniHuman/pricing/priceList';
import { billedUnits, quote, type BilledQuantity } from '../../nodes/OmniHuman/pricing/quote';
import type { ApiRequest, Exchange } from '../../nodes/OmniHuman/transport/exchange';

const seconds = (amount: number, exact = true): BilledQuantity => ({ unit: 'second', amount, exact, basis: '' });
const perSecond = (price: number) => ({ kind: 'fixed', currency: 'USD', units: [{ name: 'second', price, per: 1 }] });

describe('the price list', () => {
	test('a fixed per-second price quotes rate × the seconds rounded up, as the service bills', () => {
		const pricing = parsePricing(perSecond(0.14));
		if (pricing.kind === 'unquoted') throw new Error(pricing.reason);
		expect(quote(pricing, {}, seconds(21))).toMatchObject({ usd: 0.14 * 21, billed: 21 });
		expect(quote(pricing, {}, seconds(20.01))).toMatchObject({ billed: 21 });
		expect(quote(pricing, {}, seconds(0.2))).toMatchObject({ billed: 1 });
	});

	test('price is read together with per: $15 per 1,000,000 characters', () => {
		const pricing = parsePricing({ kind: 'fixed', units: [{ name: 'character', price: 15, per: 1_000_000 }] });
		if (pricing.kind === 'unquoted') throw new Error(pricing.reason);
		const result = quote(pricing, {}, { unit: 'character', amount: 200, exact: true, basis: '' });
		expect(result).toMatchObject({ usd: 0.003, billed: 200 });
	});

	test('variants match the request’s own fields; a field left to the default takes the highest variant', () => {
		const pricing = parsePricing({
			kind: 'variants',
			dimensions: ['resolution'],
			variants: [
				{ when: { resolution: '480p' }, price: 0.08, unit: 'second', per: 1 },
				{ when: { resolution: '720p' }, price: 0.15, unit: 'second', per: 1 },
			],
		});
		if (pricing.kind === 'unquoted') throw new Error(pricing.reason);
		expect(quote(pricing, { resolution: '480p' }, seconds(10))).toMatchObject({ usd: 0.8 });
		expect(quote(pricing, { resolution: '720p' }, seconds(10))).toMatchObject({ usd: 1.5 });
		expect(quote(pricing, {}, seconds(10))).toMatchObject({ usd: 1.5 });
		expect(quote(pricing, { resolution: '1080p' }, seconds(10))).toMatchObject({ kind: 'unquoted' });
	});

	test('variable, unknown units, other currencies and malformed figures are no quote, never a partial one', () => {
		expect(parsePricing({ kind: 'variable' })).toMatchObject({ kind: 'unquoted' });
		expect(parsePricing({ kind: 'fixed', currency: 'EUR', units: [{ name: 'second', price: 1, per: 1 }] })).toMatchObject({ kind: 'unquoted' });
		expect(parsePricing({ kind: 'fixed', units: [{ name: 'second', price: -1, per: 1 }] })).toMatchObject({ kind: 'unquoted' });
		expect(parsePricing({ kind: 'fixed', units: [{ name: 'second', price: 1, per: 0 }] })).toMatchObject({ kind: 'unquoted' });
		const tokens = parsePricing({ kind: 'fixed', units: [{ name: 'token', price: 1, per: 1_000_000 }] });
		if (tokens.kind === 'unquoted') throw new Error(tokens.reason);
		expect(quote(tokens, {}, seconds(5))).toMatchObject({ kind: 'unquoted', reason: expect.stringMatching(/per token/) });
	});

	test('a model is found by its id or by an alias', () => {
		const body = { object: 'list', data: [{ id: 'veed/fabric-1.0-fast', aliases: ['veed/fabric-1.0/fast'], pricing: perSecond(0.1) }] };
		expect(pricingInAnswer(body, 'veed/fabric-1.0/fast')).toMatchObject({ kind: 'fixed' });
		expect(pricingInAnswer(body, 'veed/fabric-1.0')).toMatchObject({ kind: 'unquoted' });
	});

	test('seconds are billed whole and rounded up; a request is one', () => {
		expect(billedUnits(seconds(5))).toBe(5);
		expect(billedUnits(seconds(5.0000001))).toBe(6);
		expect(billedUnits({ unit: 'request', amount: 7, exact: false, basis: '' })).toBe(1);
	});

	test('read once per model per run; revalidated with its ETag in the next run (304 keeps the price)', async () => {
		const sent: ApiRequest[] = [];
		let answer: Exchange = { kind: 'response', statusCode: 200, headers: { etag: '"p1"' }, body: { data: [{ id: 'm/etag', pricing: perSecond(0.2) }] } };
		const send = async (request: ApiRequest) => {
			sent.push(request);
			return answer;
		};
		const first = new PriceList(send, 1000);
		await Promise.all([first.pricingOf('m/etag'), first.pricingOf('m/etag')]);
		expect(sent).toHaveLength(1);
		expect(sent[0]).toMatchObject({ url: '/v1/models', qs: { id: 'm/etag', include: 'pricing' } });
		answer = { kind: 'response', statusCode: 304, headers: {}, body: '' };
		expect(await new PriceList(send, 1000).pricingOf('m/etag')).toMatchObject({ kind: 'fixed', units: [{ price: 0.2 }] });
		expect(sent[1].headers).toEqual({ 'If-None-Match': '"p1"' });
	});

	test('a price list that cannot be read is no quote, with the reason', async () => {
		const down = new PriceList(async () => ({ kind: 'response', statusCode: 503, headers: {}, body: {} }), 1000);
		expect(await down.pricingOf('m/down')).toEqual({ kind: 'unquoted', reason: 'the price list could not be read (HTTP 503)' });
	});
});
