import { createVideo, postJson, synthesize, words } from '../simulator/client';
import { startSimulator, type Simulator } from '../simulator/server';
import { TTS_SHAPES, type TtsAnswer } from '../simulator/speech';
import { AURA_2_VOICES, AURA_VOICES, ELEVENLABS_VOICES, HUME_VOICES, INWORLD_VOICES, MAI_VOICES, MINIMAX_VOICES, OPENAI_VOICES, QWEN_VOICES, SPEECH_MODEL_IDS, estimateSpeechSeconds } from '../simulator/speechModels';

/** The simulator's `POST /v1/tts`: answer shapes, per-model validation, speech links, faults and limits. */
let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator({ jobDurationMs: 0 });
});
beforeEach(() => {
	sim.reset();
	sim.balance = 100;
});
afterAll(async () => await sim.close());

const OPENAI = { model: 'openai/tts-1', text: 'Hello there, this is a test.', voice: 'nova' };
const ELEVENLABS = { model: 'elevenlabs/eleven_multilingual_v2', text: 'Hello there.', voice: 'Rachel', stream: false };
const AURA = { model: 'deepgram/aura-2', voice: 'thalia', text: 'Hello there.', stream: false };

describe('answer shapes', () => {
	test('by default: 201 with { audio: "<url>", meta: { usage } }, the link on the video origin', async () => {
		const answer = await synthesize(sim, OPENAI);
		expect(answer.status).toBe(201);
		const [synthesis] = sim.syntheses;
		expect(answer.json).toEqual({ audio: synthesis.url, meta: { usage: { credits_used: expect.any(Number), usd_spent: expect.any(Number) } } });
		expect(synthesis.url).toBe(`${sim.videoOrigin}/speech/${synthesis.id}.mp3`);
		expect(sim.requestsTo('tts')).toHaveLength(1);
	});

	const cases = TTS_SHAPES.flatMap((shape) => ([200, 201] as const).map((status): TtsAnswer => ({ shape, status })));
	test.each(cases)('sim.ttsAnswer = %o', async (answer) => {
		sim.ttsAnswer = answer;
		const { status, json, headers, bytes } = await synthesize(sim, OPENAI);
		expect(status).toBe(answer.status);
		const [synthesis] = sim.syntheses;
		expect(synthesis).toMatchObject({ shape: answer.shape, status: answer.status });
		if (answer.shape === 'url-string') expect(json.audio).toBe(synthesis.url);
		if (answer.shape === 'url-object') expect(json.audio).toEqual({ url: synthesis.url });
		if (answer.shape === 'bytes') {
			expect(headers.get('content-type')).toBe('audio/mpeg');
			expect(bytes.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xfb]));
			expect(bytes.length).toBe(synthesis.bytes);
			expect(synthesis.url).toBeUndefined();
		} else {
			expect(typeof synthesis.url).toBe('string');
		}
	});

	test('hints in the text choose the answer per request and are not spoken', async () => {
		const answer = await synthesize(sim, { ...OPENAI, text: 'one two three sim-tts-shape=url-object sim-tts-status=200' });
		expect(answer.status).toBe(200);
		expect(answer.json.audio).toEqual({ url: sim.syntheses[0].url });
		expect(sim.syntheses[0].words).toBe(3);
		const bytes = await synthesize(sim, { ...OPENAI, text: 'sim-tts-shape=bytes hello' });
		expect(bytes.headers.get('content-type')).toBe('audio/mpeg');
		expect(sim.ttsAnswer).toEqual({});
	});

	test.each([
		['OpenAI', OPENAI, 'url-string'],
		['ElevenLabs', ELEVENLABS, 'url-string'],
		['Deepgram Aura 2', AURA, 'url-string'],
		['MiniMax', { model: 'minimax/speech-2.8-hd', text: 'Hi', voice_setting: { voice_id: 'Calm_Woman' } }, 'url-object'],
		['Qwen3', { model: 'alibaba/qwen3-tts-flash', text: '你好', voice: 'Cherry' }, 'url-object'],
		['Microsoft MAI', { model: 'microsoft/mai-voice-2', text: 'Hi', voice: 'en-GB-SoniaNeural' }, 'url-object'],
	])('unset, each family answers in its own shape: %s → %s', async (_name, body, shape) => {
		const { json } = await synthesize(sim, body);
		const [synthesis] = sim.syntheses;
		expect(json.audio).toEqual(shape === 'url-string' ? synthesis.url : { url: synthesis.url });
	});

	test.each([
		['ElevenLabs', { ...ELEVENLABS, stream: undefined }, 'audio/mpeg'],
		['Deepgram Aura 2', { ...AURA, stream: undefined }, 'audio/wav'],
		['Deepgram Aura', { model: 'deepgram/aura', voice: 'luna', text: 'Hi there' }, 'audio/wav'],
		['ElevenLabs with stream: true', { ...ELEVENLABS, stream: true }, 'audio/mpeg'],
	])('%s without stream: false answers with the audio bytes and no charge headers (it still costs)', async (_name, body, type) => {
		const { headers, bytes, status } = await synthesize(sim, body);
		expect(status).toBe(201);
		expect(headers.get('content-type')).toBe(type);
		expect(headers.get('x-aimlapi-usd-spent')).toBeNull();
		expect(headers.get('x-aimlapi-credits-used')).toBeNull();
		expect(bytes.length).toBe(sim.syntheses[0].bytes);
		expect(sim.syntheses[0]).toMatchObject({ shape: 'bytes', url: undefined });
		expect(sim.syntheses[0].charge.usd).toBeGreaterThan(0);
	});

	test('sim-tts-seconds= sets the speech length, whatever the text', async () => {
		await synthesize(sim, { ...OPENAI, text: 'short sim-tts-seconds=41.5' });
		expect(sim.syntheses[0].durationSeconds).toBe(41.5);
	});

	test('reset() restores the default answer', async () => {
		sim.ttsAnswer = { shape: 'bytes', status: 200 };
		sim.reset();
		expect((await synthesize(sim, OPENAI)).status).toBe(201);
	});

	test('WAV when the body asks for PCM/WAV (OpenAI wav, ElevenLabs pcm_*, Aura 2 linear16 by default)', async () => {
		sim.ttsAnswer = { shape: 'bytes', status: 201 };
		for (const body of [{ ...OPENAI, response_format: 'wav' }, { ...ELEVENLABS, output_format: 'pcm_16000' }, AURA]) {
			const { headers, bytes } = await synthesize(sim, body);
			expect(headers.get('content-type')).toBe('audio/wav');
			expect(bytes.subarray(0, 4).toString('ascii')).toBe('RIFF');
		}
		const mp3 = await synthesize(sim, { ...AURA, encoding: 'mp3' });
		expect(mp3.headers.get('content-type')).toBe('audio/mpeg');
	});
});

