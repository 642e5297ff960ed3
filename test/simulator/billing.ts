/**
 * What the simulator charges for a request and how its answers say so. The talking-avatar models are billed
 * per second of speech, rounded up (the contract's "What a request costs"); `/v1/tts` per character of its
 * text. Creates and JSON `/v1/tts` answers report the charge; a completed job may report the same charge
 * again (it is one charge); a failed job costs nothing. The usage logs (`usageLogs.ts`) list the same
 * charges and the price list (`priceList.ts`) quotes the same rates.
 */
import type { SimulatedVideoModel } from './videoModels';

export const CREDITS_PER_USD = 2_000_000;

/**
 * Where an answer reports its charge. `usd-and-credits`: `meta.usage { credits_used, usd_spent }` (the
 * newest docs); `credits`: `meta.usage { credits_used }`; `tokens`: `meta.usage { tokens_used }` (older
 * examples); `headers`: only the `x-aimlapi-credits-used` / `x-aimlapi-usd-spent` headers; `none`: nowhere.
 * In every mode but `none` the headers are sent too.
 */
export type ChargeReporting = 'usd-and-credits' | 'credits' | 'tokens' | 'headers' | 'none';
export const CHARGE_REPORTINGS: ChargeReporting[] = [
	'usd-and-credits',
	'credits',
	'tokens',
	'headers',
	'none',
];

/**
 * How the price list (`GET /v1/models?include=pricing`) shows a model: `fixed` (`units[]`), `variants`
 * (per resolution), `variable` (no figures) or `missing` (not listed at all).
 */
export type PricingKind = 'fixed' | 'variants' | 'variable' | 'missing';
export const PRICING_KINDS: PricingKind[] = ['fixed', 'variants', 'variable', 'missing'];

/** The whole price list: `up`, `error` (every read answers 500) or `hang` (never answers). */
export type PriceListState = 'up' | 'error' | 'hang';

/** USD per unit of a model: one figure, or one per `resolution` (VEED Fabric: `{ '480p': …, '720p': … }`). */
export type Rate = number | Record<string, number>;

export interface Charge {
	usd: number;
	credits: number;
}

export interface BillingSettings {
	/** A flat USD per job by model id (the recommended id), instead of its per-second charge. */
	videoPrices: Record<string, number>;
	/** USD per second of speech (per job for Lip Sync) by model id, instead of `VIDEO_RATES`. */
	videoRates: Record<string, Rate>;
	/** A flat USD per `/v1/tts` synthesis by speech model id, instead of its per-character charge. */
	speechPrices: Record<string, number>;
	/** A flat USD per synthesis for every speech model not in `speechPrices` (unset: per character). */
	speechPrice?: number;
	/** USD per 1,000,000 characters by speech model id, instead of `speechRatePerMillion`'s. */
	speechRates: Record<string, number>;
	/** How the price list shows a model, by id; a model not named is in its natural kind (`naturalPricing`). */
	pricing: Record<string, PricingKind>;
	priceList: PriceListState;
	reporting: ChargeReporting;
	/** The completed generation object reports the charge again, the way the create answer did. */
	alsoOnCompletion: boolean;
}

export const DEFAULT_BILLING: BillingSettings = {
	videoPrices: {},
	videoRates: {},
	speechPrices: {},
	speechRates: {},
	pricing: {},
	priceList: 'up',
	reporting: 'usd-and-credits',
	alsoOnCompletion: true,
};

