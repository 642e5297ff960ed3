import type { INodeProperties } from 'n8n-workflow';

const waiting = ['createAndWait', 'get'];

/**
 * An option about the wait itself applies to Create and Wait, and to Get only with Wait for Completion on.
 * displayOptions cannot say "A, or B and C", so the option is listed once per case under one name: n8n shows
 * the copy whose conditions hold, and both read and write the same value.
 */
function whileWaiting(option: INodeProperties): INodeProperties[] {
	return [
		{ ...option, displayOptions: { show: { '/operation': ['createAndWait'] } } },
		{
			...option,
			displayOptions: { show: { '/operation': ['get'], '/waitForCompletion': [true] } },
		},
	];
}

/** The Options collection, shared by the operations: each option shows where it applies. */
export const optionsField: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	displayOptions: { show: { resource: ['avatarVideo', 'lipSync'] } },
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
			description:
				'How many items are processed at the same time. Output order stays the same as the input order.',
		},
		{
			displayName: 'Max Image Size (MB)',
			name: 'maxImageSizeMb',
			type: 'number',
			typeOptions: { minValue: 0.001, numberPrecision: 3 },
			default: 10,
			description: 'Largest binary image accepted; it is sent inline as base64',
			displayOptions: {
				show: { '/operation': ['create', 'createAndWait'], '/imageSource': ['binary'] },
			},
		},
		{
			displayName: 'Max Input Video Size (MB)',
			name: 'maxInputVideoSizeMb',
			type: 'number',
			typeOptions: { minValue: 0.001, numberPrecision: 3 },
			default: 100,
			description: 'Largest binary video accepted to re-voice; it is sent inline as base64',
			displayOptions: {
				show: { '/operation': ['create', 'createAndWait'], '/videoSource': ['binary'] },
			},
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
			displayName: 'Max Spend per Execution (USD)',
			name: 'maxSpendPerExecution',
			type: 'number',
			typeOptions: { minValue: 0, numberPrecision: 2 },
			default: 0,
			description:
				'The most this execution may spend on video jobs and speech, counted over every run of this node in it (loops, AI agent tool calls, retries). Each request is priced before it is sent (the price list × the speech\'s seconds: the model\'s longest while the limit has room for it, else read from the audio); an item that could pass the limit is refused with nothing sent, and the items already paid for still reach the output. To route refused items, set Settings → On Error to "Continue (using error output)". 0 = no limit.',
			displayOptions: { show: { '/operation': ['create', 'createAndWait'] } },
		},
		{
			displayName: 'Max Video Size (MB)',
			name: 'maxVideoSizeMb',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 1024,
			description:
				'Largest video downloaded with Download Video; a larger one fails the item instead of filling memory',
			displayOptions: { show: { '/operation': waiting } },
		},
		...whileWaiting({
			displayName: 'Max Wait (Seconds)',
			name: 'maxWait',
			type: 'number',
			typeOptions: { minValue: 0.01, numberPrecision: 2 },
			default: 600,
			description:
				'How long to wait for the video before failing with the generation ID (the job keeps running: resume it with Get). Can be hours. Not set, it fits the model: 600 s, 900 s for Kling Avatar Standard, 1800 s for Kling Avatar Pro.',
		}),
		...whileWaiting({
			displayName: 'Poll Interval (Seconds)',
			name: 'pollInterval',
			type: 'number',
			typeOptions: { minValue: 1, numberPrecision: 2 },
			default: 10,
			description:
				'How often to ask for the status while waiting (at least 1 s; every poll is a request). A job usually takes 2–4 minutes.',
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
			description:
				'How long one request to the service may take. A poll that times out is retried; a create that times out is not (it may have made a job).',
		},
	],
};
