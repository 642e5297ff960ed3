import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import {
	CHARACTERS_PER_SPEECH_PRICE,
	pricingKindOf,
	speechRate,
	VIDEO_RATES,
	videoRate,
	type BillingSettings,
} from './billing';
import { sendError, sendJson } from './envelope';
import { SPEECH_MODEL_IDS } from './speechModels';
import { VIDEO_MODELS } from './videoModels';

/**
 * The service's price list (the contract's "What a request costs"): `GET /v1/models?id=<model>&include=pricing`
 * → `{ object: "list", data: [{ id, aliases, type, tags, pricing }] }` (a model matched on `id` or `aliases`;
 * `pricing` only with `include=pricing`) and `GET /model/<id>` → `{ object: "model", data }` or 404. No key
 * needed (one sent is ignored). Every answer has an `ETag`; `If-None-Match` with it → 304. Each model is shown
 * in the kind the billing settings choose (`pricingKindOf`), with the very rates the charges use.
 */
export type Pricing =
	| {
			kind: 'fixed';
			currency: 'USD';
			units: Array<{ name: string; price: number; per: number }>;
	  }
	| {
			kind: 'variants';
			currency: 'USD';
			dimensions: string[];
			variants: Array<{ when: Record<string, string>; price: number; unit: string; per: number }>;
	  }
	| { kind: 'variable' };

export interface PriceListEntry {
	id: string;
	aliases: string[];
	type: 'video' | 'tts';
	tags: string[];
	pricing?: Pricing;
}

const OTHER_MODEL_IDS = new Set(VIDEO_MODELS.map((model) => model.id));

/** Every model the simulator takes, as the list names it (another model's id is no alias). */
export const LISTED_MODELS: Array<Omit<PriceListEntry, 'pricing'>> = [
	...VIDEO_MODELS.map((model) => ({
		id: model.id,
		aliases: model.spellings.filter(
			(spelling) => spelling !== model.id && !OTHER_MODEL_IDS.has(spelling),
		),
		type: 'video' as const,
		tags:
			model.kind === 'avatar'
				? ['talking-avatar', 'image-to-video']
				: ['lip-sync', 'video-to-video'],
	})),
	...SPEECH_MODEL_IDS.map((id) => ({
		id,
		aliases: [],
		type: 'tts' as const,
		tags: ['text-to-speech'],
	})),
];

/** A model's `pricing` in the kind the settings give it (undefined when it is `missing`). */
export function pricingOf(settings: BillingSettings, modelId: string): Pricing | undefined {
	const kind = pricingKindOf(settings, modelId);
	if (kind === 'missing') return undefined;
	if (kind === 'variable') return { kind };
	const per = VIDEO_RATES[modelId] ? 1 : CHARACTERS_PER_SPEECH_PRICE;
	const unit = VIDEO_RATES[modelId]?.unit ?? 'character';
	const natural = VIDEO_RATES[modelId]?.rate;
	const rate = settings.videoRates[modelId] ?? natural;
	const price = VIDEO_RATES[modelId]
		? videoRate(settings, modelId).price
		: speechRate(settings, modelId);
	if (kind === 'fixed') return { kind, currency: 'USD', units: [{ name: unit, price, per }] };
	if (rate !== undefined && typeof rate === 'object') {
		const variants = Object.entries(rate).map(([resolution, figure]) => ({
			when: { resolution },
			price: figure,
			unit,
			per,
		}));
		return { kind, currency: 'USD', dimensions: ['resolution'], variants };
	}
	return { kind, currency: 'USD', dimensions: [], variants: [{ when: {}, price, unit, per }] };
}

function entryOf(
	settings: BillingSettings,
	model: Omit<PriceListEntry, 'pricing'>,
	withPricing: boolean,
) {
	const pricing = pricingOf(settings, model.id);
	if (!pricing) return undefined;
	return withPricing ? { ...model, pricing } : { ...model };
}

export function isPriceListPath(pathname: string): boolean {
	return pathname === '/v1/models' || pathname.startsWith('/model/');
}

/** Answers a price-list read (the route `prices`), whatever key it carries. */
export function servePriceList(
	url: URL,
	request: IncomingMessage,
	response: ServerResponse,
	settings: BillingSettings,
) {
	if (settings.priceList === 'hang') return;
	if (settings.priceList === 'error')
		return sendError(response, 500, 'Internal server error', url.pathname);
	const matches = (model: Omit<PriceListEntry, 'pricing'>, id: string) =>
		model.id === id || model.aliases.includes(id);
	if (url.pathname === '/v1/models') {
		const ids = url.searchParams.getAll('id');
		const withPricing = (url.searchParams.get('include') ?? '').split(',').includes('pricing');
		const data = LISTED_MODELS.filter(
			(model) => ids.length === 0 || ids.some((id) => matches(model, id)),
		)
			.map((model) => entryOf(settings, model, withPricing))
			.filter((entry) => entry !== undefined);
		return answer(request, response, { object: 'list', data });
	}
	const id = decodeURIComponent(url.pathname.slice('/model/'.length));
	const model = LISTED_MODELS.find((candidate) => matches(candidate, id));
	const entry = model && entryOf(settings, model, true);
	if (!entry)
		return sendError(response, 404, `Model ${id} not found`, url.pathname, {
			etag: etagOf(`missing:${id}`),
		});
	return answer(request, response, { object: 'model', data: entry });
}

function etagOf(text: string): string {
	return `"${createHash('sha1').update(text).digest('base64url')}"`;
}

function answer(request: IncomingMessage, response: ServerResponse, body: unknown) {
	const etag = etagOf(JSON.stringify(body));
	const sent = (request.headers['if-none-match'] ?? '')
		.split(',')
		.map((tag) => tag.trim().replace(/^W\//, ''));
	if (sent.includes(etag) || sent.includes('*')) {
		response.writeHead(304, { etag });
		response.end();
		return;
	}
	sendJson(response, 200, body, { etag });
}
