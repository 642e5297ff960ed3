import { parsePricing, pricingInAnswer, PriceList, type ModelPricing } from '../../nodes/OmniHuman/pricing/priceList';
import { billedUnits, quote, type BilledQuantity } from '../../nodes/OmniHuman/pricing/quote';
import type { ApiRequest, Exchange } from '../../nodes/OmniHuman/transport/exchange';
import { response, scriptedSend } from '../support/fakes';

const seconds = (amount: number, exact = true): BilledQuantity => ({ unit: 'second', amount, exact, basis: '' });
const perSecond = (price: number) => ({ kind: 'fixed', currency: 'USD', units: [{ name: 'second', price, per: 1 }] });
const characters = (amount: number): BilledQuantity => ({ unit: 'character', amount, exact: true, basis: '' });
const fixed = (...units: Array<{ unit: string; price: number; per?: number }>): ModelPricing => ({
	kind: 'fixed',
	units: units.map(({ unit, price, per = 1 }) => ({ unit, price, per })),
});
const variants = (...list: Array<{ when: Record<string, string>; unit?: string; price: number }>): ModelPricing => ({
	kind: 'variants',
	dimensions: ['resolution'],
	variants: list.map(({ when, unit = 'second', price }) => ({ when, unit, price, per: 1 })),
});

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

describe('the units the service bills, counted as it counts them', () => {
	test('seconds: whole and rounded up, at least one; a float just over a whole second is that second', () => {
		expect([0, 0.2, 1, 5 + 1e-10, 5.001, 29.99].map((amount) => billedUnits(seconds(amount)))).toEqual([1, 1, 1, 5, 6, 30]);
	});

	test('characters: rounded up, never below zero; a request: one, whatever the amount', () => {
		expect([0, 2.5, 200, -3].map((amount) => billedUnits(characters(amount)))).toEqual([0, 3, 200, 0]);
		expect(billedUnits({ unit: 'request', amount: 7, exact: false, basis: '' })).toBe(1);
	});

	test("the price list's names of a unit, in any case and spacing; other names are not these units", () => {
		for (const unit of ['second', 'Seconds', ' sec ', 'secs', 's']) expect(quote(fixed({ unit, price: 0.1 }), {}, seconds(10))).toMatchObject({ billed: 10 });
		for (const unit of ['character', 'Characters', 'char', 'chars']) expect(quote(fixed({ unit, price: 1, per: 100 }), {}, characters(250))).toMatchObject({ billed: 250, usd: 2.5 });
		for (const unit of ['request', 'requests', 'generation', 'generations', 'video', 'videos', 'call', 'calls', 'job', 'jobs'])
			expect(quote(fixed({ unit, price: 2 }), {}, seconds(10))).toMatchObject({ billed: 1, usd: 2 });
		for (const unit of ['ms', 'minute', 'token', 'second of video', 'xs'])
			expect(quote(fixed({ unit, price: 0.1 }), {}, seconds(10))).toEqual({
				kind: 'unquoted',
				reason: `it is priced per ${unit}, which the node cannot count before the request`,
			});
	});
});

