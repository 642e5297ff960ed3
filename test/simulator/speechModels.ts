import { choiceProblem, isObject, numberProblem, textProblem, unexpectedFields } from './bodyRules';

/**
 * The speech models of `POST /v1/tts` as the simulator knows them (the contract and the service's
 * OpenAPI pages): which fields each family takes (any other is refused), its voices and limits.
 */
export type SpeechFamily = 'openai' | 'elevenlabs' | 'deepgram';

export const OPENAI_TTS_MODELS = ['openai/tts-1', 'openai/tts-1-hd', 'openai/gpt-4o-mini-tts'] as const;
export const OPENAI_VOICES = ['alloy', 'ash', 'ballad', 'coral', 'echo', 'fable', 'nova', 'onyx', 'sage', 'shimmer', 'verse'] as const;
export const OPENAI_RESPONSE_FORMATS = ['mp3', 'opus', 'aac', 'flac', 'wav', 'pcm'] as const;
export const OPENAI_MAX_CHARACTERS = 4096;

export const ELEVENLABS_MODELS = ['elevenlabs/eleven_multilingual_v2', 'elevenlabs/eleven_turbo_v2_5'] as const;
/** The 53 voice names of the service's ElevenLabs schema, in its order (default Rachel). */
export const ELEVENLABS_VOICES = [
	'Rachel', 'Drew', 'Clyde', 'Paul', 'Aria', 'Domi', 'Dave', 'Roger', 'Fin', 'Sarah', 'Antoni', 'Laura', 'Thomas', 'Charlie',
	'George', 'Emily', 'Elli', 'Callum', 'Patrick', 'River', 'Harry', 'Liam', 'Dorothy', 'Josh', 'Arnold', 'Charlotte', 'Alice',
	'Matilda', 'James', 'Joseph', 'Will', 'Jeremy', 'Jessica', 'Eric', 'Michael', 'Ethan', 'Chris', 'Gigi', 'Freya',
	'Santa Claus', 'Brian', 'Grace', 'Daniel', 'Lily', 'Serena', 'Adam', 'Nicole', 'Bill', 'Jessie', 'Sam', 'Glinda',
	'Giovanni', 'Mimi',
] as const;
export const ELEVENLABS_OUTPUT_FORMATS = [
	'mp3_22050_32', 'mp3_44100_32', 'mp3_44100_64', 'mp3_44100_96', 'mp3_44100_128', 'mp3_44100_192', 'pcm_8000', 'pcm_16000',
	'pcm_22050', 'pcm_24000', 'pcm_44100', 'pcm_48000', 'ulaw_8000', 'alaw_8000', 'opus_48000_32', 'opus_48000_64',
	'opus_48000_96', 'opus_48000_128', 'opus_48000_192',
] as const;
/** ElevenLabs' documented range for `voice_settings.speed`. */
export const ELEVENLABS_SPEED = { min: 0.7, max: 1.2 } as const;

/** Deepgram Aura 2 voices of the service (`<voice>-<lang>`); the model id is `#g1_aura-2-<voice>-<lang>`. */
export const AURA_2_VOICES = [
	'amalthea-en', 'andromeda-en', 'apollo-en', 'arcas-en', 'aries-en', 'asteria-en', 'athena-en', 'atlas-en', 'aurora-en',
	'cora-en', 'cordelia-en', 'delia-en', 'draco-en', 'electra-en', 'harmonia-en', 'helena-en', 'hera-en', 'hermes-en',
	'hyperion-en', 'iris-en', 'janus-en', 'juno-en', 'jupiter-en', 'luna-en', 'mars-en', 'minerva-en', 'neptune-en',
	'odysseus-en', 'ophelia-en', 'orion-en', 'orpheus-en', 'pandora-en', 'phoebe-en', 'pluto-en', 'saturn-en', 'selene-en',
	'thalia-en', 'theia-en', 'vesta-en', 'zeus-en', 'celeste-es', 'estrella-es', 'nestor-es',
] as const;
export const AURA_2_MODELS = AURA_2_VOICES.map((voice) => `#g1_aura-2-${voice}`);
export const AURA_2_ENCODINGS = ['linear16', 'flac', 'mulaw', 'alaw', 'mp3', 'opus', 'aac'] as const;
export const AURA_2_CONTAINERS = ['none', 'wav', 'ogg'] as const;

/** Every `model` value `/v1/tts` takes in the simulator. */
export const SPEECH_MODEL_IDS: string[] = [...OPENAI_TTS_MODELS, ...ELEVENLABS_MODELS, ...AURA_2_MODELS];

export function speechFamily(model: unknown): SpeechFamily | undefined {
	if ((OPENAI_TTS_MODELS as readonly unknown[]).includes(model)) return 'openai';
	if ((ELEVENLABS_MODELS as readonly unknown[]).includes(model)) return 'elevenlabs';
	if (AURA_2_MODELS.includes(model as string)) return 'deepgram';
	return undefined;
}

/** A normal speaking pace: about 150 words a minute. */
export const WORDS_PER_SECOND = 2.5;

/** The words of a script, without the simulator's own `sim-…=…` hints. */
export function spokenWords(text: string): string[] {
	return text
		.replace(/\bsim-[a-z-]+=\S*/g, ' ')
		.split(/\s+/)
		.filter(Boolean);
}

/** How long a script takes to say, in seconds, at `speed` (1 = normal). */
export function estimateSpeechSeconds(text: string, speed = 1): number {
	return spokenWords(text).length / WORDS_PER_SECOND / speed;
}

