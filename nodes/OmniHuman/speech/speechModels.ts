import { DEEPGRAM_AURA } from './families/deepgramAura';
import { DEEPGRAM_AURA_2 } from './families/deepgramAura2';
import { ELEVENLABS } from './families/elevenlabs';
import { HUME } from './families/hume';
import { INWORLD } from './families/inworld';
import { MICROSOFT } from './families/microsoft';
import { MINIMAX } from './families/minimax';
import { OPENAI } from './families/openai';
import { QWEN } from './families/qwen';
import {
	streamField,
	type SpeechFamily,
	type SpeechModelEntry,
	type SpeechRequest,
	type SpeechVoice,
} from './speechFamily';

/**
 * The speech models of `POST /v1/tts` the node offers for Audio Source "Text", one family an entry: the
 * Speech Model and Voice options, the Speed and extra fields, the checks, the request body and the README
 * all come from here. A new family is a new entry in this list.
 */
export const SPEECH_FAMILIES: SpeechFamily[] = [
	OPENAI,
	ELEVENLABS,
	DEEPGRAM_AURA_2,
	DEEPGRAM_AURA,
	MINIMAX,
	QWEN,
	INWORLD,
	MICROSOFT,
	HUME,
];

/** One speech model, with the family it belongs to. */
export interface SpeechModel extends SpeechModelEntry {
	family: SpeechFamily;
	/** Its text limit (its own or its family's). */
	maxCharacters: number;
	/** The languages it speaks (its own or its family's). */
	languages: string[];
}

export const SPEECH_MODELS: SpeechModel[] = SPEECH_FAMILIES.flatMap((family) =>
	family.models.map((entry) => ({
		...entry,
		family,
		maxCharacters: entry.maxCharacters ?? family.maxCharacters,
		languages: entry.languages ?? family.languages,
	})),
);

export function speechModel(id: string): SpeechModel | undefined {
	return SPEECH_MODELS.find((model) => model.id === id);
}

/** A voice of the family by its option value, or by the name the service gives it (an expression may use either). */
export function findVoice(family: SpeechFamily, value: string): SpeechVoice | undefined {
	return (
		family.voices.find((voice) => voice.value === value) ??
		family.voices.find((voice) => voice.sent === value)
	);
}

/** The `/v1/tts` body: the family's own fields, and `stream: false` where it would stream otherwise. */
export function speechRequestBody(
	model: SpeechModel,
	request: Omit<SpeechRequest, 'model'>,
): Record<string, unknown> {
	return { ...model.family.body({ ...request, model: model.id }), ...streamField(model.family) };
}

/** The families whose answer is a link by default (named when a model answered with bytes). */
export function familiesAnsweringWithLink(): SpeechFamily[] {
	return SPEECH_FAMILIES.filter((family) => !family.streamsByDefault);
}
