import type { PaidKind } from '../spend/clientRequestId';
import type { SpendLedger } from '../spend/spendLedger';
import type { PlannedRequest } from '../spend/types';
import type { PriceList } from './priceList';
import { billedUnits, quote, type BilledQuantity } from './quote';

/** Where an estimate's rate comes from. */
export type RateSource = 'price list' | 'learned from this execution' | 'unknown';

/** One paid request, priced before it is sent: what the estimate shows and what the limit reserves. */
export interface PricedRequest {
	plan: PlannedRequest;
	estimate: RequestEstimate;
}

export interface RequestEstimate {
	kind: PaidKind;
	model: string;
	/** What it is billed on and how much: seconds of speech (measured or a bound), characters, or the request. */
	unit: string;
	quantity: number;
	billed: number;
	basis: string;
	exact: boolean;
	rate?: { price: number; per: number; unit: string };
	source: RateSource;
	/** Undefined when nothing can price it yet (the model's first request of the execution shows its charge). */
	usd?: number;
	note?: string;
}

/**
 * Prices a paid request before it is sent: the price list's figure for its unit and quantity where the
 * list can quote it; otherwise the rate this execution learned from the model's earlier charges; otherwise
 * nothing yet (under a limit the model's first request then goes alone, and its charge teaches the rate).
 */
export async function priceRequest(
	priceList: PriceList,
	ledger: SpendLedger,
	request: { kind: PaidKind; model: string; fields: Record<string, unknown> },
	quantity: BilledQuantity,
): Promise<PricedRequest> {
	const { kind, model } = request;
	const base = {
		kind,
		model,
		unit: quantity.unit,
		quantity: quantity.amount,
		billed: billedUnits(quantity),
		basis: quantity.basis,
		exact: quantity.exact,
	};
	const pricing = await priceList.pricingOf(model);
	const quoted = pricing.kind === 'unquoted' ? pricing : quote(pricing, request.fields, quantity);
	if (!('kind' in quoted)) {
		const { usd, price, per, unit, billed, note } = quoted;
		return {
			plan: { kind, model, usd, quantity },
			estimate: {
				...base,
				billed,
				usd,
				rate: { price, per, unit },
				source: 'price list',
				...(note && { note }),
			},
		};
	}
	const plan: PlannedRequest = { kind, model, quantity };
	const rate = ledger.learnedRate(model, quantity.unit);
	const usd = ledger.priceOf(plan);
	return {
		plan,
		estimate: {
			...base,
			...(rate !== undefined && { rate: { price: rate, per: 1, unit: quantity.unit } }),
			source: rate === undefined ? 'unknown' : 'learned from this execution',
			...(usd !== undefined && { usd }),
			note:
				rate === undefined
					? `No price yet: ${quoted.reason}, and no charge of this model was seen in this execution; the first request's charge teaches the rate`
					: `The price list cannot quote it (${quoted.reason}): priced at the rate its earlier charges in this execution show`,
		},
	};
}
