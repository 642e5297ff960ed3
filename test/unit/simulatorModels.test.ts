import { createVideo, synthesize, words } from '../simulator/client';
import { SIMULATOR_API_KEY, startSimulator, type Simulator } from '../simulator/server';
import { VEED_FAST_SPELLINGS, VIDEO_MODEL_IDS, VIDEO_MODELS, videoModel } from '../simulator/videoModels';

/** The simulator's video models: strict per-model bodies, the VEED spellings, speech links as audio, audio limits. */
let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator({ jobDurationMs: 0 });
});
beforeEach(() => {
	sim.reset();
	sim.jobDurationMs = 0;
});
afterAll(async () => await sim.close());

const IMAGE_URL = 'https://images.example.com/portrait.png';
const AUDIO_URL = 'https://audio.example.com/speech.mp3';
const core = (model: string) => ({ model, image_url: IMAGE_URL, audio_url: AUDIO_URL });

/** Each model with every field it takes. */
const FULL_BODIES: Record<string, Record<string, unknown>> = {
	'bytedance/omnihuman': core('bytedance/omnihuman'),
	'bytedance/omnihuman/v1.5': { ...core('bytedance/omnihuman/v1.5'), image_url: 'data:image/png;base64,iVBORw0KGgo=' },
	'klingai/avatar-standard': { ...core('klingai/avatar-standard'), prompt: 'Smiles and nods' },
	'klingai/avatar-pro': { ...core('klingai/avatar-pro'), prompt: 'p'.repeat(2500) },
	'veed/fabric-1.0': { ...core('veed/fabric-1.0'), resolution: '720p' },
	'veed/fabric-1.0-fast': { ...core('veed/fabric-1.0-fast'), resolution: '480p' },
	'veed/fabric-1.0/fast': { ...core('veed/fabric-1.0/fast'), resolution: '720p' },
};

async function poll(id: string) {
	const response = await fetch(`${sim.url}/v2/video/generations?generation_id=${encodeURIComponent(id)}`, {
		headers: { authorization: `Bearer ${SIMULATOR_API_KEY}` },
	});
	return (await response.json()) as Record<string, unknown>;
}

describe('per-model bodies', () => {
	test('the simulator takes every id in the table, spellings included (and Lip Sync: simulatorLipSync.test.ts)', () => {
		expect([...Object.keys(FULL_BODIES), 'pixverse/lip-sync'].sort()).toEqual([...VIDEO_MODEL_IDS].sort());
	});

	test.each(Object.entries(FULL_BODIES))('%s accepts its own fields; the id keeps <uuid>:<model>', async (model, body) => {
		const answer = await createVideo(sim, body);
		expect(answer.json.message).toBeUndefined();
		expect(answer.status).toBe(200);
		expect(answer.json.id).toMatch(new RegExp(`^[0-9a-f-]{36}:${model.replace(/[./]/g, '\\$&')}$`));
		// VEED at 720p is billed at twice its 480p rate (billing.ts); the others at their default job's price.
		const { usage } = videoModel(model)!;
		const expected = body.resolution === '720p' ? { credits_used: usage.credits_used * 2, usd_spent: usage.usd_spent * 2 } : usage;
		expect(await poll(answer.json.id as string)).toMatchObject({ status: 'completed', meta: { usage: expected } });
	});

	test.each(VEED_FAST_SPELLINGS)('the fast VEED spelling %s is accepted (with resolution)', async (model) => {
		expect((await createVideo(sim, { ...core(model), resolution: '480p' })).status).toBe(200);
	});

	test.each([
		['bytedance/omnihuman', { prompt: 'Smile' }, 'property prompt should not exist (bytedance/omnihuman takes model, image_url, audio_url)'],
		['bytedance/omnihuman/v1.5', { resolution: '720p' }, 'property resolution should not exist'],
		['klingai/avatar-standard', { resolution: '720p' }, 'property resolution should not exist'],
		['klingai/avatar-pro', { seed: 1 }, 'property seed should not exist'],
		['veed/fabric-1.0', { prompt: 'Smile' }, 'property prompt should not exist'],
		['veed/fabric-1.0/fast', { duration: 5 }, 'property duration should not exist'],
		['klingai/avatar-pro', { prompt: 'p'.repeat(2501) }, 'prompt must be a string of 1 to 2500 characters'],
		['klingai/avatar-standard', { prompt: '' }, 'prompt must be a string of 1 to 2500 characters'],
		['veed/fabric-1.0-fast', { resolution: '1080p' }, 'resolution must be one of: 480p, 720p'],
		['veed/fabric-1.0/turbo', {}, 'model must be one of'],
		['bytedance/omnihuman', { audio_url: 'data:audio/mp3;base64,AAAA' }, 'audio_url must be an http(s) URL'],
	])('%s, case %#: → 400 naming the field', async (model, extra, message) => {
		const answer = await createVideo(sim, { ...core(model), ...extra });
		expect(answer.status).toBe(400);
		expect(answer.json.message).toContain('Body validation error!');
		expect(answer.json.message).toContain(message);
		expect(sim.jobs.size).toBe(0);
	});

	test('job durations scale jobDurationMs per model (Kling Pro the slowest, VEED Fast the quickest)', async () => {
		sim.jobDurationMs = 1000;
		for (const model of VIDEO_MODELS.filter((entry) => entry.kind === 'avatar')) await createVideo(sim, FULL_BODIES[model.id]);
		const duration = (id: string) => [...sim.jobs.values()].find((job) => job.model === id)!.durationMs;
		expect(duration('bytedance/omnihuman')).toBe(1000);
		expect(duration('klingai/avatar-pro')).toBe(2500);
		expect(duration('veed/fabric-1.0-fast')).toBeLessThan(duration('veed/fabric-1.0'));
		expect(duration('veed/fabric-1.0')).toBeLessThan(1000);
	});
});

