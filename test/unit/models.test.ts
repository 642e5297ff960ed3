import { AVATAR_MODELS, modelsWith } from '../../nodes/OmniHuman/models';
import { OmniHuman } from '../../nodes/OmniHuman/OmniHuman.node';
import { estimateSpeechSeconds, SPEECH_MODELS } from '../../nodes/OmniHuman/speech/speechModels';
import { readSpeechAnswer } from '../../nodes/OmniHuman/transport/speech';
import { response } from '../support/fakes';
import { VIDEO_MODELS } from '../simulator/videoModels';

const { properties } = new OmniHuman().description;
const field = (name: string) => properties.filter((property) => property.name === name);

describe('the model table drives the node', () => {
	test('the Model options are the table, in its order, each saying what it suits', () => {
		const [model] = field('model');
		expect((model.options as Array<{ value: string }>).map((option) => option.value)).toEqual(AVATAR_MODELS.map((entry) => entry.id));
		for (const option of model.options as Array<{ description: string }>) expect(option.description.length).toBeGreaterThan(40);
	});

	test('Prompt shows for the Kling models only, Resolution for the VEED models only', () => {
		expect(field('prompt')[0].displayOptions?.show?.model).toEqual(['klingai/avatar-standard', 'klingai/avatar-pro']);
		expect(field('resolution')[0].displayOptions?.show?.model).toEqual(modelsWith('resolution'));
		expect(modelsWith('resolution')).toEqual(['veed/fabric-1.0', 'veed/fabric-1.0-fast']);
	});

	test('a default Max Wait of at least 10 min for every model, and twice the typical 9 min for Kling Avatar Pro', () => {
		for (const model of AVATAR_MODELS) expect(model.defaultMaxWaitSeconds).toBeGreaterThanOrEqual(600);
		expect(AVATAR_MODELS.find((model) => model.id === 'klingai/avatar-pro')!.defaultMaxWaitSeconds).toBeGreaterThanOrEqual(2 * 9 * 60);
	});

	test('every model of the node is one the simulator (the contract) knows, with the same extra fields', () => {
		for (const model of AVATAR_MODELS) {
			const simulated = VIDEO_MODELS.find((candidate) => candidate.id === model.id);
			expect(simulated?.extraFields).toEqual(model.extraFields);
		}
	});
});

describe('speech models', () => {
	test("each Voice field's default is its family's default voice, and one of its options", () => {
		for (const voice of field('voice')) {
			const models = SPEECH_MODELS.filter((model) => (voice.displayOptions?.show?.speechModel as string[]).includes(model.id));
			expect(models.length).toBeGreaterThan(0);
			for (const model of models) {
				expect(voice.default).toBe(model.defaultVoice);
				expect((voice.options as Array<{ value: string }>).map((option) => option.value)).toEqual(model.voices);
			}
		}
	});

	test('a script is estimated at about 150 words a minute, faster with Speed', () => {
		const words = (count: number) => Array.from({ length: count }, () => 'word').join(' ');
		expect(estimateSpeechSeconds(words(75))).toBe(30);
		expect(estimateSpeechSeconds(words(75), 1.5)).toBe(20);
		expect(estimateSpeechSeconds('  ')).toBe(0);
	});

	test.each([
		['a link as a string', { audio: 'https://cdn.example/a.mp3', meta: { usage: { credits_used: 5, usd_spent: 0.01 } } }, { audioUrl: 'https://cdn.example/a.mp3', usage: { credits: 5, usdSpent: 0.01 } }],
		['a link in an object', { audio: { url: 'https://cdn.example/b.mp3' } }, { audioUrl: 'https://cdn.example/b.mp3' }],
	])('reads the answer with %s', (_label, body, expected) => {
		expect(readSpeechAnswer(response(201, body, { 'content-type': 'application/json' }) as never, 'OpenAI TTS-1')).toEqual({ ok: true, value: expected });
	});

	test('audio bytes are a clear failure naming a model that answers with a link', () => {
		const result = readSpeechAnswer(response(200, 'ID3\u0004garbage', { 'content-type': 'audio/mpeg' }) as never, 'OpenAI TTS-1');
		expect(result).toMatchObject({ ok: false, failure: { kind: 'fatal', message: expect.stringMatching(/audio bytes \(audio\/mpeg\)/), description: expect.stringMatching(/such as OpenAI TTS-1/) } });
	});

	test('an answer without a link is unreadable (reported as a synthesis that may have been billed)', () => {
		expect(readSpeechAnswer(response(201, { meta: {} }, { 'content-type': 'application/json' }) as never, 'x')).toBeUndefined();
	});
});

test("Max Wait not set is the model's default; set, it is the user's", async () => {
	const { readOptions } = await import('../../nodes/OmniHuman/helpers/options');
	const run = (options: Record<string, unknown>) => ({ context: { getNodeParameter: () => options }, itemIndex: 0, node: { name: 'OmniHuman' } }) as never;
	expect(readOptions(run({}), 1800).maxWaitSeconds).toBe(1800);
	expect(readOptions(run({ maxWait: 60 }), 1800).maxWaitSeconds).toBe(60);
	expect(readOptions(run({})).maxWaitSeconds).toBe(600);
});
