import type { AudioMeasure } from '../media/audioLength';
import type { VideoModel } from '../models';
import type { ItemRun } from '../nodeRun';
import {
	measuredSpeech,
	modelLimit,
	scriptCharacters,
	scriptSpeech,
} from '../pricing/billedSpeech';
import { priceRequest, type PricedRequest } from '../pricing/pricer';
import type { BilledQuantity } from '../pricing/quote';
import type { ItemPlan } from '../spend/types';
import type { SpeechInput } from './videoInputs';

/** The least speech a job is billed for: one second. */
const LEAST_SPEECH: BilledQuantity = {
	unit: 'second',
	amount: 1,
	exact: false,
	basis: 'at least 1 s; its audio was not read, as nothing less could fit',
};

/** The fields of a video request that a price variant may depend on (e.g. `resolution`). */
export type VideoFields = Record<string, unknown>;

/** The seconds of speech a video request is billed on, as best known before anything is paid. */
export async function speechOfInput(
	run: ItemRun,
	model: VideoModel,
	input: SpeechInput,
	purpose: 'reserve' | 'estimate',
): Promise<BilledQuantity> {
	if (input.kind === 'url' && input.seconds !== undefined)
		return measuredSpeech(
			model,
			{ ok: true, format: 'mp3', seconds: input.seconds, bytesRead: 0 },
			'the binary file',
		);
	if (input.kind === 'url')
		return measuredSpeech(model, await run.pricing.measureAudio(input.audioUrl));
	if (input.kind === 'builtInVoice') return scriptSpeech(model, input.text, purpose);
	const script = String(input.ttsBody.text ?? '');
	return scriptSpeech(model, script, purpose);
}

export async function priceVideo(
	run: ItemRun,
	model: VideoModel,
	fields: VideoFields,
	speech: BilledQuantity,
): Promise<PricedRequest> {
	const { priceList, ledger } = run.pricing;
	const priced = await priceRequest(
		priceList,
		ledger,
		{ kind: 'video', model: model.id, fields },
		speech,
	);
	if (!model.billingUndocumented || priced.plan.usd !== undefined) return priced;
	const plan = { ...priced.plan, basisUnknown: true };
	const usd = ledger.priceOf(plan);
	return { plan, estimate: { ...priced.estimate, ...(usd !== undefined && { usd }) } };
}

export async function priceSynthesis(
	run: ItemRun,
	ttsBody: Record<string, unknown>,
): Promise<PricedRequest> {
	const { priceList, ledger } = run.pricing;
	const script = String(ttsBody.text ?? '');
	return await priceRequest(
		priceList,
		ledger,
		{ kind: 'speech', model: String(ttsBody.model), fields: ttsBody },
		scriptCharacters(script),
	);
}

/**
 * An audio link's video under a limit. Once the limit is all spent or firmly held, an item that could not
 * fit even at one second is refused without its audio being read (checked again when its read's turn comes):
 * the tail of a large batch costs no fetches. Upper-bound reservations do not count here, as they shrink.
 */
async function priceLinkUnderLimit(
	run: ItemRun,
	model: VideoModel,
	fields: VideoFields,
	limitUsd: number,
	audioUrl: string,
): Promise<PricedRequest[]> {
	const { ledger } = run.pricing;
	const floor = await priceVideo(run, model, fields, LEAST_SPEECH);
	const least = floor.plan.usd ?? ledger.priceOf(floor.plan);
	const hopeless = () => least !== undefined && !ledger.couldFit(least, limitUsd, 'firm');
	const refused = [{ ...floor, plan: { ...floor.plan, usd: least, atLeast: true } }];
	if (hopeless()) return refused;
	const measure = await run.pricing.measureAudioIfNeeded(audioUrl, () => !hopeless());
	if (!measure) return refused;
	return [await priceVideo(run, model, fields, measuredSpeech(model, measure))];
}

/**
 * Everything an item will pay for, priced before its first paid request: the speech synthesis of a
 * script (its characters) and the video (its speech's seconds: measured, or bounded).
 */
export async function priceItem(
	run: ItemRun,
	model: VideoModel,
	input: SpeechInput,
	fields: VideoFields,
	purpose: 'reserve' | 'estimate',
	limitUsd?: number,
): Promise<PricedRequest[]> {
	if (input.kind === 'url' && input.seconds === undefined && limitUsd !== undefined) {
		return await priceLinkUnderLimit(run, model, fields, limitUsd, input.audioUrl);
	}
	const video = await priceVideo(
		run,
		model,
		fields,
		await speechOfInput(run, model, input, purpose),
	);
	if (input.kind !== 'text') return [video];
	return [await priceSynthesis(run, input.ttsBody), video];
}

/**
 * What an item will pay for, under a limit. An audio link's item is planned on its model's audio limit
 * (what the service takes at most) when the price list quotes it, its audio read only if that bound does
 * not fit: far from the limit, an item costs no fetch.
 */
export async function planItem(
	run: ItemRun,
	model: VideoModel,
	input: SpeechInput,
	fields: VideoFields,
	limitUsd: number,
): Promise<ItemPlan> {
	const plans = (priced: PricedRequest[]) => priced.map((each) => each.plan);
	if (input.kind !== 'url' || input.seconds !== undefined || model.audioLimitSeconds === undefined)
		return { requests: plans(await priceItem(run, model, input, fields, 'reserve', limitUsd)) };
	const bound = await priceVideo(
		run,
		model,
		fields,
		modelLimit(model, 'its audio is read only if this does not fit'),
	);
	if (bound.plan.usd === undefined)
		return { requests: plans(await priceItem(run, model, input, fields, 'reserve', limitUsd)) };
	const least = { ...(await priceVideo(run, model, fields, LEAST_SPEECH)).plan, atLeast: true };
	const { audioUrl } = input;
	const { ledger } = run.pricing;
	const couldFit = () => least.usd === undefined || ledger.couldFit(least.usd, limitUsd, 'spent');
	// One read, started ahead of the item's turn or at it; skipped once even one second can never fit.
	let reading: Promise<AudioMeasure | undefined> | undefined;
	const read = async () => await (reading ??= run.pricing.measureAudioIfNeeded(audioUrl, couldFit));
	const exact = async () => {
		const measure = await read();
		if (!measure) return [least];
		return [(await priceVideo(run, model, fields, measuredSpeech(model, measure))).plan];
	};
	return {
		requests: [{ ...bound.plan, upperBound: true }],
		exact,
		...(least.usd !== undefined && { least: [least] }),
		readAhead: () => void read().catch(() => undefined),
	};
}

/** The video priced on the speech a synthesis made, measured from its audio (or bounded when unreadable). */
export async function priceVideoOnSpeech(
	run: ItemRun,
	model: VideoModel,
	fields: VideoFields,
	speech: { audioUrl: string; seconds?: number },
): Promise<PricedRequest> {
	const quantity: BilledQuantity =
		speech.seconds !== undefined
			? {
					unit: 'second',
					amount: speech.seconds,
					exact: true,
					basis: `${Number(speech.seconds.toFixed(1))} s, measured from the synthesized speech`,
				}
			: measuredSpeech(model, await run.pricing.measureAudio(speech.audioUrl));
	return await priceVideo(run, model, fields, quantity);
}
