import { OUT_OF_CREDITS } from '../simulator/account';
import { PRICING_KINDS } from '../simulator/billing';
import {
	call,
	createVideo,
	pollVideo,
	synthesize,
	words,
	type SimulatorAnswer,
} from '../simulator/client';
import { SIMULATOR_API_KEY, startSimulator, type Simulator } from '../simulator/server';
import { VIDEO_MODELS } from '../simulator/videoModels';

/**
 * The simulator's money side: per-second charges on the speech's true length, the price list in its three
 * kinds (and down), and the balance. Quotes are computed here from the list's own figures, never with the
 * simulator's billing code, so a list that drifts from the charges goes red.
 */
let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator({ jobDurationMs: 60_000 });
});
beforeEach(() => {
	sim.reset();
	sim.balance = 1000;
});
afterAll(async () => await sim.close());

const IMAGE_URL = 'https://images.example.com/portrait.png';
const omniHuman = (audioUrl: string) => ({
	model: 'bytedance/omnihuman',
	image_url: IMAGE_URL,
	audio_url: audioUrl,
});
const audioAt = (name: string) => `${sim.videoOrigin}/audio/${name}`;
const usdOf = (answer: SimulatorAnswer) => Number(answer.headers.get('x-aimlapi-usd-spent'));
const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

