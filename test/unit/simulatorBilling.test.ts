import { CHARGE_REPORTINGS, type ChargeReporting } from '../simulator/billing';
import { call, createVideo, pollVideo, type SimulatorAnswer } from '../simulator/client';
import { startSimulator, type Simulator } from '../simulator/server';

/** The simulator's charges: what creates, completed jobs and `/v1/tts` report, and `X-Client-Request-Id`. */
let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator({ jobDurationMs: 60_000 });
});
beforeEach(() => sim.reset());
afterAll(async () => await sim.close());

const IMAGE_URL = 'https://images.example.com/portrait.png';
const AUDIO_URL = 'https://audio.example.com/speech.mp3';
const OMNIHUMAN = { model: 'bytedance/omnihuman', image_url: IMAGE_URL, audio_url: AUDIO_URL };
/** A job that is over 40 ms after its create (the tests poll it 60 ms later). */
const QUICK = { ...OMNIHUMAN, audio_url: `${AUDIO_URL}?sim-duration=40` };
const SPEECH = { model: 'openai/tts-1', text: 'Hello there, this is a test.', voice: 'nova' };

const CREDITS = 'x-aimlapi-credits-used';
const USD = 'x-aimlapi-usd-spent';

/** SPEECH's 28 characters at tts-1's $15 per 1,000,000 ($0.00042) as each mode reports it in the body. */
const SPEECH_USAGE: Record<ChargeReporting, Record<string, number> | undefined> = {
	'usd-and-credits': { credits_used: 840, usd_spent: 0.00042 },
	credits: { credits_used: 840 },
	tokens: { tokens_used: 840 },
	headers: undefined,
	none: undefined,
};

const chargeHeadersOf = (answer: SimulatorAnswer) => ({
	credits: answer.headers.get(CREDITS),
	usd: answer.headers.get(USD),
});
const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));
const synthesize = async (body: Record<string, unknown>, headers?: Record<string, string>) =>
	await call(sim, '/v1/tts', { method: 'POST', body, headers });

/** OmniHuman's default $2.94 (5,880,000 credits) as each mode reports it in the body. */
const OMNIHUMAN_USAGE: Record<ChargeReporting, Record<string, number> | undefined> = {
	'usd-and-credits': { credits_used: 5_880_000, usd_spent: 2.94 },
	credits: { credits_used: 5_880_000 },
	tokens: { tokens_used: 5_880_000 },
	headers: undefined,
	none: undefined,
};

