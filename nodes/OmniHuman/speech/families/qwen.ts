import type { SpeechFamily, SpeechVoice } from '../speechFamily';

const MULTILINGUAL = ['Chinese', 'English', 'and 8 more'];

const voice = (name: string, languages: string[]): SpeechVoice => ({
	value: name,
	name,
	languages,
});

/** Alibaba's Qwen3 TTS Flash: Mandarin and eight Chinese dialects, English and eight more; text up to 600 characters. */
export const QWEN: SpeechFamily = {
	label: 'Qwen3 TTS',
	models: [{ id: 'alibaba/qwen3-tts-flash', label: 'Qwen3 TTS Flash' }],
	languages: [
		'Chinese (Mandarin; Beijing, Shanghai, Sichuan, Nanjing, Shaanxi, Minnan, Tianjin dialects; Cantonese)',
		'English',
		'Spanish',
		'Russian',
		'Italian',
		'French',
		'Korean',
		'Japanese',
		'German',
		'Portuguese',
	],
	voices: [
		voice('Cherry', MULTILINGUAL),
		voice('Ethan', MULTILINGUAL),
		voice('Nofish', MULTILINGUAL),
		voice('Jennifer', MULTILINGUAL),
		voice('Ryan', MULTILINGUAL),
		voice('Katerina', MULTILINGUAL),
		voice('Elias', MULTILINGUAL),
		voice('Jada', ['Chinese, Shanghai dialect']),
		voice('Dylan', ['Chinese, Beijing dialect']),
		voice('Sunny', ['Chinese, Sichuan dialect']),
		voice('Li', ['Chinese, Nanjing dialect']),
		voice('Marcus', ['Chinese, Shaanxi dialect']),
		voice('Roy', ['Chinese, Minnan dialect']),
		voice('Peter', ['Chinese, Tianjin dialect']),
		voice('Rocky', ['Cantonese']),
		voice('Kiki', ['Cantonese']),
		voice('Eric', ['Chinese, Sichuan dialect']),
	],
	defaultVoice: 'Cherry',
	starterVoice: 'Cherry',
	maxCharacters: 600,
	streamsByDefault: false,
	body: ({ model, text, voice: name }) => ({ model, text, voice: name }),
};
