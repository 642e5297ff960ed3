import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { CREDENTIAL_TYPE } from '../../credentials/AimlApiOmniHumanApi.credentials';
import { properties } from './description';
import { executeOmniHuman } from './execute';

export class OmniHuman implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'OmniHuman',
		name: 'omniHuman',
		icon: { light: 'file:omnihuman.svg', dark: 'file:omnihuman.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ {"create": "Create", "createAndWait": "Create and Wait", "get": "Get"}[$parameter["operation"]] }}',
		description: 'Turn a portrait and a speech clip into a lip-synced talking-head video with ByteDance OmniHuman (AI/ML API)',
		defaults: { name: 'OmniHuman' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [await executeOmniHuman(this)];
	}
}
