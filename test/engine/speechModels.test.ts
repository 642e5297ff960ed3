import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { INodeParameters, IWorkflowBase } from 'n8n-workflow';

import { SPEECH_MODELS, type SpeechModel } from '../../nodes/OmniHuman/speech/speechModels';
import { NODE } from '../harness/workflows';
import { simSpeechFamily } from '../simulator/speechModels';
import { createAndWait, FAST, useFixture } from '../support/fixture';

const fx = useFixture();

const SCRIPT = 'Hello and welcome. This is a short message from our team.';

const fromScript = (extra: INodeParameters = {}, options: Record<string, unknown> = {}) =>
	createAndWait(options, { audioSource: 'text', script: SCRIPT, audioUrl: undefined as never, ...extra });

/** A voice other than the family's default, so that the field is really read: its option value and the name sent. */
function voiceOf(model: SpeechModel) {
	const { voices, defaultVoice } = model.family;
	return voices.find((voice) => voice.value !== defaultVoice) ?? voices[0];
}

/**
 * The body the contract says a synthesis of `model` with `voice` takes, read from the simulator's family
 * (where the voice goes, whether `stream: false` is needed), not from the node's table.
 */
function contractBody(model: string, voice: string): Record<string, unknown> {
	const family = simSpeechFamily(model);
	if (!family) throw new Error(`the simulator does not know ${model}`);
	return {
		model,
		text: SCRIPT,
		...(family.voiceIn === 'voice' ? { voice } : { voice_setting: { voice_id: voice } }),
		...(family.streamsByDefault && { stream: false }),
	};
}

