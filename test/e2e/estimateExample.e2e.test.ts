import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { withSignedInEditor } from '../real-n8n/editorBrowser';
import { importThroughEditor, runFromEditor } from '../real-n8n/editorImport';
import { listExecutions, nodeOutput, waitForExecution } from '../real-n8n/executions';
import type { N8nInstance } from '../real-n8n/instance';
import { EXAMPLES_DIR } from '../real-n8n/prepare';
import { useRealN8n } from '../real-n8n/useRealN8n';
import { sampleUrls, withSampleMedia } from '../simulator/samples';
import type { Simulator } from '../simulator/server';
import { SAMPLE_SPEECH_SECONDS } from '../simulator/speechAudio';

/**
 * The acceptance: the estimate example, imported through the editor (workflow menu → Import → From
 * file) and run from it against the simulator priced at $0.14 a second, estimates exactly what the Create and
 * Wait after it is then charged, and the estimate itself creates nothing. The example gets the demo's sample
 * portrait and speech (7.84 s, billed 8 s) before the import, as `npm run demo` gives them.
 */
// 5712/5713 are binaryAudio.e2e's server and task-runner broker ports; this file uses 5714 and 5715.
const PORT = Number(process.env.E2E_ESTIMATE_PORT ?? 5714);
const EXAMPLE = path.join(EXAMPLES_DIR, '12-estimate-then-approve.json');
const CLI_IMPORTED_ID = 'OmniHumanEstimate12';
const ESTIMATE = 'Estimate the cost';
const CREATE = 'Create and Wait';
const LAST = 'Video per row';
/** `setupOwner`'s defaults. */
const OWNER = { email: 'owner@example.com', password: 'Omnihuman-demo-1' };
const RATE = 0.14;

let sim: Simulator;
let n8n: N8nInstance;
let folder: string;

useRealN8n({ port: PORT, folderPrefix: 'omnihuman-e2e-estimate-' }, (started) => {
	({ sim, n8n } = started);
});

beforeAll(() => {
	folder = mkdtempSync(path.join(tmpdir(), 'omnihuman-e2e-estimate-files-'));
});

afterAll(() => {
	if (folder) rmSync(folder, { recursive: true, force: true });
});

test('examples/12-estimate-then-approve.json imported from the editor and run from it: the estimate total is what Create and Wait is then charged, and the estimate creates no job', async () => {
	sim.setBilling({ videoRates: { 'bytedance/omnihuman': RATE } });
	const balanceBefore = sim.balance;
	const samples = sampleUrls(sim.url);
	const file = path.join(folder, path.basename(EXAMPLE));
	writeFileSync(file, withSampleMedia(samples)(readFileSync(EXAMPLE, 'utf8')));

	const started = Date.now();
	const workflowId = await withSignedInEditor(n8n, OWNER, async (page) => {
		const id = await importThroughEditor(page, n8n, file, CREATE);
		await runFromEditor(page, n8n, id, LAST);
		return id;
	});
	console.log(`example 12 imported and run from the editor: ${Date.now() - started} ms`);
	expect(workflowId).not.toBe(CLI_IMPORTED_ID);

	// The editor's run: one manual execution of the imported workflow, successful.
	const executions = await listExecutions(n8n, workflowId);
	expect(executions.map((execution) => execution.status)).toEqual(['success']);
	const execution = await waitForExecution(n8n, executions[0].id);
	const runData = execution.data.resultData.runData;

	// The estimate: every row the sample speech, 7.84 s billed as 8 s at the price list's $0.14, with the batch.
	const estimates = nodeOutput(execution, ESTIMATE).map((item) => item.json);
	expect(estimates).toHaveLength(3);
	for (const estimate of estimates) {
		expect(estimate).toMatchObject({ model: 'bytedance/omnihuman', billedSeconds: 8, rateSource: 'price list', estimatedUsd: expect.closeTo(8 * RATE, 9) });
		expect(estimate.speechSeconds).toBeCloseTo(SAMPLE_SPEECH_SECONDS, 1);
	}
	const batch = estimates[0].batch as { items: number; totalUsd: number; balanceUsd: number; fitsBalance: boolean };
	expect(batch).toMatchObject({ items: 3, totalUsd: expect.closeTo(3 * 8 * RATE, 9), unpriced: 0, balanceUsd: balanceBefore, fitsBalance: true });
	expect(runData[ESTIMATE][0].hints?.map((hint) => hint.message)).toEqual([expect.stringMatching(/^Estimated cost: \$3\.36 for 3 items; balance \$[\d,.]+, which covers it$/)]);

	// Nothing created before Create and Wait ran: one create per row, every one sent by Create and Wait.
	const creates = sim.requestsTo('create');
	expect(creates).toHaveLength(3);
	const createStarted = runData[CREATE][0].startTime;
	expect(createStarted).toBeGreaterThanOrEqual(runData[ESTIMATE][0].startTime + runData[ESTIMATE][0].executionTime);
	for (const create of creates) expect(create.at).toBeGreaterThanOrEqual(createStarted);
	expect(creates.map((create) => create.body)).toEqual(Array.from({ length: 3 }, () => expect.objectContaining({ model: 'bytedance/omnihuman', image_url: samples.portrait, audio_url: samples.speech })));

	// What the service charged is the estimate's total, to the cent and below it.
	const jobs = [...sim.jobs.values()];
	const charged = jobs.reduce((sum, job) => sum + job.charge.usd, 0);
	expect(charged).toBeCloseTo(batch.totalUsd, 9);
	expect(sim.balance).toBeCloseTo(balanceBefore - charged, 9);
	expect(nodeOutput(execution, LAST).map((item) => item.json)).toEqual(
		['Alice', 'Bob', 'Carol'].map((name) => ({ name, videoUrl: expect.stringMatching(new RegExp(`^${sim.videoOrigin}/videos/`)), estimatedUsd: expect.closeTo(8 * RATE, 9), chargedUsd: expect.closeTo(8 * RATE, 9) })),
	);
	expect(runData['Refused or failed rows']).toBeUndefined();
	expect(runData['Over budget']).toBeUndefined();
});
