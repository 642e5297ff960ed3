import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as createAndWait from './createAndWait.operation';
import * as estimateCost from './estimateCost.operation';
import { avatarVideoFields } from './fields';
import * as get from './get.operation';

/** Resource "Talking Avatar": a portrait and speech become a lip-synced video. */
export const operations = { create, createAndWait, get, estimateCost };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['avatarVideo'] } },
		options: [create.option, createAndWait.option, estimateCost.option, get.option],
		default: 'createAndWait',
		description:
			'Create and Wait gives you the video in one step; Create and Get split it, to resume a long job later without paying twice',
	},
	...avatarVideoFields,
	...create.description,
	...createAndWait.description,
	...get.description,
	...estimateCost.description,
];
