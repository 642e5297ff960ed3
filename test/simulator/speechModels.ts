import { choiceProblem, isObject, numberProblem, textProblem, unexpectedFields } from './bodyRules';
import {
	AURA_2_VOICES, AURA_VOICES, ELEVENLABS_VOICES, HUME_VOICES, INWORLD_VOICES, MAI_VOICES, MINIMAX_LANGUAGE_BOOSTS, MINIMAX_VOICES,
	OPENAI_VOICES, QWEN_VOICES,
} from './speechVoices';

export * from './speechVoices';

/**
 * The speech models of `POST /v1/tts` as the simulator knows them (the contract and the service's schemas,
 * 2026): one entry a family, with the fields it takes (any other is refused), its voices, its text limit,
 * whether it streams unless `stream: false` is sent, and the JSON answer shape its docs show.
 */
export interface SimSpeechFamily {
	name: string;
	models: readonly string[];
	voices: readonly string[];
	/** Where the voice goes: `voice`, or MiniMax's `voice_setting.voice_id`. */
	voiceIn: 'voice' | 'voice_setting';
	/** `voice` must be sent (OpenAI, ElevenLabs: the contract says always send it). */
	voiceRequired: boolean;
	maxText: number;
	/** Without `stream: false` the answer is the audio bytes, with no charge reported. */
	streamsByDefault: boolean;
	/** `{ audio: "<url>" }` or `{ audio: { url } }`, as the family's docs show it. */
	shape: 'url-string' | 'url-object';
	/** Fields besides model, text, voice and stream. */
	fields: readonly string[];
	/** Problems of those fields. */
	fieldProblems(body: Record<string, unknown>): string[];
	format(body: Record<string, unknown>): 'mp3' | 'wav';
	speed?(body: Record<string, unknown>): unknown;
}

export const OPENAI_RESPONSE_FORMATS = ['mp3', 'opus', 'aac', 'flac', 'wav', 'pcm'] as const;
export const ELEVENLABS_OUTPUT_FORMATS = [
	'mp3_22050_32', 'mp3_44100_32', 'mp3_44100_64', 'mp3_44100_96', 'mp3_44100_128', 'mp3_44100_192', 'pcm_8000', 'pcm_16000',
	'pcm_22050', 'pcm_24000', 'pcm_44100', 'pcm_48000', 'ulaw_8000', 'alaw_8000', 'opus_48000_32', 'opus_48000_64',
	'opus_48000_96', 'opus_48000_128', 'opus_48000_192',
] as const;
/** ElevenLabs' documented range for `voice_settings.speed`. */
export const ELEVENLABS_SPEED = { min: 0.7, max: 1.2 } as const;
export const AURA_ENCODINGS = ['linear16', 'mulaw', 'alaw', 'mp3', 'opus', 'flac', 'aac'] as const;

const NO_MORE = () => [];
const isPcm = (value: unknown) => value === 'wav' || value === 'pcm';

function elevenLabsProblems(body: Record<string, unknown>): string[] {
	const settings = body.voice_settings;
	const problems: string[] = [];
	if (settings !== undefined && !isObject(settings)) problems.push('voice_settings must be an object');
	if (isObject(settings)) {
		problems.push(...unexpectedFields(settings, ['stability', 'similarity_boost', 'style', 'speed', 'use_speaker_boost'], 'voice_settings').map((problem) => `voice_settings.${problem.replace('property ', '')}`));
		for (const field of ['stability', 'similarity_boost', 'style']) problems.push(...numberProblem(`voice_settings.${field}`, settings[field], 0, 1));
		problems.push(...numberProblem('voice_settings.speed', settings.speed, ELEVENLABS_SPEED.min, ELEVENLABS_SPEED.max));
		if (settings.use_speaker_boost !== undefined && typeof settings.use_speaker_boost !== 'boolean') problems.push('voice_settings.use_speaker_boost must be true or false');
	}
	const seedOk = body.seed === undefined || (Number.isInteger(body.seed) && (body.seed as number) >= 0 && (body.seed as number) <= 4294967295);
	return [
		...problems,
		...choiceProblem('output_format', body.output_format, ELEVENLABS_OUTPUT_FORMATS),
		...(seedOk ? [] : ['seed must be an integer from 0 to 4294967295']),
		...choiceProblem('apply_text_normalization', body.apply_text_normalization, ['auto', 'on', 'off']),
		...textProblem('previous_text', body.previous_text, 0, Number.MAX_SAFE_INTEGER, true),
		...textProblem('next_text', body.next_text, 0, Number.MAX_SAFE_INTEGER, true),
	];
}

function auraProblems(body: Record<string, unknown>): string[] {
	const rate = body.sample_rate;
	const rateOk = rate === undefined || (typeof rate === 'number' ? Number.isInteger(rate) : /^\d+$/.test(String(rate)));
	return [
		...choiceProblem('encoding', body.encoding, AURA_ENCODINGS),
		...(body.container === undefined || typeof body.container === 'string' ? [] : ['container must be a string']),
		...(rateOk ? [] : ['sample_rate must be a whole number of hertz']),
	];
}