describe('the create answer reports the charge', () => {
	test('by default: meta.usage { credits_used, usd_spent } and both headers; the other fields as before', async () => {
		const answer = await createVideo(sim, OMNIHUMAN);
		const [job] = sim.jobs.values();
		expect(answer.status).toBe(200);
		expect(answer.json).toEqual({
			id: job.id,
			status: 'queued',
			video: null,
			error: null,
			meta: { usage: { credits_used: 5_880_000, usd_spent: 2.94 } },
		});
		expect(chargeHeadersOf(answer)).toEqual({ credits: '5880000', usd: '2.94' });
		expect(answer.headers.get('x-inference-id')).toBe(job.id);
		expect(job.charge).toEqual({ usd: 2.94, credits: 5_880_000 });
		expect(sim.billing).toMatchObject({ reporting: 'usd-and-credits', alsoOnCompletion: true });
	});

	test.each(CHARGE_REPORTINGS)('reporting %s', async (reporting) => {
		sim.setBilling({ reporting });
		const answer = await createVideo(sim, OMNIHUMAN);
		const usage = OMNIHUMAN_USAGE[reporting];
		expect(answer.json).toEqual({
			id: [...sim.jobs.keys()][0],
			status: 'queued',
			video: null,
			error: null,
			meta: usage ? { usage } : null,
		});
		expect(chargeHeadersOf(answer)).toEqual(
			reporting === 'none' ? { credits: null, usd: null } : { credits: '5880000', usd: '2.94' },
		);
		expect(answer.headers.get('x-inference-id')).toBe(answer.json.id);
	});

	test.each([
		['bytedance/omnihuman', 5_880_000, '2.94', {}],
		['bytedance/omnihuman/v1.5', 5_040_000, '2.52', {}],
		['klingai/avatar-standard', 590_100, '0.29505', { prompt: 'Smile' }],
		['klingai/avatar-pro', 1_207_500, '0.60375', { prompt: 'Smile' }],
		['veed/fabric-1.0', 3_150_000, '1.575', { resolution: '480p' }],
		['veed/fabric-1.0-fast', 1_575_000, '0.7875', { resolution: '480p' }],
		['veed/fabric-1.0/fast', 1_575_000, '0.7875', { resolution: '480p' }],
	])('%s costs %i credits ($%s) for audio of unknown length (21 s) by default', async (model, credits, usd, extra) => {
		const answer = await createVideo(sim, { ...OMNIHUMAN, model, ...extra });
		expect(answer.json.meta).toEqual({ usage: { credits_used: credits, usd_spent: Number(usd) } });
		expect(chargeHeadersOf(answer)).toEqual({ credits: String(credits), usd });
	});

	test('setBilling merges prices and reporting; reset() restores the defaults', async () => {
		sim.setBilling({ videoPrices: { 'bytedance/omnihuman': 1.5 } });
		sim.setBilling({ videoPrices: { 'klingai/avatar-pro': 0.75 }, reporting: 'credits' });
		expect((await createVideo(sim, OMNIHUMAN)).json.meta).toEqual({
			usage: { credits_used: 3_000_000 },
		});
		expect(
			(await createVideo(sim, { ...OMNIHUMAN, model: 'klingai/avatar-pro' })).json.meta,
		).toEqual({ usage: { credits_used: 1_500_000 } });
		sim.reset();
		expect((await createVideo(sim, OMNIHUMAN)).json.meta).toEqual({
			usage: { credits_used: 5_880_000, usd_spent: 2.94 },
		});
	});

	test('the billing option sets an instance’s prices and reporting, and reset() keeps them', async () => {
		const priced = await startSimulator({
			billing: { reporting: 'tokens', videoPrices: { 'bytedance/omnihuman': 0.42 } },
		});
		try {
			priced.reset();
			const answer = await createVideo(priced, OMNIHUMAN);
			expect(answer.json.meta).toEqual({ usage: { tokens_used: 840_000 } });
			expect(chargeHeadersOf(answer)).toEqual({ credits: '840000', usd: '0.42' });
		} finally {
			await priced.close();
		}
	});

	test('sim-price=<usd> in the audio or image URL prices that one job', async () => {
		const hinted = await createVideo(sim, {
			...OMNIHUMAN,
			image_url: `${IMAGE_URL}?sim-price=0.63`,
		});
		expect(hinted.json.meta).toEqual({ usage: { credits_used: 1_260_000, usd_spent: 0.63 } });
		const free = await createVideo(sim, { ...OMNIHUMAN, audio_url: `${AUDIO_URL}?sim-price=0` });
		expect(chargeHeadersOf(free)).toEqual({ credits: '0', usd: '0' });
		const plain = await createVideo(sim, OMNIHUMAN);
		expect(chargeHeadersOf(plain)).toEqual({ credits: '5880000', usd: '2.94' });
	});
});

