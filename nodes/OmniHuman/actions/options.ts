import type { INodeProperties } from 'n8n-workflow';

export const OPERATIONS = ['create', 'createAndWait', 'get'] as const;
export type Operation = (typeof OPERATIONS)[number];

export const MODELS = ['bytedance/omnihuman', 'bytedance/omnihuman/v1.5'] as const;

/** Parameter defaults; the same literals stand in `properties` below, where n8n's lint reads them. */
export const DEFAULTS = {
	pollInterval: 10,
	maxWait: 600,
	maxConcurrentJobs: 10,
	binaryPropertyName: 'data',
	maxImageSizeMb: 10,
	maxVideoSizeMb: 1024,
	requestTimeout: 60,
	maxRateLimitWait: 3600,
} as const;

const creating = { show: { operation: ['create', 'createAndWait'] } };
const waiting = ['createAndWait', 'get'];

/**
 * An option about the wait itself applies to Create and Wait, and to Get only with Wait for Completion on.
 * displayOptions cannot say "A, or B and C", so the option is listed once per case under one name: n8n shows
 * the copy whose conditions hold, and both read and write the same value.
 */
function whileWaiting(option: INodeProperties): INodeProperties[] {
	return [
		{ ...option, displayOptions: { show: { '/operation': ['createAndWait'] } } },
		{ ...option, displayOptions: { show: { '/operation': ['get'], '/waitForCompletion': [true] } } },
	];
}

export const properties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create a talking head video job',
				description: 'Submit a job and output its generation ID at once, without waiting for the video',
			},
			{
				name: 'Create and Wait',
				value: 'createAndWait',
				action: 'Create a talking head video and wait for it',
				description: 'Submit a job and wait until the video is ready; outputs the video URL (and the video file, if asked)',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get the status of a video job',
				description: 'Get the status of a generation ID, optionally waiting for it: resume a run without paying for a second job',
			},
		],
		default: 'createAndWait',
		description: 'Create and Wait gives you the video in one step; Create and Get split it, to resume a long job later without paying twice',
	},
	{
		displayName: 'Model',
		name: 'model',
		type: 'options',
		options: [
			{ name: 'OmniHuman', value: 'bytedance/omnihuman', description: 'Model ID bytedance/omnihuman: a portrait-shaped video (e.g. 896×1344)' },
			{
				name: 'OmniHuman v1.5',
				value: 'bytedance/omnihuman/v1.5',
				description: 'Model ID bytedance/omnihuman/v1.5: higher resolution, up to 1920×1088',
			},
		],
		default: 'bytedance/omnihuman',
		description: 'Which OmniHuman renders the video. Both take the same portrait and speech; v1.5 renders at a higher resolution (up to 1920×1088).',
		displayOptions: creating,
	},
	{
		displayName: 'Image Source',
		name: 'imageSource',
		type: 'options',
		options: [
			{ name: 'URL', value: 'url', description: 'A public http(s) link to the portrait (or a base64 data URI)' },
			{ name: 'Binary File', value: 'binary', description: 'A PNG, JPEG or WebP image from an earlier node' },
		],
		default: 'url',
		description: 'Where the portrait comes from: a link the service can download, or an image file from an earlier node (sent inline)',
		displayOptions: creating,
	},
	{
		displayName: 'Image URL',
		name: 'imageUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://example.com/portrait.jpg',
		description: 'Portrait of one person, face clearly visible',
		displayOptions: { show: { operation: ['create', 'createAndWait'], imageSource: ['url'] } },
	},
	{
		displayName: 'Input Binary Field',
		name: 'imageBinaryProperty',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the input binary field holding the portrait (PNG, JPEG or WebP)',
		displayOptions: { show: { operation: ['create', 'createAndWait'], imageSource: ['binary'] } },
	},
	{
		displayName: 'Audio URL',
		name: 'audioUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://example.com/speech.mp3',
		description: 'Public http(s) link to the speech audio (mp3, wav, …), under 30 seconds',
		displayOptions: creating,
	},
	{
		displayName: 'Generation ID',
		name: 'generationId',
		type: 'string',
		default: '',
		required: true,
		placeholder: '9e730e80-40e2-4461-ba1b-1cc15df10b4f:bytedance/omnihuman',
		description: 'The ID output by Create (or named in a timeout error)',
		displayOptions: { show: { operation: ['get'] } },
	},
	{
		displayName: 'Wait for Completion',
		name: 'waitForCompletion',
		type: 'boolean',
		default: false,
		description: 'Whether to keep polling until the video is ready, exactly like Create and Wait',
		displayOptions: { show: { operation: ['get'] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Download Video',
				name: 'downloadVideo',
				type: 'boolean',
				default: false,
				description:
					'Whether to add the finished MP4 as binary data (video links expire after about a day). Get without Wait for Completion downloads it if the job is already done.',
				displayOptions: { show: { '/operation': waiting } },
			},
			{
				displayName: 'Max Concurrent Jobs',
				name: 'maxConcurrentJobs',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 10,
				description: 'How many items are processed at the same time. Output order stays the same as the input order.',
			},
			{
				displayName: 'Max Image Size (MB)',
				name: 'maxImageSizeMb',
				type: 'number',
				typeOptions: { minValue: 0.001, numberPrecision: 3 },
				default: 10,
				description: 'Largest binary image accepted; it is sent inline as base64',
				displayOptions: { show: { '/operation': ['create', 'createAndWait'], '/imageSource': ['binary'] } },
			},
			{
				displayName: 'Max Rate-Limit Wait (Seconds)',
				name: 'maxRateLimitWait',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 3600,
				description:
					'How long an item may wait for its turn while the service rate limits new jobs (HTTP 429). The whole batch slows down together; no item fails for a 429 before this. An item that runs out of it fails with no job created.',
				displayOptions: { show: { '/operation': ['create', 'createAndWait'] } },
			},
			{
				displayName: 'Max Video Size (MB)',
				name: 'maxVideoSizeMb',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 1024,
				description: 'Largest video downloaded with Download Video; a larger one fails the item instead of filling memory',
				displayOptions: { show: { '/operation': waiting } },
			},
			...whileWaiting({
				displayName: 'Max Wait (Seconds)',
				name: 'maxWait',
				type: 'number',
				typeOptions: { minValue: 0.01, numberPrecision: 2 },
				default: 600,
				description:
					'How long to wait for the video before failing with the generation ID (the job keeps running: resume it with Get). Can be hours.',
			}),
			...whileWaiting({
				displayName: 'Poll Interval (Seconds)',
				name: 'pollInterval',
				type: 'number',
				typeOptions: { minValue: 1, numberPrecision: 2 },
				default: 10,
				description: 'How often to ask for the status while waiting (at least 1 s; every poll is a request). A job usually takes 2–4 minutes.',
			}),
			{
				displayName: 'Put Video in Field',
				name: 'binaryPropertyName',
				type: 'string',
				default: 'data',
				description: 'The name of the output binary field for the downloaded video',
				displayOptions: { show: { '/operation': waiting, downloadVideo: [true] } },
			},
			{
				displayName: 'Request Timeout (Seconds)',
				name: 'requestTimeout',
				type: 'number',
				typeOptions: { minValue: 0.01, numberPrecision: 2 },
				default: 60,
				description: 'How long one request to the service may take. A poll that times out is retried; a create that times out is not (it may have made a job).',
			},
		],
	},
];