describe('a quote from the price list', () => {
	test('one price: all of the quote (its price, per, unit and the units billed), with no note', () => {
		expect(quote(fixed({ unit: 'character', price: 15, per: 1_000_000 }), {}, characters(200))).toEqual({ usd: 0.003, unit: 'character', price: 15, per: 1_000_000, billed: 200 });
	});

	test('per request, for a request whose speech is measured in seconds: billed once', () => {
		expect(quote(fixed({ unit: 'generation', price: 0.5 }), {}, seconds(12))).toEqual({ usd: 0.5, unit: 'generation', price: 0.5, per: 1, billed: 1 });
	});

	test('two prices for one request: their sum, said in the note', () => {
		expect(quote(fixed({ unit: 'second', price: 0.1 }, { unit: 'request', price: 0.25 }), {}, seconds(10))).toEqual({
			usd: 1.25,
			unit: 'second',
			price: 0.1,
			per: 1,
			billed: 10,
			note: 'the sum of 2 prices',
		});
	});

	test('a price on a unit the node cannot count makes the whole model unquoted, naming every unit', () => {
		expect(quote(fixed({ unit: 'second', price: 0.1 }, { unit: 'token', price: 1 }), {}, seconds(10))).toEqual({
			kind: 'unquoted',
			reason: 'it is priced per second and token, which the node cannot count before the request',
		});
	});

	test('a price that varies with the request is not quoted ahead', () => {
		expect(quote({ kind: 'variable' }, {}, seconds(10))).toEqual({ kind: 'unquoted', reason: 'its price cannot be quoted ahead of the request' });
	});

	test('variants: the one the request names (in any case, or as a number), with the fields in the note', () => {
		const pricing = variants({ when: { resolution: '480p' }, price: 0.08 }, { when: { resolution: '720P' }, price: 0.15 });
		expect(quote(pricing, { resolution: '480P' }, seconds(10))).toEqual({ usd: 0.8, unit: 'second', price: 0.08, per: 1, billed: 10, note: 'resolution 480p' });
		const numbered = variants({ when: { fps: '24' }, price: 0.1 }, { when: { fps: '30' }, price: 0.2 });
		expect(quote(numbered, { fps: 30 }, seconds(10))).toMatchObject({ usd: 2, note: 'fps 30' });
	});

	test('variants: a field the request leaves to the default (absent or empty) takes the highest, wherever it is listed', () => {
		const prices = [0.15, 0.3, 0.08];
		const pricing = variants(...prices.map((price, index) => ({ when: { resolution: `r${index}` }, price })));
		for (const fields of [{}, { resolution: '' }]) {
			expect(quote(pricing, fields, seconds(10))).toEqual({ usd: 3, unit: 'second', price: 0.3, per: 1, billed: 10, note: 'resolution r1, the highest of 3 variants' });
		}
	});

	test('variants: every condition of a variant must match; the note names them all', () => {
		const pricing: ModelPricing = {
			kind: 'variants',
			dimensions: ['resolution', 'fps'],
			variants: [
				{ when: { resolution: '720p', fps: '24' }, unit: 'second', price: 0.1, per: 1 },
				{ when: { resolution: '720p', fps: '30' }, unit: 'second', price: 0.2, per: 1 },
			],
		};
		expect(quote(pricing, { resolution: '720p', fps: '24' }, seconds(10))).toMatchObject({ usd: 1, note: 'resolution 720p, fps 24' });
	});

	test('variants: of equal highest prices the first listed is named; variants without conditions are still told apart', () => {
		const equal = variants({ when: { resolution: '480p' }, price: 0.1 }, { when: { resolution: '720p' }, price: 0.1 });
		expect(quote(equal, {}, seconds(10))).toMatchObject({ usd: 1, note: 'resolution 480p, the highest of 2 variants' });
		const unconditional = variants({ when: {}, price: 0.1 }, { when: {}, price: 0.2 });
		expect(quote(unconditional, {}, seconds(10))).toMatchObject({ usd: 2, note: 'the highest of 2 variants' });
	});

	test('variants: when any matching variant is on a unit the node cannot count, none is quoted', () => {
		const mixed = variants({ when: { resolution: '480p' }, unit: 'token', price: 1 }, { when: { resolution: '720p' }, price: 0.1 });
		expect(quote(mixed, {}, seconds(10))).toEqual({ kind: 'unquoted', reason: 'it is priced per token, which the node cannot count before the request' });
		expect(quote(mixed, { resolution: '720p' }, seconds(10))).toMatchObject({ usd: 1 });
	});

	test('variants: none matching, or one on a unit the node cannot count, is no quote, with the reason', () => {
		const pricing = variants({ when: { resolution: '480p' }, price: 0.08 });
		expect(quote(pricing, { resolution: '1080p' }, seconds(10))).toEqual({ kind: 'unquoted', reason: 'no variant of its price matches this request' });
		const perToken = variants({ when: { resolution: '480p' }, unit: 'token', price: 1 });
		expect(quote(perToken, {}, seconds(10))).toEqual({ kind: 'unquoted', reason: 'it is priced per token, which the node cannot count before the request' });
	});
});

