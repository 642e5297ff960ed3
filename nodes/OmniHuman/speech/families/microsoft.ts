import type { SpeechFamily, SpeechVoice } from '../speechFamily';

const LANGUAGES: Record<string, string> = {
	'en-US': 'English, US',
	'en-GB': 'English, UK',
	'fr-FR': 'French',
	'de-DE': 'German',
	'es-ES': 'Spanish',
};

/** "en-US-Ava:DragonHDLatestNeural" → "Ava HD (English, US)". */
function voice(id: string): SpeechVoice {
	const [, locale, rest] = /^([a-z]{2}-[A-Z]{2})-(.+)$/.exec(id) ?? [id, '', id];
	const name = rest.replace(':DragonHDLatestNeural', ' HD').replace(/Neural$/, '');
	return { value: id, name, languages: [LANGUAGES[locale] ?? locale] };
}

/** Microsoft MAI Voice 2: Azure's neural voices, one language each. */
export const MICROSOFT: SpeechFamily = {
	label: 'Microsoft MAI Voice',
	models: [{ id: 'microsoft/mai-voice-2', label: 'Microsoft MAI Voice 2' }],
	languages: ['English', 'French', 'German', 'Spanish'],
	voices: [
		'en-US-AvaNeural',
		'en-US-AndrewNeural',
		'en-US-EmmaNeural',
		'en-US-BrianNeural',
		'en-US-JennyNeural',
		'en-US-GuyNeural',
		'en-US-AriaNeural',
		'en-US-DavisNeural',
		'en-US-JaneNeural',
		'en-US-NancyNeural',
		'en-US-TonyNeural',
		'en-US-SaraNeural',
		'en-US-Ava:DragonHDLatestNeural',
		'en-US-Andrew:DragonHDLatestNeural',
		'en-US-Emma:DragonHDLatestNeural',
		'en-US-Brian:DragonHDLatestNeural',
		'en-GB-SoniaNeural',
		'en-GB-RyanNeural',
		'fr-FR-DeniseNeural',
		'de-DE-KatjaNeural',
		'es-ES-ElviraNeural',
	].map(voice),
	defaultVoice: 'en-US-AvaNeural',
	starterVoice: 'en-US-AvaNeural',
	maxCharacters: 4096,
	streamsByDefault: false,
	body: ({ model, text, voice: name }) => ({ model, text, voice: name }),
};
