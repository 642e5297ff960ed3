import type { INodeProperties } from 'n8n-workflow';

import * as list from './list.operation';

/** Resource "Usage": what the API key paid for, from the service's usage logs. */
export const operations = { list };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['usage'] } },
		options: [list.option],
		default: 'list',
	},
	...list.description,
];
