import type { SpeechFamily } from '../speechFamily';

/** `language_boost` values of the service's schema besides `auto`, as MiniMax spells them. */
const BOOSTS = [
	'Chinese',
	'Chinese,Yue',
	'English',
	'Arabic',
	'Russian',
	'Spanish',
	'French',
	'Portuguese',
	'German',
	'Turkish',
	'Dutch',
	'Ukrainian',
	'Vietnamese',
	'Indonesian',
	'Japanese',
	'Italian',
	'Korean',
	'Thai',
	'Polish',
	'Romanian',
	'Greek',
	'Czech',
	'Finnish',
	'Hindi',
	'Bulgarian',
	'Danish',
	'Hebrew',
	'Malay',
	'Persian',
	'Slovak',
	'Swedish',
	'Croatian',
	'Filipino',
	'Hungarian',
	'Norwegian',
	'Slovenian',
	'Catalan',
	'Nynorsk',
	'Tamil',
	'Afrikaans',
];

const languageName = (boost: string) => (boost === 'Chinese,Yue' ? 'Cantonese' : boost);

const VOICE_IDS = [
	'Wise_Woman',
	'Friendly_Person',
	'Inspirational_girl',
	'Deep_Voice_Man',
	'Calm_Woman',
	'Casual_Guy',
	'Lively_Girl',
	'Patient_Man',
	'Young_Knight',
	'Determined_Man',
	'Lovely_Girl',
	'Decent_Boy',
	'Imposing_Manner',
	'Elegant_Man',
	'Abbess',
	'Sweet_Girl_2',
	'Exuberant_Girl',
];

/**
 * MiniMax Speech: the voice goes in `voice_setting.voice_id` (not `voice`), with its speed; every voice
 * speaks every language, and `language_boost` tunes the accent to the script's language.
 */
export const MINIMAX: SpeechFamily = {
	label: 'MiniMax Speech',
	models: [
		{ id: 'minimax/speech-2.8-hd', label: 'MiniMax Speech 2.8 HD' },
		{ id: 'minimax/speech-2.8-turbo', label: 'MiniMax Speech 2.8 Turbo' },
		{ id: 'minimax/speech-2.6-hd', label: 'MiniMax Speech 2.6 HD' },
		{ id: 'minimax/speech-2.6-turbo', label: 'MiniMax Speech 2.6 Turbo' },
	],
	languages: BOOSTS.map(languageName),
	languageNote: 'set Language Boost to the script’s language for the best accent',
	voices: VOICE_IDS.map((id) => ({ value: id, name: id.replace(/_/g, ' ') })),
	defaultVoice: 'Wise_Woman',
	starterVoice: 'Calm_Woman',
	maxCharacters: 5000,
	streamsByDefault: false,
	speed: { min: 0.5, max: 2 },
	extraFields: [
		{
			name: 'languageBoost',
			displayName: 'Language Boost',
			description:
				'Tunes MiniMax to the script’s language (e.g. Chinese, Cantonese, Arabic); None sends nothing',
			default: '',
			options: [
				{ name: 'None', value: '' },
				{ name: 'Auto (Detect From the Script)', value: 'auto' },
				...BOOSTS.map((boost) => ({ name: languageName(boost), value: boost })),
			],
		},
	],
	body: ({ model, text, voice, speed, extras }) => ({
		model,
		text,
		voice_setting: { voice_id: voice, ...(speed !== undefined && { speed }) },
		...(extras.languageBoost !== undefined && { language_boost: extras.languageBoost }),
	}),
};
