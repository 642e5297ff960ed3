import type { SendRequest } from '../transport/exchange';
import { headerValue } from '../transport/exchange';

/** One way the service counts a request, with its price: `price` USD for every `per` units. */
export interface PriceUnit {
	unit: string;
	price: number;
	per: number;
}

/** A model's `pricing`, as the price list (`GET /v1/models?id=<model>&include=pricing`) gives it. */
export type ModelPricing =
	| { kind: 'fixed'; units: PriceUnit[] }
	| {
			kind: 'variants';
			dimensions: string[];
			variants: Array<PriceUnit & { when: Record<string, string> }>;
	  }
	| { kind: 'variable' };

/** Why the price list gave no figures for a model: the node then learns the rate from the charges. */
export type Unquoted = { kind: 'unquoted'; reason: string };

export const MODELS_PATH = '/v1/models';

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function priceUnit(raw: unknown, unitField: 'name' | 'unit'): PriceUnit | undefined {
	if (!isRecord(raw)) return undefined;
	const unit = raw[unitField] ?? raw.name ?? raw.unit;
	const price = Number(raw.price);
	const per = raw.per === undefined ? 1 : Number(raw.per);
	if (typeof unit !== 'string' || unit === '') return undefined;
	if (!Number.isFinite(price) || price < 0 || !Number.isFinite(per) || per <= 0) return undefined;
	return { unit: unit.toLowerCase(), price, per };
}

/** Reads `pricing` defensively: anything it cannot read in full is no quote at all, never a partial one. */
export function parsePricing(raw: unknown): ModelPricing | Unquoted {
	if (!isRecord(raw)) return { kind: 'unquoted', reason: 'the price list has no pricing for it' };
	if (raw.currency !== undefined && String(raw.currency).toUpperCase() !== 'USD')
		return { kind: 'unquoted', reason: `the price list quotes it in ${String(raw.currency)}` };
	if (raw.kind === 'variable')
		return {
			kind: 'unquoted',
			reason: 'the price list says its price cannot be quoted ahead of the request',
		};
	if (raw.kind === 'fixed' && Array.isArray(raw.units)) {
		const units = raw.units.map((each) => priceUnit(each, 'name'));
		if (units.length > 0 && units.every((each) => each !== undefined))
			return { kind: 'fixed', units: units as PriceUnit[] };
	}
	if (raw.kind === 'variants' && Array.isArray(raw.variants)) {
		const variants = raw.variants.map((each) => {
			const unit = priceUnit(each, 'unit');
			if (!unit || !isRecord(each) || !isRecord(each.when)) return undefined;
			const when = Object.fromEntries(Object.entries(each.when).map(([k, v]) => [k, String(v)]));
			return { ...unit, when };
		});
		const dimensions = Array.isArray(raw.dimensions) ? raw.dimensions.map(String) : [];
		if (variants.length > 0 && variants.every((each) => each !== undefined))
			return {
				kind: 'variants',
				dimensions,
				variants: variants as Array<PriceUnit & { when: Record<string, string> }>,
			};
	}
	return { kind: 'unquoted', reason: 'its pricing in the price list could not be read' };
}

/** The entry for `model` in a price-list answer, matched on `id` or one of its `aliases`. */
export function pricingInAnswer(body: unknown, model: string): ModelPricing | Unquoted {
	const data = isRecord(body) ? body.data : undefined;
	const entries: unknown[] = Array.isArray(data) ? data : [data];
	const entry = entries.find(
		(each) =>
			isRecord(each) &&
			(each.id === model || (Array.isArray(each.aliases) && each.aliases.includes(model))),
	) as Record<string, unknown> | undefined;
	if (!entry) return { kind: 'unquoted', reason: `${model} is not in the price list` };
	return parsePricing(entry.pricing);
}

interface Cached {
	etag: string;
	pricing: ModelPricing | Unquoted;
}

/** Answers kept across executions in this process, revalidated once per execution with their ETag. */
const byEtag = new Map<string, Cached>();

/**
 * The service's price list for the models one execution uses: each model read once (later reads in the
 * execution reuse it), sent with `If-None-Match` when this process saw the model's list before.
 */
export class PriceList {
	private readonly reads = new Map<string, Promise<ModelPricing | Unquoted>>();

	constructor(
		private readonly send: SendRequest,
		private readonly timeoutMs: number,
	) {}

	pricingOf(model: string): Promise<ModelPricing | Unquoted> {
		let read = this.reads.get(model);
		if (!read) {
			read = this.read(model);
			this.reads.set(model, read);
		}
		return read;
	}

	private async read(model: string): Promise<ModelPricing | Unquoted> {
		const cached = byEtag.get(model);
		const exchange = await this.send({
			method: 'GET',
			url: MODELS_PATH,
			qs: { id: model, include: 'pricing' },
			...(cached && { headers: { 'If-None-Match': cached.etag } }),
			timeoutMs: this.timeoutMs,
		});
		if (exchange.kind !== 'response')
			return {
				kind: 'unquoted',
				reason: `the price list could not be read (${exchange.kind === 'network' ? exchange.message : exchange.kind})`,
			};
		if (exchange.statusCode === 304 && cached) return cached.pricing;
		if (exchange.statusCode < 200 || exchange.statusCode >= 300)
			return {
				kind: 'unquoted',
				reason: `the price list could not be read (HTTP ${exchange.statusCode})`,
			};
		const pricing = pricingInAnswer(exchange.body, model);
		const etag = headerValue(exchange.headers, 'etag');
		if (etag) byEtag.set(model, { etag, pricing });
		return pricing;
	}
}
