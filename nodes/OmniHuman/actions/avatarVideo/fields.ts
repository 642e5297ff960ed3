import type { INodeProperties } from 'n8n-workflow';

import { checkText, requireValid } from '../../checks';
import { inputError } from '../../errors';
import {
	AVATAR_MODELS,
	avatarModel,
	MODEL_IDS,
	modelsWith,
	PROMPT_MAX_LENGTH,
	RESOLUTIONS,
	type AvatarModel,
} from '../../models';
import type { ItemRun } from '../../nodeRun';
import { speechFields } from '../descriptions/speech';

const creating = ['create', 'createAndWait'];
const forModels = (models: string[]) => ({ show: { operation: creating, model: models } });

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
		displayOptions: { show: { operation: creating } },
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
		displayOptions: { show: { operation: creating } },
	},
	{
		displayName: 'Image URL',
		name: 'imageUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://example.com/portrait.jpg',
		description: 'Portrait of one person, face clearly visible',
		displayOptions: { show: { operation: creating, imageSource: ['url'] } },
	},
	{
		displayName: 'Input Binary Field',
		name: 'imageBinaryProperty',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the input binary field holding the portrait (PNG, JPEG or WebP)',
		displayOptions: { show: { operation: creating, imageSource: ['binary'] } },
	},
	{
		displayName: 'Audio Source',
		name: 'audioSource',
		type: 'options',
		options: [
			{ name: 'URL', value: 'url', description: 'A public link to a speech recording' },
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
		displayOptions: { show: { operation: creating } },
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
		displayOptions: { show: { operation: creating, audioSource: ['url'] } },
	},
	...speechFields({ operation: creating, audioSource: ['text'] }),
];

/** The chosen model, checked (Create and Create and Wait read it before their options: Max Wait depends on it). */
export function readModel(run: ItemRun): AvatarModel {
	const id = requireValid(
		run,
		'Model',
		checkText(run.context.getNodeParameter('model', run.itemIndex, MODEL_IDS[0])),
	);
	const model = avatarModel(id);
	if (!model)
		throw inputError(
			run,
			'Model',
			`"${id}" is not a talking-avatar model of this node`,
			`Choose one of: ${MODEL_IDS.join(', ')}`,
		);
	return model;
}
