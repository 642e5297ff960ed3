import type { INodeProperties } from 'n8n-workflow';

import { LIP_SYNC_MODELS, PIXVERSE_SPEAKERS } from '../../models';
import { binaryAudioField, binaryAudioOption } from '../descriptions/binaryAudio';
import { speechFields } from '../descriptions/speech';

const creating = { resource: ['lipSync'], operation: ['create', 'createAndWait', 'estimateCost'] };

/** The fields of a Lip Sync request: the video to re-voice and exactly one source of its new speech. */
export const lipSyncFields: INodeProperties[] = [
	{
		displayName: 'Model',
		name: 'model',
		type: 'options',
		options: LIP_SYNC_MODELS.map((model) => ({
			name: model.label,
			value: model.id,
			description: `${model.suits}. Output ${model.output}; typically ${model.typicalTime}.`,
		})),
		default: 'pixverse/lip-sync',
		description: 'The lip-sync model that re-voices the video',
		displayOptions: { show: creating },
	},
	{
		displayName: 'Video Source',
		name: 'videoSource',
		type: 'options',
		options: [
			{
				name: 'URL',
				value: 'url',
				description: 'A public http(s) link to the video (or a base64 data URI)',
			},
			{
				name: 'Binary File',
				value: 'binary',
				description: 'An MP4, MOV or WebM video from an earlier node',
			},
		],
		default: 'url',
		description:
			'Where the video to re-voice comes from: a link the service can download, or a video file from an earlier node (sent inline)',
		displayOptions: { show: creating },
	},
	{
		displayName: 'Video URL',
		name: 'videoUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://example.com/clip.mp4',
		description: 'The video whose speech is replaced; a face speaking to the camera works best',
		displayOptions: { show: { ...creating, videoSource: ['url'] } },
	},
	{
		displayName: 'Input Binary Field',
		name: 'videoBinaryProperty',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the input binary field holding the video (MP4, MOV or WebM)',
		displayOptions: { show: { ...creating, videoSource: ['binary'] } },
	},
	{
		displayName: 'Audio Source',
		name: 'audioSource',
		type: 'options',
		options: [
			{ name: 'URL', value: 'url', description: 'A public link to the new speech' },
			binaryAudioOption('inline'),
			{
				name: 'Text',
				value: 'text',
				description:
					"A script, spoken by one of the node's speech models (one speech synthesis per item, billed)",
			},
			{
				name: 'Built-in Voice',
				value: 'builtInVoice',
				description: "A script spoken by PixVerse's own voices, inside the same job",
			},
		],
		default: 'url',
		description: 'Where the new speech comes from; the service takes exactly one',
		displayOptions: { show: creating },
	},
	{
		displayName: 'Audio URL',
		name: 'audioUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://example.com/speech.mp3',
		description: 'Public http(s) link to the new speech audio (mp3, wav, …)',
		displayOptions: { show: { ...creating, audioSource: ['url'] } },
	},
	binaryAudioField({ ...creating, audioSource: ['binary'] }, 'inline'),
	...speechFields({ ...creating, audioSource: ['text'] }),
	{
		displayName: 'Script',
		name: 'script',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		placeholder: 'Hola a todos, gracias por venir…',
		description: "What the video's speaker says now, in PixVerse's voice",
		displayOptions: { show: { ...creating, audioSource: ['builtInVoice'] } },
	},
	{
		displayName: 'Speaker',
		name: 'speaker',
		type: 'options',
		options: PIXVERSE_SPEAKERS.map((speaker) => ({ name: speaker, value: speaker })),
		default: 'Auto',
		description: "PixVerse's voice for the script (Auto lets the service choose)",
		displayOptions: { show: { ...creating, audioSource: ['builtInVoice'] } },
	},
];