describe("Kling Avatar's provider", () => {
	const KLING = ['klingai/avatar-standard', 'klingai/avatar-pro'];

	test.each(KLING.flatMap((model) => [
		[model, 'auto', 'auto'],
		[model, 'kling', 'kling'],
		[model, 'klingai', 'kling'],
		[model, 'fal', 'fal'],
		[model, 'AUTO', 'auto'],
		[model, 'KlingAI', 'kling'],
		[model, 'Fal', 'fal'],
	]))('%s takes provider %s, recorded on the job as %s', async (model, provider, recorded) => {
		const answer = await createVideo(sim, { ...FULL_BODIES[model], provider });
		expect([answer.status, answer.json.message]).toEqual([200, undefined]);
		const job = sim.jobs.get(answer.json.id as string)!;
		expect(job.provider).toBe(recorded);
		expect(job.request.provider).toBe(provider);
	});

	test('without provider the job records none (the service picks auto)', async () => {
		const answer = await createVideo(sim, FULL_BODIES['klingai/avatar-pro']);
		expect(sim.jobs.get(answer.json.id as string)!.provider).toBeUndefined();
	});

	test.each(KLING.flatMap((model) => ['fal.ai', 'replicate', 'kling ', '', 5, null, ['fal']].map((provider) => [model, provider] as const)))(
		'%s refuses provider %p with 400 naming it',
		async (model, provider) => {
			const answer = await createVideo(sim, { ...FULL_BODIES[model], provider });
			expect(answer.status).toBe(400);
			expect(answer.json.message).toBe('Body validation error! provider must be one of: auto, kling, klingai, fal (any case)');
			expect(sim.jobs.size).toBe(0);
		},
	);

	test.each(['bytedance/omnihuman', 'bytedance/omnihuman/v1.5', 'veed/fabric-1.0', 'veed/fabric-1.0-fast'])('%s refuses provider as an unexpected field', async (model) => {
		const answer = await createVideo(sim, { ...FULL_BODIES[model], provider: 'auto' });
		expect(answer.status).toBe(400);
		expect(answer.json.message).toContain(`property provider should not exist (${model} takes`);
	});

	test('Lip Sync refuses provider too', async () => {
		const answer = await createVideo(sim, { model: 'pixverse/lip-sync', video_url: 'https://videos.example.com/a.mp4', audio_url: AUDIO_URL, provider: 'fal' });
		expect(answer.status).toBe(400);
		expect(answer.json.message).toContain('property provider should not exist (pixverse/lip-sync takes');
	});
});

describe('speech links as audio_url', () => {
	test.each(['url-string', 'url-object'] as const)('a %s synthesis URL becomes the job audio_url, and the job knows it', async (shape) => {
		sim.ttsAnswer = { shape, status: 201 };
		const speech = await synthesize(sim, { model: 'openai/tts-1', text: words(20), voice: 'alloy' });
		const url = shape === 'url-string' ? (speech.json.audio as string) : (speech.json.audio as { url: string }).url;
		const created = await createVideo(sim, { ...core('bytedance/omnihuman'), audio_url: url });
		const job = sim.jobs.get(created.json.id as string)!;
		expect(job.synthesis).toBe(sim.syntheses[0]);
		expect(job.request.audio_url).toBe(sim.syntheses[0].url);
	});

	test('a job from any other link has no synthesis', async () => {
		const created = await createVideo(sim, core('bytedance/omnihuman'));
		expect(sim.jobs.get(created.json.id as string)!.synthesis).toBeUndefined();
	});
});

describe('audio limits', () => {
	const speak = async (count: number, extra: Record<string, unknown> = {}) => {
		await synthesize(sim, { model: 'openai/tts-1', text: words(count), voice: 'alloy', ...extra });
		return sim.syntheses[sim.syntheses.length - 1].url!;
	};

	test.each(['bytedance/omnihuman', 'bytedance/omnihuman/v1.5', 'veed/fabric-1.0', 'veed/fabric-1.0-fast'])('%s: 74 words pass, 75 (30 s) are "audio too long"', async (model) => {
		const fits = await createVideo(sim, { ...FULL_BODIES[model], audio_url: await speak(74) });
		expect(fits.status).toBe(200);
		const tooLong = await createVideo(sim, { ...FULL_BODIES[model], audio_url: await speak(75) });
		expect(tooLong.status).toBe(400);
		expect(tooLong.json.message).toMatch(/^Body validation error! audio_url: audio too long \(30\.0 s\); .* takes audio under 30 s$/);
		expect(sim.jobs.size).toBe(1);
	});

	test('Kling: up to 5 MB, so 200 s of MP3 passes and the same as WAV does not', async () => {
		const mp3 = await createVideo(sim, { ...FULL_BODIES['klingai/avatar-pro'], audio_url: await speak(500) });
		expect(mp3.status).toBe(200);
		const wav = await createVideo(sim, { ...FULL_BODIES['klingai/avatar-pro'], audio_url: await speak(500, { response_format: 'wav' }) });
		expect(wav.status).toBe(400);
		expect(wav.json.message).toContain('audio too long');
		expect(wav.json.message).toContain('up to 5 MB');
	});

	test('sim-audio-seconds on any audio link says how long it is', async () => {
		expect((await createVideo(sim, { ...core('bytedance/omnihuman'), audio_url: `${AUDIO_URL}?sim-audio-seconds=31` })).status).toBe(400);
		expect((await createVideo(sim, { ...core('bytedance/omnihuman'), audio_url: `${AUDIO_URL}?sim-audio-seconds=29.9` })).status).toBe(200);
	});
});