/**
 * The rates, USD. Every sample charge of the contract is 21 s of speech at these rates (OmniHuman 5,880,000
 * credits = $2.94 = 21 × 0.14; v1.5 $2.52 = 21 × 0.12; Kling Avatar Pro $0.60375 = 21 × 0.02875; Standard
 * $0.29505 = 21 × 0.01405; VEED Fabric 1.0 $1.575 = 21 × 0.075), and 21 s is what an unknown audio lasts
 * (`DEFAULT_AUDIO_SECONDS`). Chosen, not documented: VEED 720p (twice 480p), the fast VEED model (half the
 * plain one), Lip Sync $1.00 a job (its sample; the basis of its charge is not documented).
 *
 * | model | unit | USD | price list by default |
 * |---|---|---|---|
 * | bytedance/omnihuman | second | 0.14 | fixed |
 * | bytedance/omnihuman/v1.5 | second | 0.12 | fixed |
 * | klingai/avatar-standard | second | 0.01405 | fixed |
 * | klingai/avatar-pro | second | 0.02875 | fixed |
 * | veed/fabric-1.0 | second | 480p 0.075, 720p 0.15 | variants |
 * | veed/fabric-1.0-fast | second | 480p 0.0375, 720p 0.075 | variants |
 * | pixverse/lip-sync | generation | 1.00 | variable |
 */
export const VIDEO_RATES: Record<string, { unit: 'second' | 'generation'; rate: Rate }> = {
	'bytedance/omnihuman': { unit: 'second', rate: 0.14 },
	'bytedance/omnihuman/v1.5': { unit: 'second', rate: 0.12 },
	'klingai/avatar-standard': { unit: 'second', rate: 0.01405 },
	'klingai/avatar-pro': { unit: 'second', rate: 0.02875 },
	'veed/fabric-1.0': { unit: 'second', rate: { '480p': 0.075, '720p': 0.15 } },
	'veed/fabric-1.0-fast': { unit: 'second', rate: { '480p': 0.0375, '720p': 0.075 } },
	'pixverse/lip-sync': { unit: 'generation', rate: 1 },
};

/** The resolution a VEED job gets when its body names none. */
export const DEFAULT_RESOLUTION = '480p';

/**
 * `/v1/tts`, USD per 1,000,000 characters of `text` (OpenAI's tts-1 and tts-1-hd are OpenAI's own list
 * prices; the others chosen): openai/tts-1 15, openai/tts-1-hd 30, openai/gpt-4o-mini-tts 12, ElevenLabs
 * Multilingual v2 180, Turbo v2.5 90, Deepgram Aura 2 30, any other speech model 15.
 */
export const SPEECH_RATES: Record<string, number> = {
	'openai/tts-1': 15,
	'openai/tts-1-hd': 30,
	'openai/gpt-4o-mini-tts': 12,
	'elevenlabs/eleven_multilingual_v2': 180,
	'elevenlabs/eleven_turbo_v2_5': 90,
};
export const AURA_2_RATE = 30;
export const DEFAULT_SPEECH_RATE = 15;
export const CHARACTERS_PER_SPEECH_PRICE = 1_000_000;

/** `base` with `change` applied; price and rate tables are merged, not replaced. */
export function withBilling(
	base: BillingSettings,
	change: Partial<BillingSettings> = {},
): BillingSettings {
	return {
		...base,
		...change,
		videoPrices: { ...base.videoPrices, ...change.videoPrices },
		videoRates: { ...base.videoRates, ...change.videoRates },
		speechPrices: { ...base.speechPrices, ...change.speechPrices },
		speechRates: { ...base.speechRates, ...change.speechRates },
		pricing: { ...base.pricing, ...change.pricing },
	};
}

/** USD rounded to 1e-8 (0.14 × 21 is 2.9400000000000004 in floating point) and its credits. */
export function chargeOf(usd: number): Charge {
	const rounded = Math.round(usd * 1e8) / 1e8;
	return { usd: rounded, credits: Math.round(rounded * CREDITS_PER_USD) };
}

export const NO_CHARGE: Charge = { usd: 0, credits: 0 };

/** Seconds billed for audio of `seconds`: rounded up to a whole second, at least one. */
export function billedSeconds(seconds: number): number {
	return Math.max(1, Math.ceil(seconds - 1e-9));
}

/** Per-request price, `sim-price=<usd>` in a job's audio or image URL, or anywhere in a tts text. */
export function priceHint(value: string | null | undefined): number | undefined {
	if (value === null || value === undefined || value.trim() === '') return undefined;
	const usd = Number(value);
	return Number.isFinite(usd) && usd >= 0 ? usd : undefined;
}

