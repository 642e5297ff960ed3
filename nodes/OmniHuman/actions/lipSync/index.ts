import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as createAndWait from './createAndWait.operation';
import * as estimateCost from './estimateCost.operation';
import { lipSyncFields } from './fields';
import * as get from './get.operation';

/** Resource "Lip Sync": an existing video re-voiced with new speech, lips matched. */
export const operations = { create, createAndWait, get, estimateCost };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['lipSync'] } },
		options: [create.option, createAndWait.option, estimateCost.option, get.option],
		default: 'createAndWait',
	},
	...lipSyncFields,
	...create.description,
	...createAndWait.description,
	...get.description,
	...estimateCost.description,
];