describe("reading a model's pricing from the price list", () => {
	test('a fixed price: figures as numbers or text, per 1 by default, the unit named by name or unit, in lower case', () => {
		expect(parsePricing({ kind: 'fixed', currency: 'usd', units: [{ name: 'Second', price: '0.14' }, { unit: 'request', price: 1, per: '2' }] })).toEqual({
			kind: 'fixed',
			units: [
				{ unit: 'second', price: 0.14, per: 1 },
				{ unit: 'request', price: 1, per: 2 },
			],
		});
	});

	test('variants: each with its unit and its condition, values as text; dimensions when listed', () => {
		expect(parsePricing({ kind: 'variants', dimensions: ['fps'], variants: [{ when: { fps: 24 }, name: 'second', price: 0.1 }] })).toEqual({
			kind: 'variants',
			dimensions: ['fps'],
			variants: [{ when: { fps: '24' }, unit: 'second', price: 0.1, per: 1 }],
		});
		expect(parsePricing({ kind: 'variants', variants: [{ when: {}, unit: 'second', price: 0.1 }] })).toMatchObject({ kind: 'variants', dimensions: [] });
	});

	test('what it cannot read in full is no quote, with the reason', () => {
		const unreadable = { kind: 'unquoted', reason: 'its pricing in the price list could not be read' };
		expect(parsePricing(undefined)).toEqual({ kind: 'unquoted', reason: 'the price list has no pricing for it' });
		expect(parsePricing([])).toEqual({ kind: 'unquoted', reason: 'the price list has no pricing for it' });
		expect(parsePricing({ kind: 'fixed', currency: 'EUR', units: [{ name: 'second', price: 1 }] })).toEqual({ kind: 'unquoted', reason: 'the price list quotes it in EUR' });
		expect(parsePricing({ kind: 'variable' })).toEqual({ kind: 'unquoted', reason: 'the price list says its price cannot be quoted ahead of the request' });
		for (const units of [[], [{ name: 'second', price: 1 }, { name: '', price: 1 }], [{ name: 7, price: 1 }], [{ name: 'second', price: 'n/a' }], [{ name: 'second', price: -0.01 }], [{ name: 'second', price: 1, per: 0 }], [{ name: 'second', price: 1, per: 'x' }], [null]])
			expect(parsePricing({ kind: 'fixed', units })).toEqual(unreadable);
		expect(parsePricing({ kind: 'fixed', units: 'second' })).toEqual(unreadable);
		expect(parsePricing({ kind: 'variants', variants: [] })).toEqual(unreadable);
		expect(parsePricing({ kind: 'variants', variants: [{ unit: 'second', price: 1 }] })).toEqual(unreadable);
		expect(parsePricing({ kind: 'variants', variants: [{ when: { a: '1' }, unit: 'second', price: 1 }, { when: { a: '2' }, price: 1 }] })).toEqual(unreadable);
		expect(parsePricing({ kind: 'variants', variants: 'all' })).toEqual(unreadable);
		expect(parsePricing({ kind: 'tiered', units: [{ name: 'second', price: 1 }] })).toEqual(unreadable);
		expect(parsePricing({ kind: 'tiered', variants: [{ when: {}, unit: 'second', price: 1 }] })).toEqual(unreadable);
	});

	test('a free unit is a price: $0', () => {
		expect(parsePricing({ kind: 'fixed', units: [{ name: 'second', price: 0 }] })).toEqual({ kind: 'fixed', units: [{ unit: 'second', price: 0, per: 1 }] });
	});

	test("the model's entry: by id or alias, in a list or as the only entry; anything else is not in the list", () => {
		const entry = { id: 'veed/fabric-1.0-fast', aliases: ['veed/fabric-1.0/fast'], pricing: { kind: 'fixed', units: [{ name: 'second', price: 0.1 }] } };
		expect(pricingInAnswer({ data: entry }, 'veed/fabric-1.0/fast')).toMatchObject({ kind: 'fixed' });
		expect(pricingInAnswer({ data: [null, entry] }, 'veed/fabric-1.0-fast')).toMatchObject({ kind: 'fixed' });
		const missing = { kind: 'unquoted', reason: 'veed/fabric-1.0 is not in the price list' };
		expect(pricingInAnswer({ data: [entry] }, 'veed/fabric-1.0')).toEqual(missing);
		expect(pricingInAnswer({ data: [{ ...entry, id: 'other', aliases: 'veed/fabric-1.0' }] }, 'veed/fabric-1.0')).toEqual(missing);
		expect(pricingInAnswer('<html>', 'veed/fabric-1.0')).toEqual(missing);
		expect(pricingInAnswer({ data: 'none' }, 'veed/fabric-1.0')).toEqual(missing);
	});
});

describe('the price list over HTTP', () => {
	const listOf = (model: string) => ({ data: [{ id: model, pricing: { kind: 'fixed', units: [{ name: 'second', price: 0.2 }] } }] });
	test('the request: GET /v1/models for the model with its pricing, within the timeout given', async () => {
		const { send, sent } = scriptedSend([response(200, listOf('m/one'))]);
		expect(await new PriceList(send, 1234).pricingOf('m/one')).toEqual({ kind: 'fixed', units: [{ unit: 'second', price: 0.2, per: 1 }] });
		expect(sent).toEqual([{ method: 'GET', url: '/v1/models', qs: { id: 'm/one', include: 'pricing' }, timeoutMs: 1234 }]);
	});

	test('without an ETag nothing is kept for the next execution: it reads the list again, unconditionally', async () => {
		const { send, sent } = scriptedSend([response(200, listOf('m/no-etag'))]);
		await new PriceList(send, 1000).pricingOf('m/no-etag');
		await new PriceList(send, 1000).pricingOf('m/no-etag');
		expect(sent.map((request) => request.headers)).toEqual([undefined, undefined]);
	});

	test('a 304 for a model never read is no quote', async () => {
		const { send } = scriptedSend([response(304, '')]);
		expect(await new PriceList(send, 1000).pricingOf('m/never')).toEqual({ kind: 'unquoted', reason: 'the price list could not be read (HTTP 304)' });
	});

	test('only a 2xx answer is a price list; no answer says why', async () => {
		const reasonOf = async (answer: Exchange, model: string) => {
			const pricing = await new PriceList(scriptedSend([answer]).send, 1000).pricingOf(model);
			return 'reason' in pricing ? pricing.reason : pricing.kind;
		};
		expect(await reasonOf(response(199, listOf('m/a')), 'm/a')).toBe('the price list could not be read (HTTP 199)');
		expect(await reasonOf(response(299, listOf('m/b')), 'm/b')).toBe('fixed');
		expect(await reasonOf(response(300, listOf('m/c')), 'm/c')).toBe('the price list could not be read (HTTP 300)');
		expect(await reasonOf({ kind: 'network', message: 'connect ECONNREFUSED', code: 'ECONNREFUSED', refused: true, timedOut: false }, 'm/d')).toBe('the price list could not be read (connect ECONNREFUSED)');
		expect(await reasonOf({ kind: 'cancelled' }, 'm/e')).toBe('the price list could not be read (cancelled)');
	});
});
