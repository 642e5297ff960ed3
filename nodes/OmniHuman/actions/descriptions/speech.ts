import type { INodeProperties } from 'n8n-workflow';

import { SPEECH_MODELS, type SpeechFamily } from '../../speech/speechModels';

type Show = Record<string, string[]>;

const modelsOf = (family: SpeechFamily) =>
	SPEECH_MODELS.filter((model) => model.family === family).map((model) => model.id);

/** One Voice field per family of speech models, all named `voice`: n8n shows the one of the chosen model. */
function voiceField(family: SpeechFamily, defaultVoice: string, show: Show): INodeProperties {
	const [first] = SPEECH_MODELS.filter((model) => model.family === family);
	return {
		displayName: 'Voice',
		name: 'voice',
		type: 'options',
		options: first.voices.map((voice) => ({ name: voice, value: voice })),
		default: defaultVoice,
		description: `The voice that speaks the script (${first.label.split(' ')[0]} voices)`,
		displayOptions: { show: { ...show, speechModel: modelsOf(family) } },
	};
}

/** Audio Source "Text": the script and how it is spoken. */
export function speechFields(show: Show): INodeProperties[] {
	return [
		{
			displayName: 'Script',
			name: 'script',
			type: 'string',
			typeOptions: { rows: 4 },
			default: '',
			required: true,
			placeholder: 'Hi Anna, thanks for joining us! Here is what happens next…',
			description:
				'What the avatar says. Up to about 74 words fit under 30 s, the audio limit of OmniHuman and VEED; a longer script is refused before anything is paid.',
			displayOptions: { show },
		},
		{
			displayName: 'Speech Model',
			name: 'speechModel',
			type: 'options',
			options: SPEECH_MODELS.map((model) => ({ name: model.label, value: model.id })),
			default: 'openai/tts-1',
			description:
				'The AI/ML API text-to-speech model that reads the script (same key; billed per synthesis)',
			displayOptions: { show },
		},
		voiceField('openai', 'alloy', show),
		voiceField('elevenlabs', 'Rachel', show),
		voiceField('deepgram', 'thalia-en', show),
		{
			displayName: 'Speed',
			name: 'speed',
			type: 'number',
			typeOptions: { minValue: 0.25, maxValue: 4, numberPrecision: 2 },
			default: 1,
			description: 'Speaking speed, 1 = normal (OpenAI: 0.25–4, ElevenLabs: 0.7–1.2)',
			displayOptions: {
				show: { ...show, speechModel: [...modelsOf('openai'), ...modelsOf('elevenlabs')] },
			},
		},
	];
}
