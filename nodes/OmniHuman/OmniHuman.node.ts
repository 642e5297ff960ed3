import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { CREDENTIAL_TYPE } from '../../credentials/AimlApiOmniHumanApi.credentials';
import * as avatarVideo from './actions/avatarVideo';
import { optionsField } from './actions/descriptions/options';
import { route } from './actions/router';
import * as lipSync from './actions/lipSync';
import * as usage from './actions/usage';

/** The node: its resources, each with its operations and fields, and the shared options; `route` runs them. */
export class OmniHuman implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'OmniHuman',
		name: 'omniHuman',
		icon: { light: 'file:omnihuman.svg', dark: 'file:omnihuman.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ ($parameter["resource"] === "lipSync" ? "Lip Sync: " : "") + {"create": "Create", "createAndWait": "Create and Wait", "get": "Get", "list": "Usage"}[$parameter["operation"]] }}',
		description:
			'Turn a portrait and speech (a recording or a script) into a lip-synced talking-head video (ByteDance OmniHuman, Kling Avatar, VEED Fabric), or re-voice a video (PixVerse Lip Sync), on AI/ML API',
		defaults: { name: 'OmniHuman' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Talking Avatar',
						value: 'avatarVideo',
						description: 'A portrait and speech become a lip-synced talking-head video',
					},
					{
						name: 'Lip Sync',
						value: 'lipSync',
						description: 'An existing video re-voiced with new speech, lips matched',
					},
					{
						name: 'Usage',
						value: 'usage',
						description: 'What the API key paid for: the AI/ML API usage logs',
					},
				],
				default: 'avatarVideo',
			},
			...avatarVideo.description,
			...lipSync.description,
			optionsField,
			...usage.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this);
	}
}