describe('speech links', () => {
	test('served without a key, with the synthesis length; unknown ids are 404', async () => {
		await synthesize(sim, { ...OPENAI, text: words(25) });
		const [synthesis] = sim.syntheses;
		const response = await fetch(synthesis.url!);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('audio/mpeg');
		expect(Buffer.from(await response.arrayBuffer()).length).toBe(synthesis.bytes);
		expect(sim.requestsTo('speech')[0].headers.authorization).toBeUndefined();
		expect((await fetch(synthesis.url!.replace('.mp3', '.wav'))).status).toBe(404);
		expect((await fetch(`${sim.videoOrigin}/speech/00000000-0000-0000-0000-000000000000.mp3`)).status).toBe(404);
	});

	test('faults on the speech route: a status, a cut-off download', async () => {
		await synthesize(sim, OPENAI);
		sim.faults.add('speech', { type: 'status', status: 403, message: 'Expired' });
		expect((await fetch(sim.syntheses[0].url!)).status).toBe(403);
		sim.faults.add('speech', { type: 'drop' });
		await expect(fetch(sim.syntheses[0].url!).then(async (response) => await response.arrayBuffer())).rejects.toThrow();
	});
});

describe('duration estimate (150 words a minute)', () => {
	test.each([
		[{ ...OPENAI, text: words(75) }, 30],
		[{ ...OPENAI, text: words(75), speed: 2 }, 15],
		[{ ...ELEVENLABS, text: words(60), voice_settings: { speed: 1.2 } }, 20],
		[{ ...AURA, text: words(5) }, 2],
	])('%#: %s seconds', async (body, seconds) => {
		expect((await synthesize(sim, body)).status).toBe(201);
		expect(sim.syntheses[0].durationSeconds).toBeCloseTo(seconds, 5);
	});

	test('estimateSpeechSeconds leaves the simulator hints out', () => {
		expect(estimateSpeechSeconds('a b c d e sim-tts-shape=bytes')).toBe(2);
	});
});

