import { languagesOf } from '../../nodes/OmniHuman/actions/descriptions/speech';
import { OmniHuman } from '../../nodes/OmniHuman/OmniHuman.node';
import { voiceOptionName } from '../../nodes/OmniHuman/speech/speechFamily';
import { findVoice, SPEECH_FAMILIES, SPEECH_MODELS, speechModel, speechRequestBody } from '../../nodes/OmniHuman/speech/speechModels';
import { simSpeechFamily, speechBodyProblems, streams } from '../simulator/speechModels';

const { properties } = new OmniHuman().description;
/** The Talking Avatar resource's fields of that name (Lip Sync has the same ones). */
const fields = (name: string) => properties.filter((property) => property.name === name && (property.displayOptions?.show?.resource as string[] | undefined)?.includes('avatarVideo'));
const shownFor = (field: { displayOptions?: { show?: Record<string, unknown> } }) => field.displayOptions?.show?.speechModel as string[];

describe('the speech-model table, held against the contract (the simulator)', () => {
	test.each(SPEECH_MODELS.map((model) => [model.id, model] as const))('%s: its voices, text limit and stream default are the service’s', (id, model) => {
		const contract = simSpeechFamily(id);
		expect(contract).toBeDefined();
		expect(model.family.voices.map((voice) => voice.sent ?? voice.value).sort()).toEqual([...contract!.voices].sort());
		expect(model.maxCharacters).toBeLessThanOrEqual(contract!.maxText);
		expect(model.family.streamsByDefault).toBe(contract!.streamsByDefault);
	});

	test.each(SPEECH_MODELS.map((model) => [model.id, model] as const))('%s: the body for every voice (and the lowest and highest speed) is one the service takes, as JSON', (_id, model) => {
		const speeds = model.family.speed ? [model.family.speed.min, model.family.speed.max] : [undefined];
		for (const voice of model.family.voices)
			for (const speed of speeds) {
				const body = speechRequestBody(model, { text: 'Hello there.', voice: voice.sent ?? voice.value, speed, extras: {} });
				expect(speechBodyProblems(body)).toEqual([]);
				expect(streams(body)).toBe(false);
			}
	});

	test('every extra field value (MiniMax Language Boost) makes a body the service takes', () => {
		for (const model of SPEECH_MODELS)
			for (const field of model.family.extraFields ?? [])
				for (const option of field.options.filter((each) => each.value !== field.default)) {
					const body = speechRequestBody(model, { text: 'Hi', voice: model.family.defaultVoice, extras: { [field.name]: option.value } });
					expect(speechBodyProblems(body)).toEqual([]);
				}
	});

	test('voice counts per family', () => {
		expect(Object.fromEntries(SPEECH_FAMILIES.map((family) => [family.label, family.voices.length]))).toEqual({
			OpenAI: 11,
			ElevenLabs: 53,
			'Deepgram Aura 2': 44,
			'Deepgram Aura': 12,
			'MiniMax Speech': 17,
			'Qwen3 TTS': 17,
			'Inworld TTS': 22,
			'Microsoft MAI Voice': 21,
			'Hume Octave': 27,
		});
	});
});

describe('the node’s fields come from the table', () => {
	test('one Voice field per family, all named voice, each shown for its models, defaulting to its default voice, options its voices', () => {
		const voiceFields = fields('voice');
		expect(voiceFields.length).toBeGreaterThanOrEqual(SPEECH_FAMILIES.length);
		for (const family of SPEECH_FAMILIES) {
			const ids = family.models.map((model) => model.id);
			const matching = voiceFields.filter((field) => JSON.stringify(shownFor(field)) === JSON.stringify(ids));
			expect(matching.length).toBeGreaterThan(0);
			for (const field of matching) {
				expect(field.default).toBe(family.defaultVoice);
				expect((field.options as Array<{ value: string }>).map((option) => option.value)).toEqual(family.voices.map((voice) => voice.value));
			}
		}
	});

	test('the saved defaults do not move: alloy, Rachel, thalia-en', () => {
		const byModel = (id: string) => fields('voice').find((field) => shownFor(field).includes(id))!.default;
		expect([byModel('openai/tts-1'), byModel('elevenlabs/eleven_turbo_v2_5'), byModel('deepgram/aura-2')]).toEqual(['alloy', 'Rachel', 'thalia-en']);
		expect(fields('speechModel')[0].default).toBe('openai/tts-1');
		expect(fields('speed')[0]).toMatchObject({ type: 'number', default: 1 });
	});

	test('a Chinese script finds Chinese voices by their names, and the Speech Model options say which languages each speaks', () => {
		const qwen = fields('voice').find((field) => shownFor(field).includes('alibaba/qwen3-tts-flash'))!;
		const names = (qwen.options as Array<{ name: string }>).map((option) => option.name);
		expect(names).toContain('Cherry (Chinese, English, and 8 more)');
		expect(names).toContain('Rocky (Cantonese)');
		const aura2 = fields('voice').find((field) => shownFor(field).includes('deepgram/aura-2'))!;
		expect((aura2.options as Array<{ name: string; value: string }>).find((option) => option.value === 'nestor-es')!.name).toBe('Nestor (Spanish)');
		const options = fields('speechModel')[0].options as Array<{ value: string; description: string }>;
		expect(options.find((option) => option.value === 'minimax/speech-2.8-hd')!.description).toBe('Speaks Chinese, Cantonese, English, Arabic, Russian, Spanish and 34 more');
		for (const option of options) expect(option.description).toMatch(/^Speaks \w/);
	});

	test('Speed shows for the families with a speed; Language Boost for MiniMax only', () => {
		expect(shownFor(fields('speed')[0])).toEqual(SPEECH_MODELS.filter((model) => model.family.speed).map((model) => model.id));
		expect(shownFor(fields('speed')[0])).toEqual(expect.arrayContaining(['openai/tts-1', 'elevenlabs/eleven_multilingual_v2', 'minimax/speech-2.6-hd']));
		expect(shownFor(fields('languageBoost')[0])).toEqual(['minimax/speech-2.8-hd', 'minimax/speech-2.8-turbo', 'minimax/speech-2.6-hd', 'minimax/speech-2.6-turbo']);
		expect(fields('languageBoost')[0].default).toBe('');
	});

	test("Deepgram's saved values (thalia-en) and today's names (thalia) find the same voice, sent as today's name", () => {
		const family = speechModel('deepgram/aura-2')!.family;
		expect(findVoice(family, 'thalia-en')).toBe(findVoice(family, 'thalia'));
		expect(findVoice(family, 'celeste-es')?.sent).toBe('celeste');
		expect(findVoice(family, 'nobody-en')).toBeUndefined();
		expect(voiceOptionName(findVoice(family, 'thalia-en')!)).toBe('Thalia (English)');
	});

	test('a voice that speaks several languages lists them', () => {
		expect(voiceOptionName({ value: 'cherry', name: 'Cherry', languages: ['Chinese', 'English'] })).toBe('Cherry (Chinese, English)');
		expect(voiceOptionName({ value: 'nova', name: 'Nova' })).toBe('Nova');
	});

	test('languagesOf counts what it does not list', () => {
		expect(languagesOf({ languages: ['English', 'Spanish'] })).toBe('English, Spanish');
		expect(languagesOf({ languages: ['A', 'B', 'C', 'D', 'E', 'F', 'G'], languageCount: 57 })).toBe('A, B, C, D, E, F and 51 more');
	});
});
