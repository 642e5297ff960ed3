import type { INodeProperties } from 'n8n-workflow';

import { readBinaryImage } from '../binaryImage';
import { checkHttpUrl, checkImageReference, checkText } from '../checks';
import { cancelledError, earlierOutcomeUnknown, failureError, inputError } from '../errors';
import { phaseOf, type Generation } from '../generation';
import {
	checkExtras,
	type ExtraField,
	AVATAR_MODELS,
	avatarModel,
	MODEL_IDS,
	modelsWith,
	PROMPT_MAX_LENGTH,
	RESOLUTIONS,
	type AvatarModel,
} from '../models';
import type { ItemRun } from '../nodeRun';
import { createGeneration, type CreateBody } from '../transport/api';
import type { Speech } from '../transport/speech';
import { paidRequestPolicy, requireValid, type ItemOptions } from './options';
import { readScript, speechFields, synthesizeOnce } from './speech';

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

export interface VideoJob {
	generation: Generation;
	/** Created by an earlier try of this item (n8n's Retry On Fail): nothing was sent now. */
	resumed: boolean;
	model: AvatarModel;
	speech?: Speech;
}

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

/**
 * Reads and checks the video request, turns a script into speech first (Audio Source "Text"), and sends
 * the paid create once. A retried item gets back what its earlier try made (speech and job) instead.
 * Everything is checked before the first paid request, so bad input costs nothing.
 */
export async function createVideoJob(
	run: ItemRun,
	model: AvatarModel,
	options: ItemOptions,
): Promise<VideoJob> {
	const { context, itemIndex } = run;
	const imageUrl =
		context.getNodeParameter('imageSource', itemIndex, 'url') === 'binary'
			? await readBinaryImage(run, options.maxImageBytes)
			: requireValid(
					run,
					'Image URL',
					checkImageReference(context.getNodeParameter('imageUrl', itemIndex, '')),
					'Use a public http(s) link to a PNG, JPEG or WebP portrait.',
				);
	const extras = readExtras(run, model);
	let speech: Speech | undefined;
	let audioUrl: string;
	if (context.getNodeParameter('audioSource', itemIndex, 'url') === 'text') {
		speech = await synthesizeOnce(run, readScript(run, model), options);
		audioUrl = speech.audioUrl;
	} else {
		const hint = `Use a public http(s) link to the speech audio (mp3, wav, …), ${model.audioLimit}.`;
		audioUrl = requireValid(
			run,
			'Audio URL',
			checkHttpUrl(context.getNodeParameter('audioUrl', itemIndex, '')),
			hint,
		);
	}
	const body: CreateBody = { model: model.id, image_url: imageUrl, audio_url: audioUrl, ...extras };
	return { ...(await submitOnce(run, body, options)), model, ...(speech && { speech }) };
}

function readExtras(run: ItemRun, model: AvatarModel): Partial<CreateBody> {
	const read = (field: ExtraField) => run.context.getNodeParameter(field, run.itemIndex, '');
	const checked = checkExtras(model, read);
	if (!checked.ok) throw inputError(run, checked.field, checked.problem, checked.hint);
	return checked.extras;
}

/** The paid create, once (again only after a 429); an earlier try's job, or its unknown outcome, stops it. */
async function submitOnce(
	run: ItemRun,
	body: CreateBody,
	options: ItemOptions,
): Promise<Pick<VideoJob, 'generation' | 'resumed'>> {
	const { earlier, remember } = run.paidRequest(body);
	if (earlier?.kind === 'generation') {
		return {
			generation: {
				id: earlier.generationId,
				status: earlier.status,
				phase: phaseOf(earlier.status),
			},
			resumed: true,
		};
	}
	if (earlier?.kind === 'unknown') throw earlierOutcomeUnknown(run, earlier.message, 'job');
	const policy = paidRequestPolicy(options, run.clock.now());
	const result = await createGeneration(run.send, body, policy, run.turns.paid, run.clock.now);
	if (!result.ok) {
		if (result.failure.kind === 'cancelled') throw cancelledError(run);
		const error = failureError(run, result.failure);
		if (result.failure.jobMayExist) remember({ kind: 'unknown', message: error.message });
		throw error;
	}
	remember({
		kind: 'generation',
		generationId: result.value.id,
		status: result.value.status,
	});
	return { generation: result.value, resumed: false };
}
