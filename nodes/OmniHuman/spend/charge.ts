import type { GenerationUsage } from '../generation';
import { headerValue, type HttpHeaders } from '../transport/exchange';

export const CREDITS_PER_USD = 2_000_000;

/** What one paid request cost, as the service reported it. */
export interface Charge {
	usd: number;
	credits: number;
}

function fromParts(usd: number | undefined, credits: number | undefined): Charge | undefined {
	if (usd === undefined && credits === undefined) return undefined;
	const dollars = usd ?? (credits as number) / CREDITS_PER_USD;
	return { usd: dollars, credits: credits ?? Math.round(dollars * CREDITS_PER_USD) };
}

function headerNumber(headers: HttpHeaders, name: string): number | undefined {
	const raw = headerValue(headers, name);
	if (raw === undefined || raw.trim() === '') return undefined;
	const value = Number(raw);
	return Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** The charge in an answer's usage: `usd_spent`, else `credits_used`/`tokens_used` ÷ 2,000,000. */
export function chargeOfUsage(usage: GenerationUsage | undefined): Charge | undefined {
	return fromParts(usage?.usdSpent, usage?.credits);
}

/** The charge in the `x-aimlapi-usd-spent` / `x-aimlapi-credits-used` headers. */
export function chargeOfHeaders(headers: HttpHeaders): Charge | undefined {
	return fromParts(
		headerNumber(headers, 'x-aimlapi-usd-spent'),
		headerNumber(headers, 'x-aimlapi-credits-used'),
	);
}

/** The output's `usage` from a charge (the same shape the generation object's usage has). */
export function usageOf(charge: Charge): GenerationUsage {
	return { credits: charge.credits, usdSpent: charge.usd };
}

export function formatUsd(usd: number): string {
	return `$${usd.toFixed(usd !== 0 && Math.abs(usd) < 0.1 ? 4 : 2)}`;
}