describe('polling: the same charge again once completed', () => {
	test('a running job reports no charge; the completed one repeats the create’s, with x-inference-id = the id', async () => {
		const created = await createVideo(sim, {
			...OMNIHUMAN,
			audio_url: `${AUDIO_URL}?sim-duration=400`,
		});
		const id = created.json.id as string;
		const running = await pollVideo(sim, id);
		expect(running.json).toEqual({
			id,
			status: expect.stringMatching(/^(queued|generating)$/),
			video: null,
			error: null,
			meta: null,
		});
		expect(chargeHeadersOf(running)).toEqual({ credits: null, usd: null });
		expect(running.headers.get('x-inference-id')).toBe(id);
		await sleep(420);
		const done = await pollVideo(sim, id);
		expect(done.json).toEqual({
			id,
			status: 'completed',
			video: { url: expect.stringContaining('/videos/') },
			error: null,
			meta: created.json.meta,
		});
		expect(chargeHeadersOf(done)).toEqual({ credits: '5880000', usd: '2.94' });
		expect(done.headers.get('x-inference-id')).toBe(id);
	});

	test.each(CHARGE_REPORTINGS)(
		'reporting %s: the completed job reports as the create did',
		async (reporting) => {
			sim.setBilling({ reporting });
			const created = await createVideo(sim, QUICK);
			await sleep(60);
			const done = await pollVideo(sim, created.json.id as string);
			const usage = OMNIHUMAN_USAGE[reporting];
			expect(done.json.meta).toEqual(usage ? { usage } : null);
			expect(chargeHeadersOf(done)).toEqual(chargeHeadersOf(created));
		},
	);

	test('alsoOnCompletion: false — only the create answer reports it', async () => {
		sim.setBilling({ alsoOnCompletion: false });
		const created = await createVideo(sim, QUICK);
		expect(created.json.meta).toEqual({ usage: { credits_used: 5_880_000, usd_spent: 2.94 } });
		await sleep(60);
		const done = await pollVideo(sim, created.json.id as string);
		expect(done.json).toMatchObject({ status: 'completed', meta: null });
		expect(chargeHeadersOf(done)).toEqual({ credits: null, usd: null });
	});

	test.each(['error-message', 'failed-detail'])(
		'a job ending %s is not charged: no usage, no charge headers',
		async (outcome) => {
			const created = await createVideo(sim, {
				...OMNIHUMAN,
				audio_url: `${AUDIO_URL}?sim-duration=40&sim-outcome=${outcome}`,
			});
			expect(created.json.meta).toEqual({ usage: { credits_used: 5_880_000, usd_spent: 2.94 } });
			await sleep(60);
			const done = await pollVideo(sim, created.json.id as string);
			expect(done.json).toMatchObject({
				status: outcome === 'failed-detail' ? 'failed' : 'error',
				meta: null,
			});
			expect(chargeHeadersOf(done)).toEqual({ credits: null, usd: null });
		},
	);

	test('"succeeded" is charged like "completed"', async () => {
		const created = await createVideo(sim, {
			...OMNIHUMAN,
			audio_url: `${AUDIO_URL}?sim-duration=40&sim-outcome=succeeded&sim-price=1.1`,
		});
		await sleep(60);
		const done = await pollVideo(sim, created.json.id as string);
		expect(done.json).toMatchObject({
			status: 'succeeded',
			meta: { usage: { credits_used: 2_200_000, usd_spent: 1.1 } },
		});
		expect(chargeHeadersOf(done)).toEqual({ credits: '2200000', usd: '1.1' });
	});
});

