import { LearnedRates } from '../../nodes/OmniHuman/spend/learnedRates';

const MODEL = 'bytedance/omnihuman';
const measured = (amount: number, unit: 'second' | 'character' = 'second') => ({ unit, amount, exact: true });
const bounded = (amount: number) => ({ unit: 'second' as const, amount, exact: false });
const perRequest = { unit: 'request' as const, amount: 1, exact: false };

describe("the rates an execution's charges teach, for requests the price list cannot quote", () => {
	test('the highest rate per second seen is kept, on the whole seconds billed', () => {
		const rates = new LearnedRates();
		rates.learn(MODEL, measured(9.2), 1.5);
		expect(rates.rateOf(MODEL, 'second')).toBeCloseTo(0.15, 10);
		rates.learn(MODEL, measured(10), 1);
		expect(rates.rateOf(MODEL, 'second')).toBeCloseTo(0.15, 10);
		rates.learn(MODEL, measured(20), 4);
		expect(rates.rateOf(MODEL, 'second')).toBeCloseTo(0.2, 10);
		expect(rates.rateOf('klingai/avatar-pro', 'second')).toBeUndefined();
	});

	test('a charge on an audio that could not be read teaches at most its charge per second, until a measured one is seen', () => {
		const rates = new LearnedRates();
		rates.learn(MODEL, bounded(30), 3);
		expect(rates.rateOf(MODEL, 'second')).toBe(3);
		rates.learn(MODEL, measured(10), 1.5);
		expect(rates.rateOf(MODEL, 'second')).toBeCloseTo(0.15, 10);
	});

	test('a charge on nothing (0 characters) teaches no rate, rather than an infinite one', () => {
		const rates = new LearnedRates();
		rates.learn('openai/tts-1', measured(0, 'character'), 0.01);
		expect(rates.rateOf('openai/tts-1', 'character')).toBeUndefined();
		expect(rates.rateOf('openai/tts-1', 'request')).toBe(0.01);
	});

	test('every charge is one request: the per-request rate is the highest charge, whatever it was billed on', () => {
		const rates = new LearnedRates();
		rates.learn(MODEL, measured(12), 1.2);
		rates.learn(MODEL, perRequest, 3);
		rates.learn(MODEL, undefined, 2);
		expect(rates.rateOf(MODEL, 'request')).toBe(3);
		expect(rates.priceOf({ kind: 'video', model: MODEL, quantity: { ...perRequest, basis: 'per request' } })).toBe(3);
	});

	test("a request is priced at its list price, else the learned rate × its billed units; with an undocumented basis, at least one request's charge", () => {
		const rates = new LearnedRates();
		rates.learn(MODEL, measured(10), 1.5);
		const quantity = { unit: 'second' as const, amount: 4.5, exact: true, basis: '4.5 s measured' };
		expect(rates.priceOf({ kind: 'video', model: MODEL, usd: 0.7, quantity })).toBe(0.7);
		expect(rates.priceOf({ kind: 'video', model: MODEL, quantity })).toBeCloseTo(0.75, 10);
		expect(rates.priceOf({ kind: 'video', model: MODEL, quantity, basisUnknown: true })).toBe(1.5);
		expect(rates.priceOf({ kind: 'video', model: 'klingai/avatar-pro', quantity })).toBeUndefined();
	});
});
