import type { TtsShape } from '../simulator/speech';
import { NODE } from '../harness/workflows';
import { createAndWait, IMAGE_URL, useFixture } from '../support/fixture';

const fx = useFixture();

const SCRIPT = 'Hello and welcome. This is a short message from our team, made from a script in one step.';

/** Create and Wait with Audio Source "Text". */
const fromScript = (extra: Record<string, unknown> = {}, options: Record<string, unknown> = {}) =>
	createAndWait(options, { audioSource: 'text', script: SCRIPT, speechModel: 'openai/tts-1', voice: 'nova', audioUrl: undefined as never, ...extra });

describe('Audio Source "Text": a script becomes a talking-head video', () => {
	test.each<[TtsShape, 200 | 201]>([
		['url-string', 201],
		['url-object', 201],
		['url-string', 200],
		['url-object', 200],
	])('one synthesis (answer %s, HTTP %i) whose link is the video job\'s audio_url', async (shape, status) => {
		fx.sim.ttsAnswer = { shape, status };
		const result = await fx.run(fromScript());
		expect(result.status).toBe('success');
		expect(fx.sim.requestsTo('tts')).toHaveLength(1);
		expect(fx.sim.requestsTo('tts')[0].body).toEqual({ model: 'openai/tts-1', text: SCRIPT, voice: 'nova' });
		expect(fx.sim.requestsTo('create')).toHaveLength(1);
		const [synthesis] = fx.sim.syntheses;
		const [job] = fx.sim.jobs.values();
		expect(job.request.audio_url).toBe(synthesis.url);
		expect(job.synthesis?.id).toBe(synthesis.id);
		const [output] = result.json(NODE);
		expect(output).toMatchObject({ status: 'completed', audioUrl: synthesis.url, speechUsage: { credits: synthesis.usage.credits_used, usdSpent: synthesis.usage.usd_spent } });
		// Without Max Spend per Execution nothing is priced: the price list is never read.
		expect(fx.sim.requestsTo('prices')).toHaveLength(0);
	});

	test('a script longer than the video model can take is refused before any request, naming the field, estimate and limit', async () => {
		const long = Array.from({ length: 120 }, (_, index) => `word${index}`).join(' ');
		const result = await fx.run(fromScript({ script: long }));
		expect(result.nodeError(NODE)!.message).toBe(
			"Script would take about 48 s to say (120 words at about 150 a minute), above OmniHuman's audio limit (under 30 s)",
		);
		expect(fx.sim.requests).toHaveLength(0);
	});

	test.each([
		['openai/gpt-4o-mini-tts', { voice: 'coral', speed: 1.25 }, { model: 'openai/gpt-4o-mini-tts', text: SCRIPT, voice: 'coral', speed: 1.25 }],
		['elevenlabs/eleven_multilingual_v2', { voice: 'Aria', speed: 1.1 }, { model: 'elevenlabs/eleven_multilingual_v2', text: SCRIPT, voice: 'Aria', voice_settings: { speed: 1.1 }, stream: false }],
		['deepgram/aura-2', { voice: 'thalia-en' }, { model: 'deepgram/aura-2', text: SCRIPT, voice: 'thalia', stream: false }],
	])('%s gets exactly its own fields (the simulator refuses any other)', async (speechModel, extra, expected) => {
		const result = await fx.run(fromScript({ speechModel, ...extra }));
		expect(result.status).toBe('success');
		expect(fx.sim.requestsTo('tts')[0].body).toEqual(expected);
	});

	test('a voice of another speech model is refused before anything is sent', async () => {
		const result = await fx.run(fromScript({ speechModel: 'elevenlabs/eleven_turbo_v2_5', voice: 'nova' }));
		expect(result.nodeError(NODE)!.message).toMatch(/^Voice "nova" is not a voice of ElevenLabs Turbo v2.5/);
		expect(fx.sim.requests).toHaveLength(0);
	});

	test('a synthesis whose outcome is unknown (HTTP 502) is not sent again, and no video job is made', async () => {
		fx.sim.faults.add('tts', { type: 'status', status: 502 });
		const result = await fx.run(fromScript(), { node: { retryOnFail: true, maxTries: 3, waitBetweenTries: 0 } });
		expect(result.nodeError(NODE)!.message).toMatch(/^An earlier try of this item may have created a speech synthesis: Speech synthesis: .*HTTP 502/);
		expect(fx.sim.requestsTo('tts')).toHaveLength(1);
		expect(fx.sim.requestsTo('create')).toHaveLength(0);
	});

	test('a 429 on the synthesis waits its turn with the creates, then goes on', async () => {
		fx.sim.faults.add('tts', { type: 'status', status: 429, retryAfter: '0' }, 2);
		const result = await fx.run(fromScript());
		expect(result.status).toBe('success');
		expect(fx.sim.requestsTo('tts')).toHaveLength(3);
		expect(fx.sim.syntheses).toHaveLength(1);
	});

	test("Retry On Fail: a retried item reuses its speech and resumes its job (one synthesis, one job)", async () => {
		fx.sim.jobDurationMs = 1200;
		const result = await fx.run(fromScript({}, { maxWait: 0.5, pollInterval: 0.05 }), { node: { retryOnFail: true, maxTries: 3, waitBetweenTries: 0 } });
		expect(result.status).toBe('success');
		expect(fx.sim.requestsTo('tts')).toHaveLength(1);
		expect(fx.sim.requestsTo('create')).toHaveLength(1);
		// The resumed speech still shows what it cost.
		const [synthesis] = fx.sim.syntheses;
		expect(result.json(NODE)[0].speechUsage).toEqual({ credits: synthesis.usage.credits_used, usdSpent: synthesis.usage.usd_spent });
	});

	test('a synthesis the service refused (nothing made) is sent again by Retry On Fail', async () => {
		fx.sim.faults.add('tts', { type: 'status', status: 400, message: 'Body validation error!' });
		const result = await fx.run(fromScript(), { node: { retryOnFail: true, maxTries: 2, waitBetweenTries: 0 } });
		expect(result.status).toBe('success');
		expect(fx.sim.requestsTo('tts')).toHaveLength(2);
		expect(fx.sim.syntheses).toHaveLength(1);
	});
});

