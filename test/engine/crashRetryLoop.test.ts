import type { IConnections, INode } from 'n8n-workflow';

import { OMNIHUMAN_TYPE } from '../harness/nodeTypes';
import { NODE, TRIGGER } from '../harness/workflows';
import { parseClientRequestId } from '../../nodes/OmniHuman/spend/clientRequestId';
import { createAndWait, items, useFixture } from '../support/fixture';

const fx = useFixture();
const LOOP = 'Loop Over Items';

/** Trigger → Loop Over Items (one item a pass) → OmniHuman → back: each pass is a new run of the node. */
function loopWorkflow(): { nodes: INode[]; connections: IConnections } {
	const nodes: INode[] = [
		{ id: 'l1', name: TRIGGER, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		{ id: 'l2', name: LOOP, type: 'n8n-nodes-base.splitInBatches', typeVersion: 3, position: [200, 0], parameters: { batchSize: 1, options: {} } },
		{ id: 'l3', name: NODE, type: OMNIHUMAN_TYPE, typeVersion: 1, position: [400, 0], parameters: createAndWait(), credentials: { aimlApiOmniHumanApi: { id: 'cred-1', name: 'AI/ML API' } } },
	];
	const connections: IConnections = {
		[TRIGGER]: { main: [[{ node: LOOP, type: 'main', index: 0 }]] },
		[LOOP]: { main: [[], [{ node: NODE, type: 'main', index: 0 }]] },
		[NODE]: { main: [[{ node: LOOP, type: 'main', index: 0 }]] },
	};
	return { nodes, connections };
}

/** The same input twice: the two passes differ only in their run index. */
const sameInputTwice = () => items(2, () => ({ script: 'the same line' }));

const idsPerPass = (result: Awaited<ReturnType<typeof fx.engine.run>>) =>
	result.run.data.resultData.runData[NODE].map((pass) => pass.data?.main?.[0]?.[0]?.json.id);

describe('a loop that sends the same input through the node twice: each pass is its own paid job', () => {
	test('the two passes send different item keys, so a retry can tell their jobs apart', async () => {
		await fx.engine.run(loopWorkflow(), { credentials: fx.credentials(), items: sameInputTwice() });
		const origins = fx.sim.requestsTo('create').map((request) => parseClientRequestId(request.headers['x-client-request-id']));
		expect(origins.map((origin) => origin?.runIndex)).toEqual([0, 1]);
		expect(origins[0]?.itemKey).not.toBe(origins[1]?.itemKey);
	});

	test('a retry of the crashed execution resumes each pass its own job, and pays for none again', async () => {
		const crashed = await fx.engine.run(loopWorkflow(), { credentials: fx.credentials(), items: sameInputTwice() });
		const madeBefore = idsPerPass(crashed);
		expect(new Set(madeBefore).size).toBe(2);

		const retried = await fx.engine.run(loopWorkflow(), { credentials: fx.credentials(), items: sameInputTwice(), mode: 'retry' });
		expect(retried.status).toBe('success');
		expect(fx.sim.requestsTo('create')).toHaveLength(2);
		expect(idsPerPass(retried)).toEqual(madeBefore);
	});
});
