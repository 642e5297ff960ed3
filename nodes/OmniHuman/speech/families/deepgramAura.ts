import type { SpeechFamily } from '../speechFamily';

/** The first Deepgram Aura: English voices. Streams unless `stream: false`. */
export const DEEPGRAM_AURA: SpeechFamily = {
	label: 'Deepgram Aura',
	models: [{ id: 'deepgram/aura', label: 'Deepgram Aura' }],
	languages: ['English'],
	voices: [
		'asteria',
		'hera',
		'luna',
		'stella',
		'athena',
		'zeus',
		'orion',
		'arcas',
		'perseus',
		'angus',
		'orpheus',
		'helios',
	].map((name) => ({
		value: name,
		name: name[0].toUpperCase() + name.slice(1),
		languages: ['English'],
	})),
	defaultVoice: 'asteria',
	starterVoice: 'asteria',
	maxCharacters: 2000,
	streamsByDefault: true,
	body: ({ model, text, voice }) => ({ model, text, voice }),
};