/** The speaking speed a body asks for (OpenAI `speed`, ElevenLabs `voice_settings.speed`), 1 otherwise. */
export function speedOf(body: Record<string, unknown>): number {
	const speed = typeof body.speed === 'number' ? body.speed : isObject(body.voice_settings) ? body.voice_settings.speed : undefined;
	return typeof speed === 'number' && speed > 0 ? speed : 1;
}

/** The container the audio comes in: WAV for PCM/linear16 asks, MP3 otherwise. */
export function audioFormatOf(body: Record<string, unknown>): 'mp3' | 'wav' {
	switch (speechFamily(body.model)) {
		case 'openai':
			return body.response_format === 'wav' || body.response_format === 'pcm' ? 'wav' : 'mp3';
		case 'elevenlabs':
			return typeof body.output_format === 'string' && body.output_format.startsWith('pcm_') ? 'wav' : 'mp3';
		default:
			return body.encoding === 'mp3' ? 'mp3' : 'wav';
	}
}

const VOICE_SETTINGS = ['stability', 'similarity_boost', 'style', 'speed', 'use_speaker_boost'];

function elevenLabsVoiceSettings(value: unknown): string[] {
	if (value === undefined) return [];
	if (!isObject(value)) return ['voice_settings must be an object'];
	const problems = unexpectedFields(value, VOICE_SETTINGS, 'voice_settings').map((problem) => `voice_settings.${problem.replace('property ', '')}`);
	for (const field of ['stability', 'similarity_boost', 'style']) problems.push(...numberProblem(`voice_settings.${field}`, value[field], 0, 1));
	problems.push(...numberProblem('voice_settings.speed', value.speed, ELEVENLABS_SPEED.min, ELEVENLABS_SPEED.max));
	if (value.use_speaker_boost !== undefined && typeof value.use_speaker_boost !== 'boolean') problems.push('voice_settings.use_speaker_boost must be true or false');
	return problems;
}

function openAiProblems(body: Record<string, unknown>): string[] {
	const allowed = ['model', 'text', 'voice', 'response_format', 'speed', ...(body.model === 'openai/gpt-4o-mini-tts' ? ['instructions'] : [])];
	return [
		...unexpectedFields(body, allowed, body.model as string),
		...textProblem('text', body.text, 1, OPENAI_MAX_CHARACTERS),
		...(body.voice === undefined ? ['voice is required'] : choiceProblem('voice', body.voice, OPENAI_VOICES)),
		...choiceProblem('response_format', body.response_format, OPENAI_RESPONSE_FORMATS),
		...numberProblem('speed', body.speed, 0.25, 4),
		...textProblem('instructions', body.instructions, 0, 4096, true),
	];
}

function elevenLabsProblems(body: Record<string, unknown>): string[] {
	// The service's schema also documents these three text options.
	const allowed = ['model', 'text', 'voice', 'output_format', 'voice_settings', 'seed', 'apply_text_normalization', 'previous_text', 'next_text'];
	const seedOk = body.seed === undefined || (Number.isInteger(body.seed) && (body.seed as number) >= 0 && (body.seed as number) <= 4294967295);
	return [
		...unexpectedFields(body, allowed, body.model as string),
		...textProblem('text', body.text, 1, Number.MAX_SAFE_INTEGER),
		...(body.voice === undefined ? ['voice is required'] : choiceProblem('voice', body.voice, ELEVENLABS_VOICES)),
		...choiceProblem('output_format', body.output_format, ELEVENLABS_OUTPUT_FORMATS),
		...elevenLabsVoiceSettings(body.voice_settings),
		...(seedOk ? [] : ['seed must be an integer from 0 to 4294967295']),
		...choiceProblem('apply_text_normalization', body.apply_text_normalization, ['auto', 'on', 'off']),
		...textProblem('previous_text', body.previous_text, 0, Number.MAX_SAFE_INTEGER, true),
		...textProblem('next_text', body.next_text, 0, Number.MAX_SAFE_INTEGER, true),
	];
}

function auraProblems(body: Record<string, unknown>): string[] {
	const sampleRate = body.sample_rate;
	const sampleRateOk = sampleRate === undefined || (typeof sampleRate === 'number' ? Number.isInteger(sampleRate) : /^\d+$/.test(String(sampleRate)));
	return [
		...unexpectedFields(body, ['model', 'text', 'encoding', 'container', 'sample_rate'], body.model as string),
		...textProblem('text', body.text, 1, Number.MAX_SAFE_INTEGER),
		...choiceProblem('encoding', body.encoding, AURA_2_ENCODINGS),
		...choiceProblem('container', body.container, AURA_2_CONTAINERS),
		...(sampleRateOk ? [] : ['sample_rate must be a whole number of hertz']),
	];
}

/** What is wrong with a `/v1/tts` body for its model, each problem naming its field; empty when valid. */
export function speechBodyProblems(body: Record<string, unknown>): string[] {
	switch (speechFamily(body.model)) {
		case 'openai':
			return openAiProblems(body);
		case 'elevenlabs':
			return elevenLabsProblems(body);
		case 'deepgram':
			return auraProblems(body);
		default:
			return [`model must be one of: ${[...OPENAI_TTS_MODELS, ...ELEVENLABS_MODELS].join(', ')} or a Deepgram Aura 2 id such as #g1_aura-2-thalia-en`];
	}
}