describe('validation: each family takes its own fields, any other is refused naming it', () => {
	test('the lists', () => {
		expect(OPENAI_VOICES).toHaveLength(11);
		expect(ELEVENLABS_VOICES).toHaveLength(53);
		expect(ELEVENLABS_VOICES.slice(0, 3)).toEqual(['Rachel', 'Drew', 'Clyde']);
		expect(AURA_2_VOICES).toHaveLength(44);
		expect(AURA_2_VOICES.slice(-3)).toEqual(['celeste', 'estrella', 'nestor']);
		expect(AURA_VOICES).toHaveLength(12);
		expect([MINIMAX_VOICES, QWEN_VOICES, INWORLD_VOICES, MAI_VOICES, HUME_VOICES].map((list) => list.length)).toEqual([17, 17, 22, 21, 27]);
		expect(SPEECH_MODEL_IDS).toEqual(expect.arrayContaining(['openai/gpt-4o-mini-tts', 'elevenlabs/eleven_turbo_v2_5', 'deepgram/aura-2', 'deepgram/aura', 'minimax/speech-2.6-turbo', 'alibaba/qwen3-tts-flash', 'inworld/tts-1-5-max', 'microsoft/mai-voice-2', 'hume/octave-2']));
	});

	test.each([
		['openai/tts-1', { ...OPENAI, response_format: 'opus', speed: 0.25 }],
		['openai/tts-1-hd', { ...OPENAI, model: 'openai/tts-1-hd', voice: 'verse', speed: 4 }],
		['openai/gpt-4o-mini-tts', { ...OPENAI, model: 'openai/gpt-4o-mini-tts', instructions: 'Cheerful', response_format: 'wav' }],
		['eleven_multilingual_v2', { ...ELEVENLABS, voice: 'Santa Claus', output_format: 'mp3_44100_128', seed: 7, voice_settings: { stability: 0.5, similarity_boost: 0.75, style: 0, speed: 1.2, use_speaker_boost: true } }],
		['eleven_turbo_v2_5', { ...ELEVENLABS, model: 'elevenlabs/eleven_turbo_v2_5', voice: 'Mimi', voice_settings: { speed: 0.7 } }],
		['Aura 2', { ...AURA, voice: 'nestor', encoding: 'linear16', container: 'wav', sample_rate: 24000 }],
		['Aura', { model: 'deepgram/aura', text: 'Hi', voice: 'helios', stream: false, encoding: 'mp3' }],
		['MiniMax 2.6 Turbo', { model: 'minimax/speech-2.6-turbo', text: '你好', voice_setting: { voice_id: 'Wise_Woman', speed: 1.5 }, language_boost: 'Chinese,Yue', stream: false }],
		['Qwen3 TTS Flash', { model: 'alibaba/qwen3-tts-flash', text: 'a'.repeat(600), voice: 'Rocky' }],
		['Inworld TTS 1.5 Mini', { model: 'inworld/tts-1-5-mini', text: 'Hi', voice: 'Maitê', format: 'mp3' }],
		['MAI Voice 2', { model: 'microsoft/mai-voice-2', text: 'Hi', voice: 'en-US-Ava:DragonHDLatestNeural', response_format: 'wav' }],
		['Octave 2', { model: 'hume/octave-2', text: 'Hi', voice: "English Children's Book Narrator", format: 'mp3' }],
	])('%s accepts its fields', async (_name, body) => {
		const answer = await synthesize(sim, body);
		expect(answer.json.message).toBeUndefined();
		expect(answer.status).toBe(201);
	});

	test.each([
		['instructions on tts-1', { ...OPENAI, instructions: 'Slowly' }, 'property instructions should not exist'],
		['ElevenLabs settings on OpenAI', { ...OPENAI, voice_settings: { speed: 1 } }, 'property voice_settings should not exist'],
		['an ElevenLabs voice on OpenAI', { ...OPENAI, voice: 'Rachel' }, 'voice must be one of: alloy'],
		['no voice on OpenAI', { model: 'openai/tts-1', text: 'Hi' }, 'voice is required'],
		['4097 characters on OpenAI', { ...OPENAI, text: 'a'.repeat(4097) }, 'text must be a string of 1 to 4096 characters'],
		['empty text', { ...OPENAI, text: '' }, 'text must be'],
		['OpenAI speed 5', { ...OPENAI, speed: 5 }, 'speed must be a number from 0.25 to 4'],
		['a response_format ElevenLabs-style', { ...OPENAI, response_format: 'mp3_44100_128' }, 'response_format must be one of'],
		['top-level speed on ElevenLabs', { ...ELEVENLABS, speed: 1 }, 'property speed should not exist'],
		['an OpenAI voice on ElevenLabs', { ...ELEVENLABS, voice: 'alloy' }, 'voice must be one of: Rachel'],
		['ElevenLabs speed 2', { ...ELEVENLABS, voice_settings: { speed: 2 } }, 'voice_settings.speed must be a number from 0.7 to 1.2'],
		['an unknown voice setting', { ...ELEVENLABS, voice_settings: { pitch: 1 } }, 'voice_settings.pitch should not exist'],
		["Deepgram's old id", { model: '#g1_aura-2-thalia-en', text: 'Hi' }, 'deepgram/aura-2'],
		["the node's saved voice value on Aura 2", { ...AURA, voice: 'thalia-en' }, 'voice must be one of: amalthea'],
		['an Aura 2 voice on the first Aura', { ...AURA, model: 'deepgram/aura', voice: 'thalia' }, 'voice must be one of: asteria'],
		['voice at the top level on MiniMax', { model: 'minimax/speech-2.8-hd', text: 'Hi', voice: 'Wise_Woman' }, 'property voice should not exist'],
		['an unknown MiniMax voice', { model: 'minimax/speech-2.8-hd', text: 'Hi', voice_setting: { voice_id: 'Cherry' } }, 'voice_setting.voice_id must be one of'],
		['a MiniMax language_boost it does not have', { model: 'minimax/speech-2.8-hd', text: 'Hi', language_boost: 'Klingon' }, 'language_boost must be one of'],
		['601 characters on Qwen3', { model: 'alibaba/qwen3-tts-flash', text: 'a'.repeat(601), voice: 'Cherry' }, 'text must be a string of 1 to 600 characters'],
		['stream: true on Qwen3', { model: 'alibaba/qwen3-tts-flash', text: 'Hi', stream: true }, 'stream must be false'],
		['speed on Inworld', { model: 'inworld/tts-1-5-max', text: 'Hi', voice: 'Alex', speed: 1.2 }, 'property speed should not exist'],
		['an OpenAI field on Hume', { model: 'hume/octave-2', text: 'Hi', response_format: 'mp3' }, 'property response_format should not exist'],
		['an unknown model', { ...OPENAI, model: 'openai/tts-2' }, 'model must be one of'],
	])('%s → 400', async (_name, body, message) => {
		const answer = await synthesize(sim, body);
		expect(answer.status).toBe(400);
		expect(answer.json.message).toContain('Body validation error!');
		expect(answer.json.message).toContain(message);
		expect(sim.syntheses).toHaveLength(0);
	});

	test('not JSON → 400', async () => {
		expect((await synthesize(sim, 'not json' as unknown as Record<string, unknown>)).status).toBe(400);
	});
});