describe('avatar jobs are billed per second of speech, rounded up', () => {
	test('OmniHuman at $0.14 a second: 25 s costs five times 5 s', async () => {
		const short = await createVideo(sim, omniHuman(audioAt('5s.mp3')));
		const long = await createVideo(sim, omniHuman(audioAt('25s.mp3')));
		expect(usdOf(short)).toBe(0.7);
		expect(usdOf(long)).toBe(3.5);
		expect(short.json.meta).toEqual({ usage: { credits_used: 1_400_000, usd_spent: 0.7 } });
	});

	test.each([
		['4.2s.mp3', 5, 'audio-file'],
		['4.2s-vbr.mp3', 5, 'audio-file'],
		['7.5s.wav', 8, 'audio-file'],
		['12.3s.m4a', 13, 'audio-file'],
		['12.3s.m4a?sim-moov=start', 13, 'audio-file'],
		['1s.wav', 1, 'audio-file'],
	])('its own file %s is billed %i s', async (name, seconds, source) => {
		const answer = await createVideo(sim, omniHuman(audioAt(name)));
		expect(usdOf(answer)).toBeCloseTo(0.14 * seconds, 10);
		expect([...sim.jobs.values()][0].audio?.source).toBe(source);
	});

	test('the same file on the API origin counts too; a file elsewhere does not', async () => {
		expect(usdOf(await createVideo(sim, omniHuman(`${sim.url}/audio/3s.mp3`)))).toBeCloseTo(
			0.42,
			10,
		);
		expect(usdOf(await createVideo(sim, omniHuman('https://audio.example.com/audio/3s.mp3')))).toBe(
			2.94,
		);
	});

	test('the sample speech by its measured length (7.84 s: 8 s), a hint, else 21 s', async () => {
		expect(usdOf(await createVideo(sim, omniHuman(`${sim.url}/samples/speech.mp3`)))).toBeCloseTo(
			1.12,
			10,
		);
		expect(
			usdOf(
				await createVideo(sim, omniHuman('https://audio.example.com/a.mp3?sim-audio-seconds=12.5')),
			),
		).toBeCloseTo(1.82, 10);
		expect(usdOf(await createVideo(sim, omniHuman('https://audio.example.com/a.mp3')))).toBe(2.94);
	});

	test('a /v1/tts synthesis by its own length (25 words: 10 s)', async () => {
		const spoken = await synthesize(sim, { model: 'openai/tts-1', text: words(25), voice: 'nova' });
		const answer = await createVideo(sim, omniHuman(spoken.json.audio as string));
		expect(sim.syntheses[0].durationSeconds).toBe(10);
		expect(usdOf(answer)).toBeCloseTo(1.4, 10);
	});

	test('VEED Fabric by resolution: 480p (also when not sent) and 720p', async () => {
		const veed = (resolution?: string) => ({
			...omniHuman(audioAt('10s.wav')),
			model: 'veed/fabric-1.0',
			...(resolution && { resolution }),
		});
		expect(usdOf(await createVideo(sim, veed()))).toBeCloseTo(0.75, 10);
		expect(usdOf(await createVideo(sim, veed('480p')))).toBeCloseTo(0.75, 10);
		expect(usdOf(await createVideo(sim, veed('720p')))).toBeCloseTo(1.5, 10);
	});

	test('Lip Sync costs $1.00 a job whatever its speech', async () => {
		const lipSync = (audio: string) => ({
			model: 'pixverse/lip-sync',
			video_url: 'https://videos.example.com/clip.mp4',
			audio_url: audio,
		});
		expect(usdOf(await createVideo(sim, lipSync(audioAt('3s.mp3'))))).toBe(1);
		expect(usdOf(await createVideo(sim, lipSync(audioAt('90s.mp3'))))).toBe(1);
	});

	test('the repeated charge on completion and the usage log carry the per-second charge', async () => {
		const created = await createVideo(sim, omniHuman(`${audioAt('6s.mp3')}?sim-duration=40`));
		await sleep(60);
		const done = await pollVideo(sim, created.json.id as string);
		expect(done.json.meta).toEqual({ usage: { credits_used: 1_680_000, usd_spent: 0.84 } });
		const logs = await call(sim, '/v2/logs');
		expect((logs.json.data as Array<{ cost: unknown }>)[0].cost).toEqual({
			usd: 0.84,
			credits: 1_680_000,
		});
	});

	test('the true length is checked against the model limit: 30 s is refused, 29.9 s passes', async () => {
		const over = await createVideo(sim, omniHuman(audioAt('30s.wav')));
		expect(over.status).toBe(400);
		expect(over.json.message).toMatch(/audio too long \(30\.0 s\)/);
		expect((await createVideo(sim, omniHuman(audioAt('29.9s.wav')))).status).toBe(200);
		expect(sim.jobs.size).toBe(1);
	});

	test('malformed audio is refused as unsupported; oversized audio is over Kling’s 5 MB', async () => {
		const malformed = await createVideo(sim, omniHuman(audioAt('malformed.mp3')));
		expect(malformed.status).toBe(400);
		expect(malformed.json.message).toMatch(/unsupported file/);
		const kling = await createVideo(sim, {
			...omniHuman(audioAt('oversized.mp3')),
			model: 'klingai/avatar-pro',
		});
		expect(kling.status).toBe(400);
		expect(kling.json.message).toMatch(/audio too long \(\d+ bytes\)/);
		expect(sim.jobs.size).toBe(0);
	});

	test('overrides: sim-price= prices one job, videoPrices a model, videoRates its rate', async () => {
		expect(usdOf(await createVideo(sim, omniHuman(`${audioAt('5s.mp3')}?sim-price=0.63`)))).toBe(
			0.63,
		);
		sim.setBilling({ videoRates: { 'bytedance/omnihuman': 0.2 } });
		expect(usdOf(await createVideo(sim, omniHuman(audioAt('5s.mp3'))))).toBe(1);
		sim.setBilling({ videoPrices: { 'bytedance/omnihuman': 0.5 } });
		expect(usdOf(await createVideo(sim, omniHuman(audioAt('5s.mp3'))))).toBe(0.5);
	});
});

describe('/v1/tts is billed per character', () => {
	test.each([
		['openai/tts-1', 15],
		['openai/tts-1-hd', 30],
	])('%s at $%i per 1,000,000 characters', async (model, perMillion) => {
		const text = 'x'.repeat(1000);
		const answer = await synthesize(sim, { model, text, voice: 'nova' });
		expect(usdOf(answer)).toBeCloseTo((perMillion * 1000) / 1_000_000, 12);
	});
});

