import type { SpeechFamily, SpeechVoice } from '../speechFamily';

const voice = (name: string, language = 'English'): SpeechVoice => ({
	value: name,
	name,
	languages: [language],
});

/**
 * Inworld TTS 1.5: 15 languages; each voice is made in one language and speaks it best (Inworld: other
 * languages work, with less natural pronunciation).
 */
export const INWORLD: SpeechFamily = {
	label: 'Inworld TTS',
	models: [
		{ id: 'inworld/tts-1-5-mini', label: 'Inworld TTS 1.5 Mini' },
		{ id: 'inworld/tts-1-5-max', label: 'Inworld TTS 1.5 Max' },
	],
	languages: [
		'English',
		'Chinese',
		'Japanese',
		'Korean',
		'Russian',
		'Italian',
		'Spanish',
		'Portuguese',
		'French',
		'German',
		'Polish',
		'Dutch',
		'Hindi',
		'Hebrew',
		'Arabic',
	],
	languageNote: 'each voice speaks its own language best',
	voices: [
		...[
			'Alex',
			'Ashley',
			'Craig',
			'Deborah',
			'Dennis',
			'Dominus',
			'Edward',
			'Elizabeth',
			'Hades',
		].map((name) => voice(name)),
		voice('Heitor', 'Portuguese'),
		voice('Julia'),
		voice('Maitê', 'Portuguese'),
		...[
			'Mark',
			'Olivia',
			'Pixie',
			'Priya',
			'Ronald',
			'Sarah',
			'Shaun',
			'Theodore',
			'Timothy',
			'Wendy',
		].map((name) => voice(name)),
	],
	defaultVoice: 'Alex',
	starterVoice: 'Ashley',
	maxCharacters: 500000,
	streamsByDefault: false,
	body: ({ model, text, voice: name }) => ({ model, text, voice: name }),
};