describe('key, balance, faults and the rate limit', () => {
	test('no key → 401; no credits → 403; both recorded as tts', async () => {
		expect((await postJson(sim, '/v1/tts', OPENAI, null)).status).toBe(401);
		expect((await postJson(sim, '/v1/tts', OPENAI, 'wrong')).status).toBe(401);
		sim.balance = 0;
		expect((await synthesize(sim, OPENAI)).status).toBe(403);
		expect(sim.requestsTo('tts')).toHaveLength(3);
		expect(sim.syntheses).toHaveLength(0);
	});

	test.each([
		[{ type: 'status', status: 429, retryAfter: '2' } as const, 429, '2'],
		[{ type: 'status', status: 429 } as const, 429, null],
		[{ type: 'status', status: 500 } as const, 500, null],
		[{ type: 'status', status: 503 } as const, 503, null],
	])('fault %o → %s (Retry-After %s), then the next request synthesizes', async (fault, status, retryAfter) => {
		sim.faults.add('tts', fault);
		const faulted = await synthesize(sim, OPENAI);
		expect(faulted.status).toBe(status);
		expect(faulted.headers.get('retry-after')).toBe(retryAfter);
		expect(sim.syntheses).toHaveLength(0);
		expect((await synthesize(sim, OPENAI)).status).toBe(201);
		expect(sim.syntheses).toHaveLength(1);
	});

	test('drop resets the connection; hang never answers', async () => {
		sim.faults.add('tts', { type: 'drop' });
		await expect(synthesize(sim, OPENAI)).rejects.toThrow();
		sim.faults.add('tts', { type: 'hang' });
		await expect(synthesize(sim, OPENAI, AbortSignal.timeout(100))).rejects.toThrow(/aborted|timeout/i);
		expect(sim.syntheses).toHaveLength(0);
		expect(sim.requestsTo('tts')).toHaveLength(2);
	});

	test('rate-limit mode: syntheses and video creates share one budget by default', async () => {
		sim.limitCreates({ creates: 2, windowMs: 60_000, retryAfter: true });
		expect((await synthesize(sim, OPENAI)).status).toBe(201);
		expect((await createVideo(sim, { model: 'bytedance/omnihuman', image_url: 'https://i.example.com/p.png', audio_url: sim.syntheses[0].url })).status).toBe(200);
		const limited = await synthesize(sim, OPENAI);
		expect(limited.status).toBe(429);
		expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
		expect(sim.rateLimit?.refused).toBe(1);
	});

	test("rate-limit mode with routes: ['create'] leaves syntheses alone", async () => {
		sim.limitCreates({ creates: 1, windowMs: 60_000, retryAfter: false, routes: ['create'] });
		for (let i = 0; i < 3; i++) expect((await synthesize(sim, OPENAI)).status).toBe(201);
		expect(sim.rateLimit?.refused).toBe(0);
	});
});