describe('every speech model the node offers: script → one synthesis with exactly its fields → one job on its audio', () => {
	test.each(SPEECH_MODELS.map((model) => [model.id, model] as const))('%s', async (id, model) => {
		const voice = voiceOf(model);
		const result = await fx.run(fromScript({ speechModel: id, voice: voice.value }));
		expect(result.nodeError(NODE)).toBeUndefined();
		const syntheses = fx.sim.requestsTo('tts');
		expect(syntheses).toHaveLength(1);
		expect(syntheses[0].body).toEqual(contractBody(id, voice.sent ?? voice.value));
		const [synthesis] = fx.sim.syntheses;
		expect(synthesis.shape).not.toBe('bytes');
		const creates = fx.sim.requestsTo('create');
		expect(creates).toHaveLength(1);
		expect((creates[0].body as { audio_url: string }).audio_url).toBe(synthesis.url);
		expect(result.json(NODE)[0]).toMatchObject({ status: 'completed', audioUrl: synthesis.url, speechUsage: { usdSpent: synthesis.usage.usd_spent } });
	});

	test('MiniMax: Language Boost is sent as language_boost, Speed as voice_setting.speed', async () => {
		const result = await fx.run(fromScript({ speechModel: 'minimax/speech-2.8-turbo', voice: 'Calm_Woman', languageBoost: 'Chinese,Yue', speed: 1.5 }));
		expect(result.nodeError(NODE)).toBeUndefined();
		expect(fx.sim.requestsTo('tts')[0].body).toEqual({ model: 'minimax/speech-2.8-turbo', text: SCRIPT, voice_setting: { voice_id: 'Calm_Woman', speed: 1.5 }, language_boost: 'Chinese,Yue' });
	});

	test('Qwen3 TTS Flash: a script over its 600 characters is refused before anything is paid', async () => {
		const long = '你'.repeat(601);
		const result = await fx.run(createAndWait({}, { audioSource: 'text', script: long, speechModel: 'alibaba/qwen3-tts-flash', voice: 'Cherry' }));
		expect(result.nodeError(NODE)!.message).toMatch(/^Script is 601 characters long, above Qwen3 TTS Flash's 600/);
		expect(fx.sim.requests).toHaveLength(0);
	});
});

describe('saved workflows keep working', () => {
	const saved = JSON.parse(readFileSync(path.join(__dirname, 'workflows/saved-deepgram-aura-2.json'), 'utf8')) as IWorkflowBase;
	const withOptions = (parameters: INodeParameters) => ({ ...parameters, options: { ...(parameters.options as object), ...FAST } });

	test("a workflow saved with Deepgram's old voice value (andromeda-en) runs as deepgram/aura-2 + andromeda", async () => {
		const nodes = saved.nodes.map((node) => (node.name === NODE ? { ...node, parameters: withOptions(node.parameters) } : node));
		const result = await fx.engine.start({ ...saved, nodes }, { credentials: fx.credentials() }).done;
		expect(result.nodeError(NODE)).toBeUndefined();
		expect(fx.sim.requestsTo('tts')[0].body).toEqual({ model: 'deepgram/aura-2', text: expect.any(String), voice: 'andromeda', stream: false });
		expect(fx.sim.requestsTo('create')).toHaveLength(1);
	});

	test('saved with the default voice (not written in the workflow): thalia-en runs as thalia', async () => {
		const nodes = saved.nodes.map((node) => {
			if (node.name !== NODE) return node;
			const { voice: _voice, ...rest } = node.parameters;
			return { ...node, parameters: withOptions(rest) };
		});
		const result = await fx.engine.start({ ...saved, nodes }, { credentials: fx.credentials() }).done;
		expect(result.nodeError(NODE)).toBeUndefined();
		expect(fx.sim.requestsTo('tts')[0].body).toMatchObject({ model: 'deepgram/aura-2', voice: 'thalia', stream: false });
	});

	test("today's name from an expression (voice: \"thalia\") runs too", async () => {
		const result = await fx.run(fromScript({ speechModel: 'deepgram/aura-2', voice: '={{ "thalia" }}' }));
		expect(result.nodeError(NODE)).toBeUndefined();
		expect(fx.sim.requestsTo('tts')[0].body).toMatchObject({ voice: 'thalia' });
	});
});

describe('a speech model that answers with the audio bytes', () => {
	test('Lip Sync takes them as a base64 data URI: exactly the bytes synthesized', async () => {
		fx.sim.ttsAnswer = { shape: 'bytes' };
		const result = await fx.run({
			resource: 'lipSync',
			operation: 'createAndWait',
			videoUrl: 'https://videos.example.com/clip.mp4',
			audioSource: 'text',
			script: 'Bonjour à tous, merci d’être venus.',
			speechModel: 'openai/tts-1',
			voice: 'nova',
			options: FAST as INodeParameters,
		});
		expect(result.nodeError(NODE)).toBeUndefined();
		expect(fx.sim.requestsTo('tts')).toHaveLength(1);
		const [create] = fx.sim.requestsTo('create');
		const audio = (create.body as { audio_url: string }).audio_url;
		expect(audio).toMatch(/^data:audio\/mpeg;base64,/);
		expect(Buffer.from(audio.split(',')[1], 'base64').length).toBe(fx.sim.syntheses[0].bytes);
		expect(result.json(NODE)[0].audioUrl).toBeUndefined();
	});

	test('an avatar model takes only a link: refused before the job, saying the synthesis was paid and which models answer with a link', async () => {
		fx.sim.ttsAnswer = { shape: 'bytes' };
		const result = await fx.run(fromScript({ speechModel: 'openai/tts-1', voice: 'nova' }));
		const error = result.nodeError(NODE)!;
		expect(error.message).toMatch(/^Speech Model answered with audio bytes \(audio\/mpeg\), not a link, and OmniHuman takes only a link as its audio; the speech synthesis was already paid \(its charge was not reported with the audio bytes: see the usage logs\), and no video job was made$/);
		expect(error.description).toMatch(/^Choose a speech model that answers with a link \(OpenAI, MiniMax Speech, Qwen3 TTS, Inworld TTS, Microsoft MAI Voice, Hume Octave\), or use Audio Source "URL" with audio hosted elsewhere\.\nSpent in this run: 0 video jobs, 1 speech synthesis/);
		expect(fx.sim.requestsTo('tts')).toHaveLength(1);
		expect(fx.sim.requestsTo('create')).toHaveLength(0);
	});

	test('Retry On Fail after that error does not pay for the speech again', async () => {
		fx.sim.ttsAnswer = { shape: 'bytes' };
		const result = await fx.run(fromScript({ speechModel: 'openai/tts-1', voice: 'nova' }), { node: { retryOnFail: true, maxTries: 3, waitBetweenTries: 0 } });
		expect(result.nodeError(NODE)).toBeDefined();
		expect(fx.sim.requestsTo('tts')).toHaveLength(1);
	});
});

test('examples/11-multilingual-scripts.json: three scripts, each spoken by a voice of its language, then three videos', async () => {
	const example = JSON.parse(readFileSync(path.join(__dirname, '../../examples/11-multilingual-scripts.json'), 'utf8')) as IWorkflowBase;
	const nodes = example.nodes.map((node) => (node.name === NODE ? { ...node, parameters: { ...node.parameters, options: { ...(node.parameters.options as object), ...FAST } } } : node));
	const result = await fx.engine.start({ ...example, nodes }, { credentials: fx.credentials() }).done;
	expect(result.nodeError(NODE)).toBeUndefined();
	const bodies = fx.sim.requestsTo('tts').map((request) => request.body as Record<string, unknown>);
	expect(bodies.map(({ model, voice }) => [model, voice]).sort()).toEqual([
		['alibaba/qwen3-tts-flash', 'Cherry'],
		['deepgram/aura-2', 'estrella'],
		['openai/tts-1', 'nova'],
	]);
	expect(bodies.find((body) => body.model === 'alibaba/qwen3-tts-flash')!.text).toMatch(/^大家好/);
	expect(fx.sim.requestsTo('create')).toHaveLength(3);
	expect(result.json('Video per language').map((item) => [item.language, typeof item.videoUrl, item.error ?? ''])).toEqual([
		['Chinese', 'string', ''],
		['Spanish', 'string', ''],
		['English', 'string', ''],
	]);
});

describe('the synthesized speech must fit the video model: its real length is read from the audio', () => {
	test('a speech that came out longer than the model takes: refused before the job, naming both lengths and the paid synthesis', async () => {
		const result = await fx.run(fromScript({ speechModel: 'openai/tts-1', voice: 'nova', script: `${SCRIPT} sim-tts-seconds=41.5` }));
		const error = result.nodeError(NODE)!;
		const [synthesis] = fx.sim.syntheses;
		// The MP3's frames make 41.48 s of the 41.5 s asked for.
		expect(error.message).toMatch(/^Script came out as 41\.4\d s of speech, above OmniHuman's audio limit \(under 30 s\); the speech synthesis was already paid \(\$(\d+\.\d+)\), and no video job was made$/);
		expect(error.message).toContain(`($${synthesis.charge.usd.toFixed(4)})`);
		expect(fx.sim.requestsTo('tts')).toHaveLength(1);
		expect(fx.sim.requestsTo('create')).toHaveLength(0);
		expect(fx.sim.requestsTo('speech').length).toBeGreaterThan(0);
		expect(fx.sim.requestsTo('speech').every((request) => request.headers.authorization === undefined)).toBe(true);
	});

	test('a speech within the limit goes on to its one job', async () => {
		const result = await fx.run(fromScript({ speechModel: 'openai/tts-1', voice: 'nova', script: `${SCRIPT} sim-tts-seconds=29.5` }));
		expect(result.nodeError(NODE)).toBeUndefined();
		expect(fx.sim.requestsTo('create')).toHaveLength(1);
	});

	test('a link that cannot be read (HTTP 403) does not stop the job: the script was estimated already', async () => {
		fx.sim.faults.add('speech', { type: 'status', status: 403, message: 'Expired' }, 5);
		const result = await fx.run(fromScript({ speechModel: 'openai/tts-1', voice: 'nova' }));
		expect(result.nodeError(NODE)).toBeUndefined();
		expect(fx.sim.requestsTo('create')).toHaveLength(1);
	});
});
