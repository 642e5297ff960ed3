import type { ModelPricing, PriceUnit, Unquoted } from './priceList';

/** What one request is billed on: its speech's seconds, its script's characters, or the request itself. */
export type BilledUnit = 'second' | 'character' | 'request';

/** How much of a unit a request uses: measured, or an upper bound where it cannot be measured. */
export interface BilledQuantity {
	unit: BilledUnit;
	/** Exact (speech seconds as measured, characters), or a bound (the model's audio limit). */
	amount: number;
	exact: boolean;
	/** How the amount was found, for the estimate ("measured from the MP3", "up to 30 s: the model's limit"). */
	basis: string;
}

export interface PriceQuote {
	usd: number;
	unit: string;
	price: number;
	per: number;
	/** The units billed: seconds rounded up as the service does. */
	billed: number;
	note?: string;
}

const UNIT_NAMES: Record<BilledUnit, RegExp> = {
	second: /^(seconds?|secs?|s)$/,
	character: /^(characters?|chars?)$/,
	request: /^(requests?|generations?|videos?|calls?|jobs?)$/,
};

/** The units the service counts, rounded like the service: whole seconds, up. */
export function billedUnits(quantity: BilledQuantity): number {
	if (quantity.unit === 'second') return Math.max(1, Math.ceil(quantity.amount - 1e-9));
	return quantity.unit === 'request' ? 1 : Math.max(0, Math.ceil(quantity.amount));
}

function unitMatches(unit: string, wanted: BilledUnit): boolean {
	return UNIT_NAMES[wanted].test(unit.trim().toLowerCase());
}

function priced(each: PriceUnit, quantity: BilledQuantity, note?: string): PriceQuote {
	const billed = billedUnits({ ...quantity, unit: unitOf(each.unit) ?? quantity.unit });
	return {
		usd: (each.price / each.per) * billed,
		unit: each.unit,
		price: each.price,
		per: each.per,
		billed,
		...(note && { note }),
	};
}

function unitOf(name: string): BilledUnit | undefined {
	return (Object.keys(UNIT_NAMES) as BilledUnit[]).find((unit) => unitMatches(name, unit));
}

/**
 * What the price list says one request costs: the price of the unit it is billed on (seconds of speech,
 * characters, or per request) for the amount, or no quote when its units are not ones the node can
 * count. `fields` are the request's own fields, matched against a variant's `when` (e.g. `resolution`);
 * a field the request leaves to the service's default matches every variant, and the highest is taken.
 */
export function quote(
	pricing: ModelPricing,
	fields: Record<string, unknown>,
	quantity: BilledQuantity,
): PriceQuote | Unquoted {
	const countable = (each: PriceUnit) =>
		unitMatches(each.unit, quantity.unit) || unitMatches(each.unit, 'request');
	if (pricing.kind === 'variable')
		return { kind: 'unquoted', reason: 'its price cannot be quoted ahead of the request' };
	if (pricing.kind === 'fixed') {
		if (!pricing.units.every(countable))
			return {
				kind: 'unquoted',
				reason: `it is priced per ${pricing.units.map((each) => each.unit).join(' and ')}, which the node cannot count before the request`,
			};
		const parts = pricing.units.map((each) => priced(each, quantity));
		if (parts.length === 1) return parts[0];
		const usd = parts.reduce((sum, each) => sum + each.usd, 0);
		return { ...parts[0], usd, note: `the sum of ${parts.length} prices` };
	}
	const matching = pricing.variants.filter((variant) =>
		Object.entries(variant.when).every(([field, value]) => {
			const sent = fields[field];
			return (
				sent === undefined || sent === '' || String(sent).toLowerCase() === value.toLowerCase()
			);
		}),
	);
	if (matching.length === 0)
		return { kind: 'unquoted', reason: 'no variant of its price matches this request' };
	if (!matching.every(countable))
		return {
			kind: 'unquoted',
			reason: `it is priced per ${matching[0].unit}, which the node cannot count before the request`,
		};
	const quotes = matching.map((variant) =>
		priced(
			variant,
			quantity,
			Object.entries(variant.when)
				.map(([field, value]) => `${field} ${value}`)
				.join(', '),
		),
	);
	const highest = quotes.reduce((top, each) => (each.usd > top.usd ? each : top));
	if (matching.length === 1) return highest;
	const which = `the highest of ${matching.length} variants`;
	return { ...highest, note: highest.note ? `${highest.note}, ${which}` : which };
}
