import type { INodeProperties } from 'n8n-workflow';

import { voiceOptionName, type SpeechFamily } from '../../speech/speechFamily';
import { SPEECH_FAMILIES, SPEECH_MODELS, type SpeechModel } from '../../speech/speechModels';

type Show = Record<string, string[]>;

const idsOf = (families: SpeechFamily[]) =>
	families.flatMap((family) => family.models.map((model) => model.id));

/** "Speaks Chinese, Cantonese, English, Arabic, Russian, Spanish and 34 more": what a user looks for first. */
export function languagesOf(model: Pick<SpeechModel, 'languages' | 'languageCount'>): string {
	const { languages } = model;
	const count = Math.max(model.languageCount ?? 0, languages.length);
	const shown = languages.slice(0, 6);
	const more = count - shown.length;
	return more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(', ');
}

/** One Voice field per family, all named `voice`: n8n shows the one of the chosen model. */
function voiceField(family: SpeechFamily, show: Show): INodeProperties {
	const everyLanguage = family.voices.some((voice) => !voice.languages);
	const { defaultVoice } = family;
	return {
		displayName: 'Voice',
		name: 'voice',
		type: 'options',
		options: family.voices.map((voice) => ({ name: voiceOptionName(voice), value: voice.value })),
		default: defaultVoice,
		description: everyLanguage
			? `The voice that speaks the script (${family.label} voices: each speaks every language of the model${family.languageNote ? `; ${family.languageNote}` : ''})`
			: `The voice that speaks the script (${family.label} voices, named with the languages they speak)`,
		displayOptions: { show: { ...show, speechModel: idsOf([family]) } },
	};
}

/** The family's own fields (MiniMax's Language Boost), shown for its models only. */
function extraFields(family: SpeechFamily, show: Show): INodeProperties[] {
	return (family.extraFields ?? []).map((field) => ({
		displayName: field.displayName,
		name: field.name,
		type: 'options' as const,
		options: field.options,
		default: field.default,
		description: field.description,
		displayOptions: { show: { ...show, speechModel: idsOf([family]) } },
	}));
}

function speedField(show: Show): INodeProperties {
	const withSpeed = SPEECH_FAMILIES.filter((family) => family.speed);
	const ranges = withSpeed
		.map((family) => `${family.label}: ${family.speed?.min}–${family.speed?.max}`)
		.join(', ');
	return {
		displayName: 'Speed',
		name: 'speed',
		type: 'number',
		typeOptions: { minValue: 0.25, maxValue: 4, numberPrecision: 2 },
		default: 1,
		description: `Speaking speed, 1 = normal (${ranges})`,
		displayOptions: { show: { ...show, speechModel: idsOf(withSpeed) } },
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
			options: SPEECH_MODELS.map((model) => ({
				name: model.label,
				value: model.id,
				description: `Speaks ${languagesOf(model)}`,
			})),
			default: 'openai/tts-1',
			description:
				'The AI/ML API text-to-speech model that reads the script (same key; billed per synthesis). Each lists the languages it speaks.',
			displayOptions: { show },
		},
		...SPEECH_FAMILIES.map((family) => voiceField(family, show)),
		speedField(show),
		...SPEECH_FAMILIES.flatMap((family) => extraFields(family, show)),
	];
}
