import { videoModel } from '../../nodes/OmniHuman/models';
import { measuredSpeech, modelLimit, SCRIPT_BOUND_FACTOR, scriptCharacters, scriptSpeech } from '../../nodes/OmniHuman/pricing/billedSpeech';
import type { PriceList } from '../../nodes/OmniHuman/pricing/priceList';
import { priceRequest } from '../../nodes/OmniHuman/pricing/pricer';
import type { BilledQuantity } from '../../nodes/OmniHuman/pricing/quote';
import { estimateSpeechSeconds } from '../../nodes/OmniHuman/speech/speakingTime';
import { SpendLedger } from '../../nodes/OmniHuman/spend/spendLedger';

const OMNIHUMAN = videoModel('bytedance/omnihuman')!;
const UNLIMITED = { ...OMNIHUMAN, audioLimitSeconds: undefined };
const words = (count: number) => Array.from({ length: count }, (_, index) => `word${index}`).join(' ');

describe('the seconds of speech a video is billed on', () => {
	test('measured from the audio: exact, the format or the source named', () => {
		const measure = { ok: true as const, format: 'mp3' as const, seconds: 7.84, bytesRead: 4096 };
		expect(measuredSpeech(OMNIHUMAN, measure)).toEqual({ unit: 'second', amount: 7.84, exact: true, basis: '7.8 s measured from the MP3' });
		expect(measuredSpeech(OMNIHUMAN, { ...measure, seconds: 12 }, 'the synthesized speech')).toEqual({
			unit: 'second',
			amount: 12,
			exact: true,
			basis: '12 s measured from the synthesized speech',
		});
	});

	test("not readable: the model's audio limit, the most it can be billed, and why", () => {
		expect(measuredSpeech(OMNIHUMAN, { ok: false, reason: 'the server refused a range read', bytesRead: 0 })).toEqual({
			unit: 'second',
			amount: 30,
			exact: false,
			basis: "up to 30 s, OmniHuman's audio limit (its length could not be read: the server refused a range read)",
		});
	});

	test('a model without an audio limit: one request, whatever the length', () => {
		expect(modelLimit(UNLIMITED, 'no audio read')).toEqual({ unit: 'request', amount: 1, exact: false, basis: 'per request (no audio read)' });
	});
});

describe('the speech of a script, before it is made', () => {
	test('estimated: the likely length, not exact', () => {
		const likely = estimateSpeechSeconds(words(10));
		expect(likely).toBe(4);
		expect(scriptSpeech(OMNIHUMAN, words(10), 'estimate')).toEqual({ unit: 'second', amount: 4, exact: false, basis: 'about 4 s, estimated from the script' });
	});

	test(`reserved: the estimate × ${SCRIPT_BOUND_FACTOR}, at most the model's limit, saying which`, () => {
		expect(scriptSpeech(OMNIHUMAN, words(10), 'reserve')).toEqual({
			unit: 'second',
			amount: 5,
			exact: false,
			basis: "up to 5 s (the script's estimate of 4 s × 1.25)",
		});
		expect(scriptSpeech(OMNIHUMAN, words(70), 'reserve')).toEqual({
			unit: 'second',
			amount: 30,
			exact: false,
			basis: "up to 30 s, OmniHuman's audio limit (about 28 s estimated from the script)",
		});
		expect(scriptSpeech(UNLIMITED, words(70), 'reserve')).toMatchObject({ amount: 35 });
	});

	test('at another Speed the estimate follows it', () => {
		expect(scriptSpeech(OMNIHUMAN, words(10), 'estimate', 2)).toMatchObject({ amount: estimateSpeechSeconds(words(10), 2) });
		expect(estimateSpeechSeconds(words(10), 2)).toBeLessThan(4);
	});

	test('a synthesis is billed on its characters, each counted once (an emoji is one)', () => {
		expect(scriptCharacters('Hi 👋 there')).toEqual({ unit: 'character', amount: 10, exact: true, basis: '10 characters' });
	});
});

describe('pricing one paid request before it is sent', () => {
	const seconds10: BilledQuantity = { unit: 'second', amount: 9.2, exact: true, basis: '9.2 s measured from the MP3' };
	const request = { kind: 'video' as const, model: 'bytedance/omnihuman', fields: {} };
	/** What every estimate of that request shows, whatever prices it. */
	const measured = { kind: 'video', model: 'bytedance/omnihuman', unit: 'second', quantity: 9.2, billed: 10, basis: '9.2 s measured from the MP3', exact: true };
	const listed = (pricing: Awaited<ReturnType<PriceList['pricingOf']>>) => ({ pricingOf: async () => pricing }) as unknown as PriceList;

	test('from the price list: its figure, rate and note; the plan reserves it', async () => {
		const list = listed({ kind: 'fixed', units: [{ unit: 'second', price: 0.14, per: 1 }, { unit: 'request', price: 0.1, per: 1 }] });
		const priced = await priceRequest(list, new SpendLedger({}), request, seconds10);
		expect(priced.plan).toEqual({ kind: 'video', model: 'bytedance/omnihuman', usd: priced.estimate.usd, quantity: seconds10 });
		expect(priced.estimate).toEqual({
			...measured,
			usd: expect.closeTo(1.5, 10),
			rate: { price: 0.14, per: 1, unit: 'second' },
			source: 'price list',
			note: 'the sum of 2 prices',
		});
	});

	test('a quote without a note has none', async () => {
		const priced = await priceRequest(listed({ kind: 'fixed', units: [{ unit: 'second', price: 0.14, per: 1 }] }), new SpendLedger({}), request, seconds10);
		expect(priced.estimate).not.toHaveProperty('note');
	});

	test('the price list cannot quote it and nothing was charged yet: no price, and the reason why', async () => {
		const priced = await priceRequest(listed({ kind: 'unquoted', reason: 'bytedance/omnihuman is not in the price list' }), new SpendLedger({}), request, seconds10);
		expect(priced.plan).toStrictEqual({ kind: 'video', model: 'bytedance/omnihuman', quantity: seconds10 });
		expect(priced.estimate).toStrictEqual({
			...measured,
			source: 'unknown',
			note: "No price yet: bytedance/omnihuman is not in the price list, and no charge of this model was seen in this execution; the first request's charge teaches the rate",
		});
	});

	test("the price list cannot quote it, but this execution's charges can: the learned rate", async () => {
		const ledger = new SpendLedger({});
		ledger.record('earlier', { kind: 'video', model: 'bytedance/omnihuman', usd: 0.8, credits: 1_600_000, runIndex: 0, quantity: { unit: 'second', amount: 4, exact: true } });
		const priced = await priceRequest(listed({ kind: 'variable' }), ledger, request, seconds10);
		expect(priced.estimate).toMatchObject({
			rate: { price: 0.2, per: 1, unit: 'second' },
			source: 'learned from this execution',
			usd: expect.closeTo(2, 10),
			note: 'The price list cannot quote it (its price cannot be quoted ahead of the request): priced at the rate its earlier charges in this execution show',
		});
	});
});
