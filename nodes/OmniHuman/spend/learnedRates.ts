import { billedUnits, type BilledUnit } from '../pricing/quote';
import type { LedgerEntry, PlannedRequest } from './types';

type Quantity = NonNullable<LedgerEntry['quantity']>;

const rateKey = (model: string, unit: BilledUnit) => `${model}|${unit}`;
/** A request billed as a whole, for a rate learned per request when nothing finer is known. */
const PER_REQUEST = { unit: 'request' as const, amount: 1, exact: true, basis: '' };

/**
 * The rates this execution's charges show, per model and unit (USD per second, per character, per
 * request), for requests the price list cannot quote. The highest seen is kept.
 */
export class LearnedRates {
	/** From measured quantities: charge ÷ units billed. */
	private readonly measured = new Map<string, number>();

	/**
	 * From requests whose quantity was only bounded (an audio that could not be read): the charge over one
	 * unit, the most the rate can be. Used only while no measured rate is known.
	 */
	private readonly bounded = new Map<string, number>();

	/** Every charge is one request's: it teaches the per-request rate, and the rate of a finer quantity billed. */
	learn(model: string, quantity: LedgerEntry['quantity'], usd: number) {
		this.teach(model, PER_REQUEST, usd);
		if (quantity && quantity.unit !== 'request') this.teach(model, quantity, usd);
	}

	private teach(model: string, { unit, amount, exact }: Quantity, usd: number) {
		if (!(amount > 0)) return;
		const rates = exact ? this.measured : this.bounded;
		const rate = usd / (exact ? billedUnits({ unit, amount, exact, basis: '' }) : 1);
		const key = rateKey(model, unit);
		if (rate > (rates.get(key) ?? -1)) rates.set(key, rate);
	}

	/** The rate learned for a model's unit (USD per unit), if any. */
	rateOf(model: string, unit: BilledUnit): number | undefined {
		const key = rateKey(model, unit);
		return this.measured.get(key) ?? this.bounded.get(key);
	}

	/** What a planned request will cost: its price-list figure, else the learned rate × its quantity. */
	priceOf(request: PlannedRequest): number | undefined {
		if (request.usd !== undefined) return request.usd;
		const quantity = request.quantity ?? PER_REQUEST;
		const rate = this.rateOf(request.model, quantity.unit);
		const usd = rate === undefined ? undefined : rate * billedUnits(quantity);
		if (!request.basisUnknown || usd === undefined) return usd;
		return Math.max(usd, this.rateOf(request.model, 'request') ?? 0);
	}
}
