import type { SpeechFamily, SpeechVoice } from '../speechFamily';

const ENGLISH = [
	'amalthea',
	'andromeda',
	'apollo',
	'arcas',
	'aries',
	'asteria',
	'athena',
	'atlas',
	'aurora',
	'callista',
	'cora',
	'cordelia',
	'delia',
	'draco',
	'electra',
	'harmonia',
	'helena',
	'hera',
	'hermes',
	'hyperion',
	'iris',
	'janus',
	'juno',
	'jupiter',
	'luna',
	'mars',
	'minerva',
	'neptune',
	'odysseus',
	'ophelia',
	'orion',
	'orpheus',
	'pandora',
	'phoebe',
	'pluto',
	'saturn',
	'selene',
	'thalia',
	'theia',
	'vesta',
	'zeus',
];
const SPANISH = ['celeste', 'estrella', 'nestor'];

const capitalized = (name: string) => name[0].toUpperCase() + name.slice(1);

/**
 * The option values stay those the node saved before the service's June 2026 change (`thalia-en`, then
 * sent inside the model id `#g1_aura-2-thalia-en`): a saved workflow keeps its voice, shown and sent as
 * today's `voice: "thalia"`.
 */
const voice = (name: string, suffix: string, language: string): SpeechVoice => ({
	value: `${name}-${suffix}`,
	sent: name,
	name: capitalized(name),
	languages: [language],
});

/** Deepgram Aura 2: `model: "deepgram/aura-2"` with `voice`. Streams unless `stream: false`. */
export const DEEPGRAM_AURA_2: SpeechFamily = {
	label: 'Deepgram Aura 2',
	models: [{ id: 'deepgram/aura-2', label: 'Deepgram Aura 2' }],
	languages: ['English', 'Spanish'],
	voices: [
		...ENGLISH.map((name) => voice(name, 'en', 'English')),
		...SPANISH.map((name) => voice(name, 'es', 'Spanish')),
	],
	defaultVoice: 'thalia-en',
	starterVoice: 'thalia-en',
	maxCharacters: 2000,
	streamsByDefault: true,
	body: ({ model, text, voice: sent }) => ({ model, text, voice: sent }),
};