/** The list's quote for a request, from the list's own figures (`price` per `per` units). */
function quote(
	pricing: Record<string, unknown>,
	fields: Record<string, string>,
	quantities: Record<string, number>,
): number {
	const perUnit = (price: number, per: number, unit: string) => {
		expect(quantities[unit]).toBeDefined();
		return (price / per) * quantities[unit];
	};
	if (pricing.kind === 'fixed') {
		const units = pricing.units as Array<{ name: string; price: number; per: number }>;
		return units.reduce((sum, unit) => sum + perUnit(unit.price, unit.per, unit.name), 0);
	}
	expect(pricing.kind).toBe('variants');
	const variants = pricing.variants as Array<{
		when: Record<string, string>;
		price: number;
		unit: string;
		per: number;
	}>;
	const matching = variants.filter((variant) =>
		Object.entries(variant.when).every(([field, value]) => fields[field] === value),
	);
	expect(matching).toHaveLength(1);
	return perUnit(matching[0].price, matching[0].per, matching[0].unit);
}

async function listed(model: string): Promise<Record<string, unknown>> {
	const answer = await call(sim, `/v1/models?id=${encodeURIComponent(model)}&include=pricing`, {
		key: null,
	});
	expect(answer.status).toBe(200);
	const data = answer.json.data as Array<{
		id: string;
		aliases: string[];
		pricing: Record<string, unknown>;
	}>;
	const entry = data.find(
		(candidate) => candidate.id === model || candidate.aliases.includes(model),
	);
	expect(entry).toBeDefined();
	return entry!.pricing;
}

describe('the price list quotes what a request is charged', () => {
	const cases = VIDEO_MODELS.flatMap((model) =>
		model.spellings.flatMap((spelling) =>
			(model.extraFields.includes('resolution') ? ['480p', '720p'] : ['']).flatMap((resolution) =>
				(['fixed', 'variants'] as const).map((kind) => ({
					id: model.id,
					spelling,
					resolution,
					kind,
					lipSync: model.kind === 'lip-sync',
				})),
			),
		),
	);

	test.each(cases)(
		'$spelling $resolution as $kind',
		async ({ id, spelling, resolution, kind, lipSync }) => {
			sim.setBilling({ pricing: { [id]: kind } });
			const fields: Record<string, string> = resolution ? { resolution } : {};
			for (const [file, seconds] of [
				['3.5s.mp3', 4],
				['17s-vbr.mp3', 17],
				['9.25s.m4a', 10],
			] as const) {
				const body = lipSync
					? {
							model: spelling,
							video_url: 'https://videos.example.com/clip.mp4',
							audio_url: audioAt(file),
						}
					: {
							...omniHuman(audioAt(file)),
							model: spelling,
							...fields,
							...(spelling.startsWith('klingai') && { prompt: 'Smile' }),
						};
				const answer = await createVideo(sim, body);
				expect(answer.status).toBe(200);
				const expected = quote(await listed(spelling), fields, { second: seconds, generation: 1 });
				expect(usdOf(answer)).toBeCloseTo(expected, 10);
			}
		},
	);

	test.each([
		['openai/tts-1', { voice: 'nova' }],
		['openai/tts-1-hd', { voice: 'nova' }],
		['openai/gpt-4o-mini-tts', { voice: 'nova' }],
		['elevenlabs/eleven_multilingual_v2', { voice: 'Rachel', stream: false }],
		['elevenlabs/eleven_turbo_v2_5', { voice: 'Rachel', stream: false }],
	])('%s per character', async (model, extra) => {
		const text = 'Twenty-seven characters ok.'.repeat(10);
		const answer = await synthesize(sim, { model, text, ...extra });
		expect(answer.status).toBe(201);
		expect(usdOf(answer)).toBeCloseTo(
			quote(await listed(model), {}, { character: text.length }),
			12,
		);
	});
});