function miniMaxProblems(body: Record<string, unknown>): string[] {
	const setting = body.voice_setting;
	const problems: string[] = [];
	if (setting !== undefined && !isObject(setting)) problems.push('voice_setting must be an object');
	if (isObject(setting)) {
		problems.push(...unexpectedFields(setting, ['voice_id', 'speed', 'vol', 'pitch', 'emotion', 'text_normalization'], 'voice_setting').map((problem) => `voice_setting.${problem.replace('property ', '')}`));
		problems.push(...numberProblem('voice_setting.speed', setting.speed, 0.5, 2), ...numberProblem('voice_setting.vol', setting.vol, 0.01, 10), ...numberProblem('voice_setting.pitch', setting.pitch, -12, 12));
		problems.push(...choiceProblem('voice_setting.emotion', setting.emotion, ['happy', 'sad', 'angry', 'fearful', 'disgusted', 'surprised', 'neutral']));
	}
	if (body.audio_setting !== undefined && !isObject(body.audio_setting)) problems.push('audio_setting must be an object');
	if (isObject(body.audio_setting)) problems.push(...choiceProblem('audio_setting.format', body.audio_setting.format, ['mp3', 'pcm', 'flac']));
	return [...problems, ...choiceProblem('language_boost', body.language_boost, MINIMAX_LANGUAGE_BOOSTS)];
}

const family = (entry: Omit<SimSpeechFamily, 'voiceRequired' | 'voiceIn'> & Partial<SimSpeechFamily>): SimSpeechFamily => ({ voiceRequired: false, voiceIn: 'voice', ...entry });

export const SIM_SPEECH_FAMILIES: SimSpeechFamily[] = [
	family({
		name: 'OpenAI', models: ['openai/tts-1', 'openai/tts-1-hd', 'openai/gpt-4o-mini-tts'], voices: OPENAI_VOICES, voiceRequired: true, maxText: 4096,
		streamsByDefault: false, shape: 'url-string', fields: ['style', 'response_format', 'speed', 'instructions'],
		fieldProblems: (body) => [...(body.instructions !== undefined && body.model !== 'openai/gpt-4o-mini-tts' ? [`property instructions should not exist (only openai/gpt-4o-mini-tts takes it)`] : []), ...choiceProblem('response_format', body.response_format, OPENAI_RESPONSE_FORMATS), ...numberProblem('speed', body.speed, 0.25, 4), ...textProblem('instructions', body.instructions, 0, 4096, true), ...textProblem('style', body.style, 0, 4096, true)],
		format: (body) => (isPcm(body.response_format) ? 'wav' : 'mp3'),
		speed: (body) => body.speed,
	}),
	family({
		name: 'ElevenLabs', models: ['elevenlabs/eleven_multilingual_v2', 'elevenlabs/eleven_turbo_v2_5'], voices: ELEVENLABS_VOICES, voiceRequired: true, maxText: Number.MAX_SAFE_INTEGER,
		streamsByDefault: true, shape: 'url-string', fields: ['output_format', 'voice_settings', 'seed', 'apply_text_normalization', 'previous_text', 'next_text'],
		fieldProblems: elevenLabsProblems,
		format: (body) => (typeof body.output_format === 'string' && body.output_format.startsWith('pcm_') ? 'wav' : 'mp3'),
		speed: (body) => (isObject(body.voice_settings) ? body.voice_settings.speed : undefined),
	}),
	family({ name: 'Deepgram Aura 2', models: ['deepgram/aura-2'], voices: AURA_2_VOICES, maxText: Number.MAX_SAFE_INTEGER, streamsByDefault: true, shape: 'url-string', fields: ['encoding', 'container', 'sample_rate'], fieldProblems: auraProblems, format: (body) => (body.encoding === 'mp3' ? 'mp3' : 'wav') }),
	family({ name: 'Deepgram Aura', models: ['deepgram/aura'], voices: AURA_VOICES, maxText: Number.MAX_SAFE_INTEGER, streamsByDefault: true, shape: 'url-string', fields: ['encoding', 'container', 'sample_rate'], fieldProblems: auraProblems, format: (body) => (body.encoding === 'mp3' ? 'mp3' : 'wav') }),
	family({
		name: 'MiniMax', voiceIn: 'voice_setting', voices: MINIMAX_VOICES, maxText: 5000, streamsByDefault: false, shape: 'url-object',
		models: ['minimax/speech-2.8-hd', 'minimax/speech-2.8-turbo', 'minimax/speech-2.6-hd', 'minimax/speech-2.6-turbo', 'minimax/speech-2.5-hd', 'minimax/speech-2.5-turbo'],
		fields: ['voice_setting', 'audio_setting', 'pronunciation_dict', 'timbre_weights', 'language_boost', 'voice_modify', 'subtitle_enable'],
		fieldProblems: miniMaxProblems,
		format: (body) => (isObject(body.audio_setting) && body.audio_setting.format === 'pcm' ? 'wav' : 'mp3'),
		speed: (body) => (isObject(body.voice_setting) ? body.voice_setting.speed : undefined),
	}),
	family({ name: 'Qwen3 TTS', models: ['alibaba/qwen3-tts-flash'], voices: QWEN_VOICES, maxText: 600, streamsByDefault: false, shape: 'url-object', fields: [], fieldProblems: NO_MORE, format: () => 'wav' }),
	family({
		name: 'Inworld', models: ['inworld/tts-1', 'inworld/tts-1-max', 'inworld/tts-1-5-mini', 'inworld/tts-1-5-max'], voices: INWORLD_VOICES, maxText: 500000, streamsByDefault: false, shape: 'url-object',
		fields: ['format'], fieldProblems: (body) => choiceProblem('format', body.format, ['wav', 'mp3']), format: (body) => (body.format === 'mp3' ? 'mp3' : 'wav'),
	}),
	family({
		name: 'Microsoft MAI', models: ['microsoft/mai-voice-2'], voices: MAI_VOICES, maxText: 4096, streamsByDefault: false, shape: 'url-object',
		fields: ['response_format', 'max_tokens', 'temperature', 'top_p', 'max_completion_tokens'],
		fieldProblems: (body) => [...choiceProblem('response_format', body.response_format, ['mp3', 'wav', 'pcm']), ...numberProblem('temperature', body.temperature, 0, 2), ...numberProblem('top_p', body.top_p, 0, 1)],
		format: (body) => (isPcm(body.response_format) ? 'wav' : 'mp3'),
	}),
	family({
		name: 'Hume', models: ['hume/octave-2'], voices: HUME_VOICES, maxText: 500000, streamsByDefault: false, shape: 'url-object',
		fields: ['format'], fieldProblems: (body) => choiceProblem('format', body.format, ['wav', 'mp3']), format: (body) => (body.format === 'mp3' ? 'mp3' : 'wav'),
	}),
];