describe('the talking-avatar models: each sends exactly its own fields', () => {
	const base = { imageUrl: IMAGE_URL };
	test.each([
		['bytedance/omnihuman', {}, {}],
		['bytedance/omnihuman/v1.5', {}, {}],
		['klingai/avatar-standard', { prompt: 'Smiling, small nods' }, { prompt: 'Smiling, small nods' }],
		['klingai/avatar-pro', { prompt: '' }, {}],
		['veed/fabric-1.0', { resolution: '720p' }, { resolution: '720p' }],
		['veed/fabric-1.0-fast', {}, { resolution: '720p' }],
	])('%s', async (model, extra, sentExtra) => {
		// Fields of other models set on the node too: only the chosen model's are sent.
		const result = await fx.run(createAndWait({}, { ...base, model, prompt: 'ignored', resolution: '720p', ...extra }));
		expect(result.status).toBe('success');
		const [create] = fx.sim.requestsTo('create');
		expect(Object.keys(create.body as object).sort()).toEqual(['audio_url', 'image_url', 'model', ...Object.keys(sentExtra)].sort());
		expect(create.body).toMatchObject({ model, ...sentExtra });
		expect(result.json(NODE)[0]).toMatchObject({ status: 'completed', model });
	});

	test('VEED without a Resolution set sends the default, 480p', async () => {
		const result = await fx.run(createAndWait({}, { model: 'veed/fabric-1.0' }));
		expect(result.status).toBe('success');
		expect(fx.sim.requestsTo('create')[0].body).toMatchObject({ model: 'veed/fabric-1.0', resolution: '480p' });
	});

	test('a prompt over 2500 characters is refused before anything is sent', async () => {
		const result = await fx.run(createAndWait({}, { model: 'klingai/avatar-pro', prompt: 'x'.repeat(2501) }));
		expect(result.nodeError(NODE)!.message).toMatch(/^Prompt is 2501 characters long, above the model's 2500/);
		expect(fx.sim.requests).toHaveLength(0);
	});

	test('a binary portrait works for every model', async () => {
		const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
		for (const model of ['bytedance/omnihuman', 'klingai/avatar-standard', 'veed/fabric-1.0-fast']) {
			fx.sim.reset();
			const items = [{ json: {}, binary: { data: { data: png.toString('base64'), mimeType: 'image/png', fileName: 'p.png' } } }];
			const result = await fx.run(createAndWait({}, { model, imageSource: 'binary', imageBinaryProperty: 'data', imageUrl: undefined as never }), { items });
			expect(result.status).toBe('success');
			expect((fx.sim.requestsTo('create')[0].body as { image_url: string }).image_url).toMatch(/^data:image\/png;base64,/);
		}
	});
});

test('the audio limit is "under 30 s": 74 words pass, 75 (30 s at 150 a minute) are refused before any request', async () => {
	const words = (count: number) => Array.from({ length: count }, (_, index) => `w${index}`).join(' ');
	const ok = await fx.run(createAndWait({}, { audioSource: 'text', script: words(74), speechModel: 'openai/tts-1', voice: 'alloy' }));
	expect(ok.status).toBe('success');
	fx.sim.reset();
	const refused = await fx.run(createAndWait({}, { audioSource: 'text', script: words(75), speechModel: 'openai/tts-1', voice: 'alloy' }));
	expect(refused.nodeError(NODE)!.message).toMatch(/^Script would take about 30 s to say \(75 words/);
	expect(fx.sim.requests).toHaveLength(0);
});
