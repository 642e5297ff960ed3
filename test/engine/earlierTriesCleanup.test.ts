import type { IDataObject } from 'n8n-workflow';

import type { EngineResult } from '../harness/engine';
import { NODE } from '../harness/workflows';
import { createAndWait, items, useFixture } from '../support/fixture';

const fx = useFixture();

/** The node's per-node execution context as the engine left it in the run's execution data. */
function nodeContext(result: EngineResult): IDataObject | undefined {
	const contextData = result.run.data.executionData?.contextData as Record<string, IDataObject> | undefined;
	expect(contextData).toBeDefined();
	return contextData![`node:${NODE}`];
}

/** What the node kept of its paid requests for one pass (run index) of the node. */
function earlierTriesOfRun(result: EngineResult, runIndex: number): Record<string, IDataObject> | undefined {
	const byRun = nodeContext(result)?.omniHumanEarlierTries as Record<string, Record<string, IDataObject>> | undefined;
	return byRun?.[runIndex];
}

/** Row 1's job ends in an error status; the others complete. */
const rowOneFails = createAndWait(
	{},
	{ audioUrl: '={{ "https://audio.example.com/a.mp3?row=" + $json.row + ($json.row === 1 ? "&sim-outcome=error-message" : "") }}' },
);

describe('the record of paid requests in the node context', () => {
	test('is removed once every item of the run succeeded', async () => {
		const result = await fx.run(createAndWait(), { items: items(2) });
		expect(result.status).toBe('success');
		expect(fx.sim.requestsTo('create')).toHaveLength(2);
		// The node did use its context this run (the key exists), but nothing of run 0 is left in it.
		expect(nodeContext(result)).toHaveProperty('omniHumanEarlierTries');
		expect(earlierTriesOfRun(result, 0)).toBeUndefined();
	});

	test('stays when an item failed (Continue On Fail off): a retry would resume these jobs', async () => {
		const result = await fx.run(rowOneFails, { items: items(2) });
		expect(result.status).toBe('error');
		const records = earlierTriesOfRun(result, 0);
		expect(records).toBeDefined();
		// One record per job the service made (row 0's may not have been sent when row 1 stopped the run).
		const ids = Object.values(records!).map((record) => record.generationId);
		expect(ids.sort()).toEqual([...fx.sim.jobs.values()].map((job) => job.id).sort());
		const failedJob = [...fx.sim.jobs.values()].find((job) => job.outcome === 'error-message');
		expect(ids).toContain(failedJob?.id);
	});

	test('stays when an item failed with Continue On Fail on', async () => {
		const result = await fx.run(rowOneFails, { items: items(2), node: { continueOnFail: true } });
		expect(result.status).toBe('success');
		expect(result.json(NODE)[1]).toHaveProperty('error');
		expect(Object.keys(earlierTriesOfRun(result, 0) ?? {})).toHaveLength(2);
	});

	test('stays when Max Wait ran out (Continue On Fail off)', async () => {
		const parameters = createAndWait({ maxWait: 0.2, pollInterval: 0.05 }, { audioUrl: 'https://audio.example.com/a.mp3?sim-duration=60000' });
		const result = await fx.run(parameters);
		expect(result.status).toBe('error');
		const [job] = [...fx.sim.jobs.values()];
		expect(Object.values(earlierTriesOfRun(result, 0) ?? {})).toEqual([expect.objectContaining({ kind: 'generation', generationId: job.id })]);
	});
});