describe('/v1/tts reports the charge', () => {
	test('by default per character ($0.00042): meta.usage and both headers; x-inference-id is the synthesis id', async () => {
		const answer = await synthesize(SPEECH);
		const [synthesis] = sim.syntheses;
		expect(answer.status).toBe(201);
		expect(answer.json).toEqual({
			audio: synthesis.url,
			meta: { usage: { credits_used: 840, usd_spent: 0.00042 } },
		});
		expect(chargeHeadersOf(answer)).toEqual({ credits: '840', usd: '0.00042' });
		expect(answer.headers.get('x-inference-id')).toBe(synthesis.id);
		expect(synthesis).toMatchObject({
			charge: { usd: 0.00042, credits: 840 },
			usage: { credits_used: 840, usd_spent: 0.00042 },
		});
	});

	test.each(CHARGE_REPORTINGS)('reporting %s', async (reporting) => {
		sim.setBilling({ reporting });
		const answer = await synthesize(SPEECH);
		const usage = SPEECH_USAGE[reporting];
		expect(answer.json).toEqual({ audio: sim.syntheses[0].url, ...(usage && { meta: { usage } }) });
		expect(chargeHeadersOf(answer)).toEqual(
			reporting === 'none' ? { credits: null, usd: null } : { credits: '840', usd: '0.00042' },
		);
	});

	test('prices per speech model, the default price, and sim-price= in the text', async () => {
		sim.setBilling({ speechPrices: { 'openai/tts-1-hd': 0.03 }, speechPrice: 0.01 });
		const hd = await synthesize({ ...SPEECH, model: 'openai/tts-1-hd' });
		expect(hd.json.meta).toEqual({ usage: { credits_used: 60_000, usd_spent: 0.03 } });
		const other = await synthesize(SPEECH);
		expect(other.json.meta).toEqual({ usage: { credits_used: 20_000, usd_spent: 0.01 } });
		const hinted = await synthesize({ ...SPEECH, text: 'Hello there sim-price=0.5' });
		expect(chargeHeadersOf(hinted)).toEqual({ credits: '1000000', usd: '0.5' });
		expect(sim.syntheses[2].words).toBe(2);
	});

	test('raw audio bytes carry no charge headers, yet the synthesis is billed', async () => {
		sim.ttsAnswer = { shape: 'bytes', status: 201 };
		const answer = await synthesize(SPEECH);
		expect(answer.headers.get('content-type')).toBe('audio/mpeg');
		expect(chargeHeadersOf(answer)).toEqual({ credits: null, usd: null });
		expect(answer.headers.get('x-inference-id')).toBe(sim.syntheses[0].id);
		expect(sim.syntheses[0].charge).toEqual({ usd: 0.00042, credits: 840 });
	});
});

describe('X-Client-Request-Id', () => {
	const VALID = 'omh1:wf-1:exec_2:0-3:v:Ab.cd_ef-gh:ij';

	test('a valid id on a create is echoed and kept with the job', async () => {
		const answer = await createVideo(sim, OMNIHUMAN, { 'x-client-request-id': VALID });
		expect(answer.headers.get('x-client-request-id')).toBe(VALID);
		const [job] = sim.jobs.values();
		expect(job.clientRequestId).toBe(VALID);
	});

	test('a valid id on /v1/tts is echoed and kept with the synthesis', async () => {
		const answer = await synthesize(SPEECH, { 'x-client-request-id': 'speech-1' });
		expect(answer.headers.get('x-client-request-id')).toBe('speech-1');
		expect(sim.syntheses[0].clientRequestId).toBe('speech-1');
	});

	test('128 characters is still valid', async () => {
		const id = 'a'.repeat(128);
		const answer = await createVideo(sim, OMNIHUMAN, { 'x-client-request-id': id });
		expect(answer.headers.get('x-client-request-id')).toBe(id);
		expect([...sim.jobs.values()][0].clientRequestId).toBe(id);
	});

	test.each([
		['129 characters', 'a'.repeat(129)],
		['a space', 'my id'],
		['a slash', 'run/1'],
		['a percent sign (an escaped letter)', 'caf%C3%A9'],
	])('an id with %s is dropped silently: the job still runs and is billed', async (_label, id) => {
		const answer = await createVideo(sim, OMNIHUMAN, { 'x-client-request-id': id });
		expect(sim.requestsTo('create')[0].headers['x-client-request-id']).toBe(id);
		expect(answer.status).toBe(200);
		expect(answer.headers.get('x-client-request-id')).toBeNull();
		expect(answer.json.meta).toEqual({ usage: { credits_used: 5_880_000, usd_spent: 2.94 } });
		const [job] = sim.jobs.values();
		expect(job.clientRequestId).toBeUndefined();
		expect(job.charge).toEqual({ usd: 2.94, credits: 5_880_000 });
	});

	test('an invalid id on /v1/tts is dropped the same way', async () => {
		const answer = await synthesize(SPEECH, { 'x-client-request-id': 'has space' });
		expect(answer.status).toBe(201);
		expect(answer.headers.get('x-client-request-id')).toBeNull();
		expect(sim.syntheses[0].clientRequestId).toBeUndefined();
		expect(sim.requestsTo('tts')[0].headers['x-client-request-id']).toBe('has space');
	});
});
