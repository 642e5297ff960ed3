import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { IWorkflowBase } from 'n8n-workflow';

import { sampleUrls, withSampleMedia } from '../simulator/samples';
import { SAMPLE_SPEECH_SECONDS } from '../simulator/speechAudio';
import { FAST, useFixture } from '../support/fixture';

const fx = useFixture();
const EXAMPLE = path.join(__dirname, '../../examples/12-estimate-then-approve.json');
const ESTIMATE = 'Estimate the cost';
const CREATE = 'Create and Wait';

/** Example 12 with the demo's sample media (every row speaks the 7.84 s sample speech) and fast polls. */
function example(): IWorkflowBase {
	const workflow = JSON.parse(withSampleMedia(sampleUrls(fx.sim.url))(readFileSync(EXAMPLE, 'utf8'))) as IWorkflowBase;
	const nodes = workflow.nodes.map((node) => (node.name === CREATE ? { ...node, parameters: { ...node.parameters, options: { ...(node.parameters.options as object), ...FAST } } } : node));
	return { ...workflow, nodes };
}

const charged = () => [...fx.sim.jobs.values()].reduce((sum, job) => sum + job.charge.usd, 0);

test('examples/12-estimate-then-approve.json: three rows estimated at 8 s each, approved under $20, one job per row at the estimated total', async () => {
	fx.sim.setBilling({ videoRates: { 'bytedance/omnihuman': 0.14 } });
	const result = await fx.engine.start(example(), { credentials: fx.credentials() }).done;
	expect(result.nodeError(CREATE)).toBeUndefined();

	const estimates = result.json(ESTIMATE);
	expect(estimates.map((item) => [item.speechSeconds, item.billedSeconds, item.estimatedUsd])).toEqual(
		Array.from({ length: 3 }, () => [expect.closeTo(SAMPLE_SPEECH_SECONDS, 1), 8, expect.closeTo(1.12, 9)]),
	);
	const total = estimates[0].batch as { totalUsd: number; items: number };
	expect(total).toMatchObject({ items: 3, totalUsd: expect.closeTo(3.36, 9) });

	// One job per row (not one per row per estimate item), each with its own row's links, and no more paid than estimated.
	const creates = fx.sim.requestsTo('create').map((request) => request.body as Record<string, unknown>);
	expect(creates).toHaveLength(3);
	expect(charged()).toBeCloseTo(total.totalUsd, 9);
	const rows = result.json('One item per row');
	expect(result.json('Video per row').map((item) => [item.name, typeof item.videoUrl, item.estimatedUsd, item.chargedUsd])).toEqual(
		rows.map((row) => [row.name, 'string', expect.closeTo(1.12, 9), expect.closeTo(1.12, 9)]),
	);
	expect(result.run.data.resultData.runData['Refused or failed rows']).toBeUndefined();
});

test('the rows keep their own links through the estimate and the approval: each job is made from its row', async () => {
	// Distinct links per row, so a mix-up of rows would show (the demo's rewrite gives every row the same sample).
	const workflow = example();
	const rowsNode = workflow.nodes.find((node) => node.name === 'Rows of the sheet')!;
	const lengths = [5, 10, 15];
	const rows = lengths.map((seconds, row) => ({ name: `row ${row}`, portrait: `${fx.sim.url}/samples/portrait.png?row=${row}`, audio: `${fx.sim.videoOrigin}/audio/${seconds}s.wav` }));
	rowsNode.parameters = { ...rowsNode.parameters, jsonOutput: JSON.stringify({ rows }) };
	const result = await fx.engine.start(workflow, { credentials: fx.credentials() }).done;
	expect(result.json(ESTIMATE).map((item) => item.billedSeconds)).toEqual(lengths);
	const creates = fx.sim.requestsTo('create').map((request) => request.body as Record<string, unknown>);
	expect(creates.map((body) => [body.image_url, body.audio_url]).sort()).toEqual(rows.map((row) => [row.portrait, row.audio]).sort());
	expect(charged()).toBeCloseTo((5 + 10 + 15) * 0.14, 9);
});

test('over the budget: nothing is created and the run stops naming the total', async () => {
	fx.sim.setBilling({ videoRates: { 'bytedance/omnihuman': 1 } });
	const result = await fx.engine.start(example(), { credentials: fx.credentials() }).done;
	expect(fx.sim.requestsTo('create')).toHaveLength(0);
	expect(result.nodeError('Over budget')?.message).toBe('The batch would cost $24.00 for 3 videos, over the $20 budget: nothing was created');
});