/** How the price list shows `modelId` now: the test's choice, else `variable` under a flat price, else natural. */
export function pricingKindOf(settings: BillingSettings, modelId: string): PricingKind {
	const chosen = settings.pricing[modelId];
	if (chosen) return chosen;
	const speech = VIDEO_RATES[modelId] === undefined;
	const flat = speech
		? settings.speechPrices[modelId] !== undefined || settings.speechPrice !== undefined
		: settings.videoPrices[modelId] !== undefined;
	return flat ? 'variable' : naturalPricing(modelId);
}

/** VEED's rates are per resolution (`variants`), Lip Sync's basis is undocumented (`variable`); others `fixed`. */
export function naturalPricing(modelId: string): PricingKind {
	const rate = VIDEO_RATES[modelId];
	if (rate?.unit === 'generation') return 'variable';
	return rate && typeof rate.rate === 'object' ? 'variants' : 'fixed';
}

/**
 * A video model's rate for a resolution. Under `fixed` one figure serves every resolution (the default
 * resolution's), so what the list quotes is what a job pays.
 */
export function videoRate(
	settings: BillingSettings,
	modelId: string,
	resolution: string = DEFAULT_RESOLUTION,
): { unit: 'second' | 'generation'; price: number } {
	const { unit, rate: natural } = VIDEO_RATES[modelId];
	const rate = settings.videoRates[modelId] ?? natural;
	if (typeof rate === 'number') return { unit, price: rate };
	const key = pricingKindOf(settings, modelId) === 'fixed' ? DEFAULT_RESOLUTION : resolution;
	return { unit, price: rate[key] ?? rate[DEFAULT_RESOLUTION] };
}

/** What a job pays: `sim-price=`, else a flat `videoPrices` price, else rate × billed seconds (or per job). */
export function videoCharge(
	settings: BillingSettings,
	model: SimulatedVideoModel,
	job: { seconds: number; resolution?: string; hintedUsd?: number },
): Charge {
	if (job.hintedUsd !== undefined) return chargeOf(job.hintedUsd);
	const flat = settings.videoPrices[model.id];
	if (flat !== undefined) return chargeOf(flat);
	const { unit, price } = videoRate(settings, model.id, job.resolution);
	return chargeOf(unit === 'second' ? price * billedSeconds(job.seconds) : price);
}

/** USD per 1,000,000 characters of a speech model. */
export function speechRate(settings: BillingSettings, model: string): number {
	const chosen = settings.speechRates[model] ?? SPEECH_RATES[model];
	if (chosen !== undefined) return chosen;
	return /^(#g1_aura-2-|deepgram\/aura-2)/.test(model) ? AURA_2_RATE : DEFAULT_SPEECH_RATE;
}

/** What a synthesis pays: `sim-price=` in its text, else a flat price, else rate × its characters. */
export function speechCharge(settings: BillingSettings, model: string, text: string): Charge {
	const hinted = priceHint(/\bsim-price=(\S+)/.exec(text)?.[1]);
	const flat = hinted ?? settings.speechPrices[model] ?? settings.speechPrice;
	if (flat !== undefined) return chargeOf(flat);
	return chargeOf((speechRate(settings, model) * [...text].length) / CHARACTERS_PER_SPEECH_PRICE);
}

/** `meta.usage` of an answer that reports `charge`, or undefined when the body does not report it. */
export function usageReport(
	charge: Charge,
	reporting: ChargeReporting,
): Record<string, number> | undefined {
	switch (reporting) {
		case 'usd-and-credits':
			return { credits_used: charge.credits, usd_spent: charge.usd };
		case 'credits':
			return { credits_used: charge.credits };
		case 'tokens':
			return { tokens_used: charge.credits };
		default:
			return undefined;
	}
}

/** The charge headers of a JSON answer that reports `charge` (none in `none` mode). */
export function chargeHeaders(charge: Charge, reporting: ChargeReporting): Record<string, string> {
	if (reporting === 'none') return {};
	return {
		'x-aimlapi-credits-used': String(charge.credits),
		'x-aimlapi-usd-spent': String(charge.usd),
	};
}
