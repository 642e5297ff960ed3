import type { INodeProperties } from 'n8n-workflow';

import { AVATAR_MODELS, modelsWith, PROMPT_MAX_LENGTH, PROVIDERS, RESOLUTIONS } from '../../models';
import { binaryAudioField, binaryAudioOption } from '../descriptions/binaryAudio';
import { speechFields } from '../descriptions/speech';

const creating = {
	resource: ['avatarVideo'],
	operation: ['create', 'createAndWait', 'estimateCost'],
};
const forModels = (models: string[]) => ({ show: { ...creating, model: models } });

/** The fields of a video request, shared by Create and Create and Wait. */
export const avatarVideoFields: INodeProperties[] = [
	{
		displayName: 'Model',
		name: 'model',
		type: 'options',
		options: AVATAR_MODELS.map((model) => ({
			name: model.label,
			value: model.id,
			description: `${model.suits}. Output ${model.output}; typically ${model.typicalTime}.`,
		})),
		default: 'bytedance/omnihuman',
		description:
			'The talking-avatar model that renders the video. All take a portrait and speech; some take a prompt or a resolution too.',
		displayOptions: { show: creating },
	},
	{
		displayName: 'Prompt',
		name: 'prompt',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		placeholder: 'A friendly presenter, smiling, small hand gestures, steady camera',
		description: `How the avatar should act: expression, gestures, camera (up to ${PROMPT_MAX_LENGTH} characters; optional)`,
		displayOptions: forModels(modelsWith('prompt')),
	},
	{
		displayName: 'Resolution',
		name: 'resolution',
		type: 'options',
		options: RESOLUTIONS.map((value) => ({ name: value, value })),
		default: '480p',
		description: 'Resolution of the video; 720p takes longer and costs more',
		displayOptions: forModels(modelsWith('resolution')),
	},
	{
		displayName: 'Provider',
		name: 'provider',
		type: 'options',
		options: PROVIDERS.map(({ name, value }) => ({ name, value })),
		default: 'auto',
		description:
			"Who renders the video: Auto (the service's default: Kling, falling back to its fal.ai mirror), or pin Kling or fal.ai for one provider's terms or output",
		displayOptions: forModels(modelsWith('provider')),
	},
	{
		displayName: 'Image Source',
		name: 'imageSource',
		type: 'options',
		options: [
			{
				name: 'URL',
				value: 'url',
				description: 'A public http(s) link to the portrait (or a base64 data URI)',
			},
			{
				name: 'Binary File',
				value: 'binary',
				description: 'A PNG, JPEG or WebP image from an earlier node',
			},
		],
		default: 'url',
		description:
			'Where the portrait comes from: a link the service can download, or an image file from an earlier node (sent inline)',
		displayOptions: { show: creating },
	},
	{
		displayName: 'Image URL',
		name: 'imageUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://example.com/portrait.jpg',
		description: 'Portrait of one person, face clearly visible',
		displayOptions: { show: { ...creating, imageSource: ['url'] } },
	},
	{
		displayName: 'Input Binary Field',
		name: 'imageBinaryProperty',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the input binary field holding the portrait (PNG, JPEG or WebP)',
		displayOptions: { show: { ...creating, imageSource: ['binary'] } },
	},
	{
		displayName: 'Audio Source',
		name: 'audioSource',
		type: 'options',
		options: [
			{ name: 'URL', value: 'url', description: 'A public link to a speech recording' },
			binaryAudioOption('signedLink'),
			{
				name: 'Text',
				value: 'text',
				description:
					'A script, spoken by a voice of your choice (one speech synthesis per item, billed)',
			},
		],
		default: 'url',
		description:
			'Where the speech comes from: a recording, or a script the AI/ML API turns into speech first',
		displayOptions: { show: creating },
	},
	{
		displayName: 'Audio URL',
		name: 'audioUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://example.com/speech.mp3',
		description:
			"Public http(s) link to the speech audio (mp3, wav, …), within the model's audio limit (OmniHuman: under 30 s)",
		displayOptions: { show: { ...creating, audioSource: ['url'] } },
	},
	binaryAudioField({ ...creating, audioSource: ['binary'] }, 'signedLink'),
	...speechFields({ ...creating, audioSource: ['text'] }),
];
