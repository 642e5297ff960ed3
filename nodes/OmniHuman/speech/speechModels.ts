import { speakingTime } from './speakingTime';

/**
 * The speech models of `POST /v1/tts` the node offers for Audio Source "Text", one entry each: the Voice
 * options, the Speed field and the request body all come from here.
 */
export type SpeechFamily = 'openai' | 'elevenlabs' | 'deepgram';

export interface SpeechModel {
	/** The Speech Model option's value (for Deepgram the voice completes the id sent). */
	id: string;
	label: string;
	family: SpeechFamily;
	voices: string[];
	defaultVoice: string;
	/** Speed range where the model has one (OpenAI: `speed`; ElevenLabs: `voice_settings.speed`). */
	speed?: { min: number; max: number };
	/** The longest text the model takes. */
	maxCharacters: number;
}

const OPENAI_VOICES = [
	'alloy',
	'ash',
	'ballad',
	'coral',
	'echo',
	'fable',
	'nova',
	'onyx',
	'sage',
	'shimmer',
	'verse',
];

/** ElevenLabs' premade voices, by name. */
const ELEVENLABS_VOICES = [
	'Rachel',
	'Drew',
	'Clyde',
	'Paul',
	'Aria',
	'Domi',
	'Dave',
	'Roger',
	'Fin',
	'Sarah',
	'Antoni',
	'Laura',
	'Thomas',
	'Charlie',
	'George',
	'Emily',
	'Elli',
	'Callum',
	'Patrick',
	'River',
	'Harry',
	'Liam',
	'Dorothy',
	'Josh',
	'Arnold',
	'Charlotte',
	'Alice',
	'Matilda',
	'James',
	'Joseph',
	'Will',
	'Jeremy',
	'Jessica',
	'Eric',
	'Michael',
	'Ethan',
	'Chris',
	'Gigi',
	'Freya',
	'Brian',
	'Grace',
	'Daniel',
	'Lily',
	'Serena',
	'Adam',
	'Nicole',
	'Bill',
	'Jessie',
	'Sam',
	'Glinda',
	'Giovanni',
	'Mimi',
];

/** Deepgram Aura 2 voices: the model id sent is `#g1_aura-2-<voice>`. */
const DEEPGRAM_VOICES = [
	'thalia-en',
	'andromeda-en',
	'apollo-en',
	'arcas-en',
	'aries-en',
	'asteria-en',
	'athena-en',
	'atlas-en',
	'aurora-en',
	'callista-en',
	'cora-en',
	'cordelia-en',
	'delia-en',
	'draco-en',
	'electra-en',
	'harmonia-en',
	'helena-en',
	'hera-en',
	'hermes-en',
	'hyperion-en',
	'iris-en',
	'janus-en',
	'juno-en',
	'jupiter-en',
	'luna-en',
	'mars-en',
	'minerva-en',
	'neptune-en',
	'odysseus-en',
	'ophelia-en',
	'orion-en',
	'orpheus-en',
	'pandora-en',
	'phoebe-en',
	'pluto-en',
	'saturn-en',
	'selene-en',
	'theia-en',
	'vesta-en',
	'zeus-en',
	'celeste-es',
	'estrella-es',
	'nestor-es',
];

const openai = (id: string, label: string): SpeechModel => ({
	id,
	label,
	family: 'openai',
	voices: OPENAI_VOICES,
	defaultVoice: 'alloy',
	speed: { min: 0.25, max: 4 },
	maxCharacters: 4096,
});

const elevenlabs = (id: string, label: string): SpeechModel => ({
	id,
	label,
	family: 'elevenlabs',
	voices: ELEVENLABS_VOICES,
	defaultVoice: 'Rachel',
	speed: { min: 0.7, max: 1.2 },
	maxCharacters: 5000,
});

export const SPEECH_MODELS: SpeechModel[] = [
	openai('openai/tts-1', 'OpenAI TTS-1'),
	openai('openai/tts-1-hd', 'OpenAI TTS-1 HD'),
	openai('openai/gpt-4o-mini-tts', 'OpenAI GPT-4o Mini TTS'),
	elevenlabs('elevenlabs/eleven_multilingual_v2', 'ElevenLabs Multilingual v2'),
	elevenlabs('elevenlabs/eleven_turbo_v2_5', 'ElevenLabs Turbo v2.5'),
	{
		id: 'deepgram/aura-2',
		label: 'Deepgram Aura 2',
		family: 'deepgram',
		voices: DEEPGRAM_VOICES,
		defaultVoice: 'thalia-en',
		maxCharacters: 2000,
	},
];

/** Named in the error when a model answers with bytes: its answer carries a link. */
export const SPEECH_MODEL_WITH_URL = SPEECH_MODELS[0];

export function speechModel(id: string): SpeechModel | undefined {
	return SPEECH_MODELS.find((model) => model.id === id);
}

/**
 * How long a script takes to say, in seconds, at `speed` (1 = normal), counted per writing system: about
 * 150 space-separated words a minute, 260 Chinese characters, 320 Japanese characters, 270 Korean
 * syllables, 750 Thai characters (see speakingTime.ts for the rates and their sources).
 */
export function estimateSpeechSeconds(text: string, speed = 1): number {
	return speakingTime(text, speed).seconds;
}

/** The `/v1/tts` body for a script: only the fields this model's family takes. */
export function speechRequestBody(
	model: SpeechModel,
	text: string,
	voice: string,
	speed: number | undefined,
): Record<string, unknown> {
	switch (model.family) {
		case 'openai':
			return { model: model.id, text, voice, ...(speed !== undefined && { speed }) };
		case 'elevenlabs':
			return {
				model: model.id,
				text,
				voice,
				...(speed !== undefined && { voice_settings: { speed } }),
			};
		case 'deepgram':
			return { model: `#g1_aura-2-${voice}`, text };
	}
}