describe('the price list', () => {
	const read = async (
		path: string,
		headers: Record<string, string> = {},
		key: string | null = null,
	) => await call(sim, path, { key, headers });

	test('natural kinds by default: OmniHuman fixed per second, VEED variants per resolution, Lip Sync variable', async () => {
		const answer = await read('/v1/models?include=pricing');
		const byId = Object.fromEntries(
			(answer.json.data as Array<{ id: string; pricing: unknown }>).map((entry) => [
				entry.id,
				entry,
			]),
		);
		expect(answer.json.object).toBe('list');
		expect(byId['bytedance/omnihuman']).toEqual({
			id: 'bytedance/omnihuman',
			aliases: [],
			type: 'video',
			tags: expect.any(Array),
			pricing: { kind: 'fixed', currency: 'USD', units: [{ name: 'second', price: 0.14, per: 1 }] },
		});
		expect(byId['veed/fabric-1.0'].pricing).toEqual({
			kind: 'variants',
			currency: 'USD',
			dimensions: ['resolution'],
			variants: [
				{ when: { resolution: '480p' }, price: 0.075, unit: 'second', per: 1 },
				{ when: { resolution: '720p' }, price: 0.15, unit: 'second', per: 1 },
			],
		});
		expect(byId['pixverse/lip-sync'].pricing).toEqual({ kind: 'variable' });
		expect(byId['openai/tts-1'].pricing).toEqual({
			kind: 'fixed',
			currency: 'USD',
			units: [{ name: 'character', price: 15, per: 1_000_000 }],
		});
	});

	test('matches on aliases; no pricing without include=pricing; an unknown id lists nothing', async () => {
		const fast = await read('/v1/models?id=veed/fabric-1.0/fast');
		expect(fast.json.data).toEqual([
			{
				id: 'veed/fabric-1.0-fast',
				aliases: ['veed/fabric-1.0/fast'],
				type: 'video',
				tags: expect.any(Array),
			},
		]);
		expect((await read('/v1/models?id=nobody/nothing&include=pricing')).json).toEqual({
			object: 'list',
			data: [],
		});
	});

	test('GET /model/<id>: { object: "model", data } with pricing, or 404', async () => {
		const model = await read('/model/bytedance/omnihuman/v1.5');
		expect(model.json).toMatchObject({
			object: 'model',
			data: {
				id: 'bytedance/omnihuman/v1.5',
				pricing: { kind: 'fixed', units: [{ price: 0.12 }] },
			},
		});
		expect((await read('/model/nobody/nothing')).status).toBe(404);
	});

	test('no key needed, a wrong key ignored, and the reads are recorded as route "prices"', async () => {
		expect((await read('/v1/models?id=bytedance/omnihuman', {}, 'not-a-key')).status).toBe(200);
		expect((await read('/model/bytedance/omnihuman', {}, SIMULATOR_API_KEY)).status).toBe(200);
		expect(sim.requestsTo('prices').map((request) => request.path)).toEqual([
			'/v1/models',
			'/model/bytedance/omnihuman',
		]);
	});

	test('ETag and If-None-Match → 304; a changed rate changes the ETag', async () => {
		const first = await read('/v1/models?id=bytedance/omnihuman&include=pricing');
		const etag = first.headers.get('etag')!;
		expect(etag).toMatch(/^".+"$/);
		const again = await read('/v1/models?id=bytedance/omnihuman&include=pricing', {
			'if-none-match': etag,
		});
		expect(again.status).toBe(304);
		expect(again.bytes).toHaveLength(0);
		expect(again.headers.get('etag')).toBe(etag);
		expect((await read('/model/bytedance/omnihuman')).headers.get('etag')).toMatch(/^".+"$/);
		sim.setBilling({ videoRates: { 'bytedance/omnihuman': 0.15 } });
		const changed = await read('/v1/models?id=bytedance/omnihuman&include=pricing', {
			'if-none-match': etag,
		});
		expect(changed.status).toBe(200);
		expect(changed.headers.get('etag')).not.toBe(etag);
	});

	test.each(PRICING_KINDS)('each model can be shown as %s', async (kind) => {
		sim.setBilling({ pricing: { 'bytedance/omnihuman': kind } });
		const answer = await read('/v1/models?id=bytedance/omnihuman&include=pricing');
		const data = answer.json.data as Array<{ pricing: { kind: string } }>;
		if (kind === 'missing') {
			expect(data).toEqual([]);
			expect((await read('/model/bytedance/omnihuman')).status).toBe(404);
		} else expect(data[0].pricing.kind).toBe(kind);
	});

	test('a flat price makes the model variable (the list cannot quote it)', async () => {
		sim.setBilling({ videoPrices: { 'bytedance/omnihuman': 0.63 } });
		expect((await listed('bytedance/omnihuman')).kind).toBe('variable');
	});

	test('down: 500 on every read; hung: no answer', async () => {
		sim.setBilling({ priceList: 'error' });
		const down = await read('/v1/models?id=bytedance/omnihuman&include=pricing');
		expect(down.status).toBe(500);
		expect(down.json).toMatchObject({ statusCode: 500, path: '/v1/models' });
		sim.setBilling({ priceList: 'hang' });
		await expect(
			call(sim, '/model/bytedance/omnihuman', { key: null, signal: AbortSignal.timeout(150) }),
		).rejects.toThrow();
		sim.reset();
		expect((await read('/model/bytedance/omnihuman')).status).toBe(200);
	});
});

