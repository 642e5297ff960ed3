import type { INodeProperties } from 'n8n-workflow';

/** Get's fields, one copy per resource (a field shows once, under the resource it belongs to). */
export function getFields(resource: string, placeholder: string): INodeProperties[] {
	const show = { resource: [resource], operation: ['get'] };
	return [
		{
			displayName: 'Generation ID',
			name: 'generationId',
			type: 'string',
			default: '',
			required: true,
			placeholder,
			description: 'The ID output by Create (or named in a timeout error)',
			displayOptions: { show },
		},
		{
			displayName: 'Wait for Completion',
			name: 'waitForCompletion',
			type: 'boolean',
			default: false,
			description: 'Whether to keep polling until the video is ready, exactly like Create and Wait',
			displayOptions: { show },
		},
	];
}