/** Every `model` value `/v1/tts` takes in the simulator. */
export const SPEECH_MODEL_IDS: string[] = SIM_SPEECH_FAMILIES.flatMap((entry) => [...entry.models]);

export function simSpeechFamily(model: unknown): SimSpeechFamily | undefined {
	return SIM_SPEECH_FAMILIES.find((entry) => entry.models.includes(model as string));
}

/** The voice a body asks for (`voice`, or MiniMax's `voice_setting.voice_id`). */
export function voiceOf(body: Record<string, unknown>): unknown {
	return simSpeechFamily(body.model)?.voiceIn === 'voice_setting' ? (isObject(body.voice_setting) ? body.voice_setting.voice_id : undefined) : body.voice;
}

/** Whether the answer is the audio bytes: a streaming family asked without `stream: false`. */
export function streams(body: Record<string, unknown>): boolean {
	return simSpeechFamily(body.model)?.streamsByDefault === true && body.stream !== false;
}

/** A normal speaking pace: about 150 words a minute. */
export const WORDS_PER_SECOND = 2.5;

/** The words of a script, without the simulator's own `sim-…=…` hints. */
export function spokenWords(text: string): string[] {
	return text.replace(/\bsim-[a-z-]+=\S*/g, ' ').split(/\s+/).filter(Boolean);
}

/** How long a script takes to say, in seconds, at `speed` (1 = normal). */
export function estimateSpeechSeconds(text: string, speed = 1): number {
	return spokenWords(text).length / WORDS_PER_SECOND / speed;
}

/** The speaking speed a body asks for (its family's speed field), 1 otherwise. */
export function speedOf(body: Record<string, unknown>): number {
	const speed = simSpeechFamily(body.model)?.speed?.(body);
	return typeof speed === 'number' && speed > 0 ? speed : 1;
}

/** The container the audio comes in: WAV for PCM/linear16 asks, MP3 otherwise. */
export function audioFormatOf(body: Record<string, unknown>): 'mp3' | 'wav' {
	return simSpeechFamily(body.model)?.format(body) ?? 'mp3';
}

/** What is wrong with a `/v1/tts` body for its model, each problem naming its field; empty when valid. */
export function speechBodyProblems(body: Record<string, unknown>): string[] {
	const entry = simSpeechFamily(body.model);
	if (!entry) {
		const old = typeof body.model === 'string' && body.model.startsWith('#g1_aura') ? ' (Deepgram takes model "deepgram/aura-2" with a voice since June 2026)' : '';
		return [`model must be one of: ${SPEECH_MODEL_IDS.join(', ')}${old}`];
	}
	const allowed = ['model', 'text', 'stream', ...(entry.voiceIn === 'voice' ? ['voice'] : []), ...entry.fields];
	const voice = voiceOf(body);
	const voiceField = entry.voiceIn === 'voice' ? 'voice' : 'voice_setting.voice_id';
	return [
		...unexpectedFields(body, allowed, body.model as string),
		...textProblem('text', body.text, 1, entry.maxText),
		...(voice === undefined && entry.voiceRequired ? [`${voiceField} is required`] : choiceProblem(voiceField, voice, entry.voices)),
		...(body.stream === undefined || body.stream === false || (body.stream === true && entry.streamsByDefault) ? [] : [`stream must be ${entry.streamsByDefault ? 'true or false' : 'false'}`]),
		...entry.fieldProblems(body),
	];
}
