import type { INodeParameters } from 'n8n-workflow';

import { NODE } from '../harness/workflows';
import type { PricingKind } from '../simulator/billing';
import { FAST, IMAGE_URL, items, useFixture } from '../support/fixture';

const fx = useFixture();
const MODEL = 'bytedance/omnihuman';

/** The batch: the first item speaks 5 s, the other five 25 s, at $0.14 a second. */
const LENGTHS = [5, 25, 25, 25, 25, 25];
const audio = (seconds: number, format = 'mp3') => `${fx.sim.videoOrigin}/audio/${seconds}s.${format}`;

function mixedBatch(maxSpendPerExecution: number, model = MODEL): INodeParameters {
	return {
		operation: 'createAndWait',
		model,
		imageUrl: IMAGE_URL,
		audioUrl: '={{ $json.audio }}',
		options: { ...FAST, maxSpendPerExecution, maxConcurrentJobs: 6 } as INodeParameters,
	};
}
const mixedItems = () => items(LENGTHS.length, (row) => ({ row, audio: `${audio(LENGTHS[row])}?row=${row}` }));
const charged = () => [...fx.sim.jobs.values()].reduce((sum, job) => sum + job.charge.usd, 0);

describe('a limited batch of mixed speech lengths never passes the limit (billed per second)', () => {
	test.each<[string, Partial<{ pricing: Record<string, PricingKind>; priceList: 'error' }>]>([
		['the price list quotes a fixed rate', { pricing: { [MODEL]: 'fixed' } }],
		['the price list quotes variants', { pricing: { [MODEL]: 'variants' } }],
		['the price list says variable: the rate is learned', { pricing: { [MODEL]: 'variable' } }],
		['the model is missing from the price list: learned', { pricing: { [MODEL]: 'missing' } }],
		['the price list is down: learned', { priceList: 'error' }],
	])('%s: 5 s + 25 s + 25 s = $7.70 under $8, the other three refused before anything is sent', async (_, billing) => {
		fx.sim.setBilling({ videoRates: { [MODEL]: 0.14 }, ...billing });
		const result = await fx.run(mixedBatch(8), { items: mixedItems(), node: { continueOnFail: true } });
		expect(fx.sim.requestsTo('create')).toHaveLength(3);
		expect(charged()).toBeCloseTo(7.7, 9);
		expect(result.json(NODE).map((item) => item.status)).toEqual(['completed', 'completed', 'completed', 'refused', 'refused', 'refused']);
	});

	test('the key never goes to the audio’s host', async () => {
		fx.sim.setBilling({ videoRates: { [MODEL]: 0.14 } });
		await fx.run(mixedBatch(8), { items: mixedItems(), node: { continueOnFail: true } });
		const reads = fx.sim.requestsTo('audio');
		expect(reads.length).toBeGreaterThan(0);
		for (const read of reads) expect(read.headers.authorization).toBeUndefined();
	});

	test('far from the limit an item goes on its model’s worst case unread; near it, each audio is read', async () => {
		fx.sim.setBilling({ videoRates: { [MODEL]: 0.14 } });
		const result = await fx.run(mixedBatch(8), { items: mixedItems(), node: { continueOnFail: true } });
		const readRows = new Set(fx.sim.requestsTo('audio').map((read) => read.query.row));
		// Items 0 and 1 go on 30 s × $0.14 = $4.20 each (the second once the first's $0.70 charge is in). Item 0
		// leaves no room for two more worst cases, so the next items start reading ahead; from item 2 on, $4.20
		// spent leaves no room for a worst case, and each item is priced on its audio.
		expect(readRows.has('0')).toBe(false);
		expect(['2', '3', '4', '5'].filter((row) => readRows.has(row))).toEqual(['2', '3', '4', '5']);
		expect(charged()).toBeCloseTo(7.7, 9);
		const summary = fx.engine.logs.find((line) => line.includes('OmniHuman: Spent in this run'));
		expect(summary).toMatch(/priced before sending at \$11\.90 \(2 of them at their model's audio limit, their audio not read as the limit had room\), charged \$7\.70/);
		expect(result.json(NODE).map((item) => item.status)).toEqual(['completed', 'completed', 'completed', 'refused', 'refused', 'refused']);
	});

	test('no charge reported: an item that went on its worst case unread counts at that worst case, never less', async () => {
		fx.sim.setBilling({ videoRates: { [MODEL]: 0.14 }, reporting: 'none', alsoOnCompletion: false });
		const result = await fx.run(mixedBatch(8), { items: mixedItems(), node: { continueOnFail: true } });
		// Item 0 counts $4.20 (its 5 s paid $0.70); item 1 is read, $3.50: $7.70 counted. The rest cannot fit.
		expect(result.json(NODE).map((item) => item.status)).toEqual(['completed', 'completed', 'refused', 'refused', 'refused', 'refused']);
		expect(charged()).toBeCloseTo(4.2, 9);
		expect(result.json(NODE)[2].error).toMatch(/spent \$7\.70 on 2 jobs/);
	});

	test('a limit with room for every worst case reads no audio at all', async () => {
		fx.sim.setBilling({ videoRates: { [MODEL]: 0.14 } });
		await fx.run(mixedBatch(100), { items: mixedItems() });
		expect(fx.sim.requestsTo('create')).toHaveLength(LENGTHS.length);
		expect(fx.sim.requestsTo('audio')).toHaveLength(0);
	});

	test('an audio whose length cannot be read is priced at the model’s audio limit, and says so', async () => {
		fx.sim.setBilling({ videoRates: { [MODEL]: 0.14 } });
		const result = await fx.run({ ...mixedBatch(4), audioUrl: `${fx.sim.videoOrigin}/audio/5s.mp3?sim-status=403` }, { node: { continueOnFail: true } });
		// 30 s × $0.14 = $4.20 > $4: refused, though its real 5 s would have cost $0.70.
		expect(fx.sim.requestsTo('create')).toHaveLength(0);
		expect(result.json(NODE)[0].error).toMatch(/job of \$4\.20 \(up to 30 s, OmniHuman's audio limit \(its length could not be read: the host refused the request \(HTTP 403\)\)\)/);
	});
});

describe('Estimate Cost prices what Create then pays, on every simulated model, and pays nothing itself', () => {
	const cases: Array<[string, INodeParameters]> = [
		['bytedance/omnihuman', {}],
		['bytedance/omnihuman/v1.5', {}],
		['klingai/avatar-standard', {}],
		['klingai/avatar-pro', {}],
		['veed/fabric-1.0', { resolution: '720p' }],
		['veed/fabric-1.0-fast', { resolution: '480p' }],
		['pixverse/lip-sync', {}],
	];
	test.each(cases)('%s', async (model, extra) => {
		fx.sim.setBilling({ pricing: { 'pixverse/lip-sync': 'fixed' } });
		const lipSync = model === 'pixverse/lip-sync';
		const base: INodeParameters = {
			...(lipSync ? { resource: 'lipSync', videoUrl: 'https://videos.example.com/clip.mp4' } : { imageUrl: IMAGE_URL }),
			model,
			audioUrl: audio(7.5, 'wav'),
			...extra,
			options: FAST as INodeParameters,
		};
		const estimate = await fx.run({ ...base, operation: 'estimateCost' });
		expect(fx.sim.requestsTo('create')).toHaveLength(0);
		const [priced] = estimate.json(NODE);
		expect(priced).toMatchObject({ model, rateSource: 'price list', batch: { items: 1, totalUsd: priced.estimatedUsd, balanceUsd: fx.sim.balance, fitsBalance: true } });
		if (!lipSync) expect(priced).toMatchObject({ speechSeconds: 7.5, billedSeconds: 8 });
		await fx.run({ ...base, operation: 'createAndWait' });
		const [job] = [...fx.sim.jobs.values()];
		expect(priced.estimatedUsd).toBeCloseTo(job.charge.usd, 9);
	});

	test('a batch: the total and whether the balance covers it, as an execution hint too', async () => {
		fx.sim.balance = 5;
		const result = await fx.run({ imageUrl: IMAGE_URL, audioUrl: '={{ $json.audio }}', operation: 'estimateCost', options: {} }, { items: mixedItems() });
		const output = result.json(NODE);
		expect(output.map((item) => item.estimatedUsd)).toEqual([0.7, 3.5, 3.5, 3.5, 3.5, 3.5].map((usd) => expect.closeTo(usd, 9)));
		expect(output[0].batch).toEqual({ items: 6, totalUsd: 18.2, unpriced: 0, balanceUsd: 5, fitsBalance: false });
		const hints = (result.run.data.resultData.runData[NODE][0].hints ?? []).map((hint) => hint.message);
		expect(hints).toEqual(['Estimated cost: $18.20 for 6 items; balance $5.00, which does not cover it']);
		expect(fx.sim.requestsTo('create')).toHaveLength(0);
	});

	test('a script: its speech priced per character and its length estimated, with the basis named', async () => {
		const result = await fx.run({ imageUrl: IMAGE_URL, audioSource: 'text', script: 'Hello there, this is a short welcome message.', speechModel: 'openai/tts-1', voice: 'alloy', operation: 'estimateCost', options: {} });
		const [priced] = result.json(NODE);
		expect(priced.speechBasis).toMatch(/estimated from the script/);
		expect(priced.requests).toEqual([
			expect.objectContaining({ kind: 'speech synthesis', unit: 'character', billed: 45, rateSource: 'price list' }),
			expect.objectContaining({ kind: 'video job', unit: 'second', rateSource: 'price list' }),
		]);
		expect(fx.sim.requestsTo('tts')).toHaveLength(0);
	});
});

describe('Lip Sync, whose billing basis is not documented, priced from what it was charged', () => {
	test('a learned price is the higher of per second and per job: a shorter clip does not reserve less than a job cost', async () => {
		// The simulator charges Lip Sync $1.00 a job whatever its length, and its price list says "variable".
		const lengths = [10, 5, 5, 5];
		const result = await fx.run(
			{
				resource: 'lipSync',
				operation: 'createAndWait',
				videoUrl: 'https://videos.example.com/clip.mp4',
				audioUrl: '={{ $json.audio }}',
				options: { ...FAST, maxSpendPerExecution: 2.5, maxConcurrentJobs: 4 } as INodeParameters,
			},
			{ items: items(lengths.length, (row) => ({ audio: `${audio(lengths[row])}?row=${row}` })), node: { continueOnFail: true } },
		);
		expect(fx.sim.requestsTo('create')).toHaveLength(2);
		expect(charged()).toBe(2);
		expect(result.json(NODE).map((item) => item.status)).toEqual(['succeeded', 'succeeded', 'refused', 'refused']);
	});
});

describe('out of credits', () => {
	test('a 403 "run out of credits" stops the execution’s paid requests: one 403, the rest not sent, the paid videos kept', async () => {
		fx.sim.setBilling({ videoRates: { [MODEL]: 0.14 } });
		fx.sim.balance = 0.3;
		const result = await fx.run(
			{ operation: 'createAndWait', imageUrl: IMAGE_URL, audioUrl: '={{ $json.audio }}', options: { ...FAST, maxConcurrentJobs: 1 } as INodeParameters },
			{ items: items(5, (row) => ({ audio: `${audio(1)}?row=${row}` })) },
		);
		// $0.14 a job: two fit in $0.30, the third is refused by the service, the last two are never sent.
		expect(fx.sim.requestsTo('create')).toHaveLength(3);
		expect(result.status).toBe('success');
		expect(result.json(NODE).map((item) => item.status)).toEqual(['completed', 'completed']);
		const hints = (result.run.data.resultData.runData[NODE][0].hints ?? []).map((hint) => hint.message);
		expect(hints[1]).toMatch(/^3 items were not sent \(input items 2, 3, 4\): The AI\/ML API refused the request: no credits left or not allowed \(HTTP 403\): You've run out of credits/);
	});
});
