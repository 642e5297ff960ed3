import type { IConnections, INode, INodeParameters, IWorkflowBase } from 'n8n-workflow';

import { OMNIHUMAN_TYPE } from './nodeTypes';

export const NODE = 'OmniHuman';
export const AFTER = 'Video URL';
export const TRIGGER = 'Manual Trigger';

/**
 * Manual Trigger → OmniHuman → Set, the shape a user builds on the canvas. The Set node reads the
 * OmniHuman output through an expression, proving downstream nodes get `videoUrl` directly.
 */
export function omniHumanWorkflow(parameters: INodeParameters, extra: Partial<INode> = {}): Pick<IWorkflowBase, 'nodes' | 'connections'> {
	const nodes: INode[] = [
		{ id: 'a1', name: TRIGGER, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		{
			id: 'a2',
			name: NODE,
			type: OMNIHUMAN_TYPE,
			typeVersion: 1,
			position: [220, 0],
			parameters,
			credentials: { aimlApiOmniHumanApi: { id: 'cred-1', name: 'AI/ML API' } },
			...extra,
		},
		{
			id: 'a3',
			name: AFTER,
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [440, 0],
			parameters: {
				mode: 'manual',
				includeOtherFields: false,
				assignments: {
					assignments: [
						{ id: 'f1', name: 'video', type: 'string', value: '={{ $json.videoUrl }}' },
						{ id: 'f2', name: 'generation', type: 'string', value: '={{ $json.id }}' },
					],
				},
				options: {},
			},
		},
	];
	const connections: IConnections = {
		[TRIGGER]: { main: [[{ node: NODE, type: 'main', index: 0 }]] },
		[NODE]: { main: [[{ node: AFTER, type: 'main', index: 0 }]] },
	};
	return { nodes, connections };
}
