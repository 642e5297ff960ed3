/**
 * What the simulator charges for a request and how its answers say so. Creates and JSON `/v1/tts`
 * answers report the charge; a completed job may report the same charge again (it is one charge); a
 * failed job costs nothing. The usage logs (`usageLogs.ts`) list the same charges.
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

export interface Charge {
	usd: number;
	credits: number;
}

export interface BillingSettings {
	/** USD per video job by model id (the recommended id); a model not listed costs its `priceUsd`. */
	videoPrices: Record<string, number>;
	/** USD per `/v1/tts` synthesis by speech model id; a model not listed costs `speechPrice`. */
	speechPrices: Record<string, number>;
	speechPrice: number;
	reporting: ChargeReporting;
	/** The completed generation object reports the charge again, the way the create answer did. */
	alsoOnCompletion: boolean;
}

export const DEFAULT_SPEECH_PRICE_USD = 0.015;

export const DEFAULT_BILLING: BillingSettings = {
	videoPrices: {},
	speechPrices: {},
	speechPrice: DEFAULT_SPEECH_PRICE_USD,
	reporting: 'usd-and-credits',
	alsoOnCompletion: true,
};

/** `base` with `change` applied; price tables are merged, not replaced. */
export function withBilling(
	base: BillingSettings,
	change: Partial<BillingSettings> = {},
): BillingSettings {
	return {
		...base,
		...change,
		videoPrices: { ...base.videoPrices, ...change.videoPrices },
		speechPrices: { ...base.speechPrices, ...change.speechPrices },
	};
}

export function chargeOf(usd: number): Charge {
	return { usd, credits: Math.round(usd * CREDITS_PER_USD) };
}

export const NO_CHARGE: Charge = { usd: 0, credits: 0 };

/** Per-request price, `sim-price=<usd>` in a job's audio or image URL, or anywhere in a tts text. */
export function priceHint(value: string | null | undefined): number | undefined {
	if (value === null || value === undefined || value.trim() === '') return undefined;
	const usd = Number(value);
	return Number.isFinite(usd) && usd >= 0 ? usd : undefined;
}

export function videoCharge(
	settings: BillingSettings,
	model: SimulatedVideoModel,
	hintedUsd?: number,
): Charge {
	return chargeOf(hintedUsd ?? settings.videoPrices[model.id] ?? model.priceUsd);
}

export function speechCharge(settings: BillingSettings, model: string, text: string): Charge {
	const hinted = priceHint(/\bsim-price=(\S+)/.exec(text)?.[1]);
	return chargeOf(hinted ?? settings.speechPrices[model] ?? settings.speechPrice);
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
