/**
 * What one family of `/v1/tts` speech models is, as one entry of the speech-model table: its models, voices,
 * languages, text limit, whether it streams unless told not to, its speed range, its extra fields and the
 * request body it takes. The node's fields, checks, bodies and the README all come from these entries, so a
 * new family is one entry and nothing else.
 */

export interface SpeechVoice {
	/** The Voice option's value, as saved in workflows. */
	value: string;
	/** Sent to the service when it differs from `value` (Deepgram Aura 2: `thalia-en` is sent as `thalia`). */
	sent?: string;
	/** Shown in the Voice list, followed by its languages: "Cherry (Chinese, English, …)". */
	name: string;
	/** The languages this voice speaks; undefined: every language of its family. */
	languages?: string[];
}

/** A field of the node only this family shows (MiniMax's Language Boost): always an options field. */
export interface SpeechExtraField {
	/** The node parameter's name. */
	name: string;
	displayName: string;
	description: string;
	/** Its value when not set; sent only when it differs from this. */
	default: string;
	options: Array<{ name: string; value: string }>;
}

/** What the family's body builder gets: everything checked. */
export interface SpeechRequest {
	model: string;
	text: string;
	/** What the service calls the voice (`SpeechVoice.sent ?? value`). */
	voice: string;
	/** Undefined at the normal pace (not sent). */
	speed?: number;
	/** The family's extra fields, by parameter name, only those set to something other than their default. */
	extras: Record<string, string>;
}

export interface SpeechModelEntry {
	/** Sent as `model`; the Speech Model option's value. */
	id: string;
	label: string;
	/** Its own text limit when it differs from the family's. */
	maxCharacters?: number;
	/** Its own languages when they differ from the family's (ElevenLabs Turbo v2.5 speaks more). */
	languages?: string[];
	/** How many languages, when the service counts them and does not list them all. */
	languageCount?: number;
}

export interface SpeechFamily {
	/** Names the family in messages, the Voice field's description and the README. */
	label: string;
	models: SpeechModelEntry[];
	/** Every language its voices speak, as the service or the maker lists them. */
	languages: string[];
	/** How many languages the maker counts, when more than listed. */
	languageCount?: number;
	/** A word on languages for the README and the options (e.g. "set Language Boost for the best accent"). */
	languageNote?: string;
	voices: SpeechVoice[];
	/** The Voice field's default (a `value` of `voices`): never moved, saved workflows rely on it. */
	defaultVoice: string;
	/** A voice to start with, named in the README. */
	starterVoice: string;
	/** The longest text the service takes. */
	maxCharacters: number;
	/** Where the answer is the audio bytes unless `stream: false` is sent (ElevenLabs, Deepgram). */
	streamsByDefault: boolean;
	/** The speed range where the family has one; undefined: no Speed. */
	speed?: { min: number; max: number };
	extraFields?: SpeechExtraField[];
	/** The body of `POST /v1/tts`: only the fields this family takes. */
	body(request: SpeechRequest): Record<string, unknown>;
}

/** `stream: false` where the family streams by default, so the answer is JSON with a link and its charge. */
export function streamField(family: Pick<SpeechFamily, 'streamsByDefault'>): { stream?: false } {
	return family.streamsByDefault ? { stream: false } : {};
}

/** The voice's name as listed: "Cherry (Chinese, English)", or the name alone when it speaks the family's languages. */
export function voiceOptionName(voice: SpeechVoice): string {
	return voice.languages ? `${voice.name} (${voice.languages.join(', ')})` : voice.name;
}

/** Voices named as the service names them, each speaking every language of its family. */
export function multilingualVoices(names: readonly string[]): SpeechVoice[] {
	return names.map((name) => ({ value: name, name }));
}
