import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { VideoModel } from '../models';
import type { ItemRun } from '../nodeRun';
import type { RequestEstimate } from '../pricing/pricer';
import { formatUsd } from '../spend/charge';
import { readBalance } from '../transport/billing';
import type { SendRequest } from '../transport/exchange';
import { priceItem } from './itemPricing';
import { readOptions } from './options';
import { readExtras, readSpeechInput } from './videoInputs';
import type { ItemOutput } from './waitForVideo';

function describeRate(each: RequestEstimate): string | null {
	if (!each.rate) return null;
	const { price, per, unit } = each.rate;
	const count = per === 1 ? unit : `${per.toLocaleString('en-US')} ${unit}s`;
	return `${formatUsd(price)} per ${count} (${each.source})`;
}

function requestJson(each: RequestEstimate): IDataObject {
	return {
		kind: each.kind === 'video' ? 'video job' : 'speech synthesis',
		model: each.model,
		unit: each.unit,
		quantity: Number(each.quantity.toFixed(3)),
		billed: each.billed,
		basis: each.basis,
		rate: describeRate(each),
		rateSource: each.source,
		estimatedUsd: each.usd === undefined ? null : Number(each.usd.toFixed(6)),
		...(each.note && { note: each.note }),
	};
}

/**
 * Estimate Cost: what Create would pay for this item, priced as the spend limit prices it (the price
 * list's rate for the speech's seconds, measured from the audio; a script's speech estimated), with
 * nothing paid. The batch total is added to every item when all are priced (`finishEstimates`).
 */
export async function estimateVideoCost(run: ItemRun, model: VideoModel): Promise<ItemOutput> {
	const extras = readExtras(run, model);
	const input = await readSpeechInput(run, model, readOptions(run, model.defaultMaxWaitSeconds));
	const fields: IDataObject = { model: model.id, ...extras };
	const priced = await priceItem(run, model, input, fields, 'estimate');
	const video = priced[priced.length - 1].estimate;
	const unknown = priced.some((each) => each.estimate.usd === undefined);
	const total = priced.reduce((sum, each) => sum + (each.estimate.usd ?? 0), 0);
	return {
		json: {
			model: model.id,
			speechSeconds: video.unit === 'second' ? Number(video.quantity.toFixed(3)) : null,
			speechBasis: video.basis,
			billedSeconds: video.unit === 'second' ? video.billed : null,
			rate: describeRate(video),
			rateSource: video.source,
			estimatedUsd: unknown ? null : Number(total.toFixed(6)),
			requests: priced.map((each) => requestJson(each.estimate)),
		},
	};
}

/**
 * The batch total on every item, the account's balance where the key can read it, and whether the batch
 * fits; shown as an execution hint too.
 */
export async function finishEstimates(
	context: IExecuteFunctions,
	send: SendRequest,
	outputs: ItemOutput[],
) {
	const priced = outputs.filter((each) => typeof each.json.estimatedUsd === 'number');
	const totalUsd = priced.reduce((sum, each) => sum + (each.json.estimatedUsd as number), 0);
	const unpriced = outputs.filter((each) => each.json.estimatedUsd === null).length;
	const balance = await readBalance(send);
	const fits = balance === undefined || unpriced > 0 ? null : totalUsd <= balance.usd;
	const batch: IDataObject = {
		items: outputs.length,
		totalUsd: Number(totalUsd.toFixed(6)),
		unpriced,
		balanceUsd: balance?.usd ?? null,
		fitsBalance: fits,
	};
	for (const each of outputs) each.json.batch = { ...batch };
	const balanceText =
		balance === undefined
			? 'the balance could not be read with this key'
			: `balance ${formatUsd(balance.usd)}${fits === null ? '' : fits ? ', which covers it' : ', which does not cover it'}`;
	const unpricedText =
		unpriced > 0 ? ` (${unpriced} ${unpriced === 1 ? 'item has' : 'items have'} no price yet)` : '';
	const message = `Estimated cost: ${formatUsd(totalUsd)} for ${outputs.length} ${outputs.length === 1 ? 'item' : 'items'}${unpricedText}; ${balanceText}`;
	context.logger.info(`OmniHuman: ${message}`, { executionId: context.getExecutionId() });
	if (typeof context.addExecutionHints === 'function')
		context.addExecutionHints({ message, type: 'info', location: 'outputPane' });
}