describe('the balance', () => {
	const balance = async () => (await call(sim, '/v2/billing')).json;

	test('goes down with every charge, video and speech', async () => {
		sim.balance = 10;
		await createVideo(sim, omniHuman(audioAt('5s.mp3')));
		await synthesize(sim, { model: 'openai/tts-1', text: 'x'.repeat(2000), voice: 'nova' });
		expect(await balance()).toEqual({ current_balance: 9.27, currency: 'USD' });
	});

	test('a create it cannot cover: 403 "You\'ve run out of credits", no job, balance unchanged', async () => {
		sim.balance = 3;
		expect((await createVideo(sim, omniHuman(audioAt('20s.mp3')))).status).toBe(200);
		const refused = await createVideo(sim, omniHuman(audioAt('5s.mp3')));
		expect(refused.status).toBe(403);
		expect(refused.json).toMatchObject({ statusCode: 403, message: OUT_OF_CREDITS });
		expect(refused.json.message).toMatch(/^You've run out of credits/);
		expect(sim.jobs.size).toBe(1);
		expect((await balance()).current_balance).toBeCloseTo(0.2, 10);
		expect((await createVideo(sim, omniHuman(audioAt('1s.mp3')))).status).toBe(200);
	});

	test('a synthesis it cannot cover: 403, nothing made', async () => {
		sim.balance = 0.0001;
		const refused = await synthesize(sim, {
			model: 'openai/tts-1',
			text: 'x'.repeat(100),
			voice: 'nova',
		});
		expect(refused.status).toBe(403);
		expect(refused.json.message).toBe(OUT_OF_CREDITS);
		expect(sim.syntheses).toHaveLength(0);
	});

	test('a failed job’s charge comes back once it has failed', async () => {
		sim.balance = 5;
		await createVideo(
			sim,
			omniHuman(`${audioAt('10s.mp3')}?sim-duration=40&sim-outcome=error-message`),
		);
		expect((await balance()).current_balance).toBeCloseTo(3.6, 10);
		await sleep(60);
		expect((await balance()).current_balance).toBe(5);
	});
});
