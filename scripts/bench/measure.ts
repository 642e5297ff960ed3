import './jestShim';

import type { INodeParameters } from 'n8n-workflow';

import type { Engine } from '../../test/harness/engine';
import { NODE, omniHumanWorkflow } from '../../test/harness/workflows';
import type { Simulator } from '../../test/simulator/server';
import { IMAGE_URL, items, simulatorCredentials } from '../../test/support/fixture';

export const credentials = (sim: Simulator) => simulatorCredentials(sim.url);

export function createAndWait(options: Record<string, unknown>, audioUrl = '={{ "https://audio.example.com/a.mp3?row=" + $json.row }}'): INodeParameters {
	return { operation: 'createAndWait', imageUrl: IMAGE_URL, audioUrl, options: options as INodeParameters };
}

/** Runs the node through the engine; returns wall time (ms) and the node's output. */
export async function timedRun(engine: Engine, sim: Simulator, parameters: INodeParameters, count: number) {
	const startedAt = performance.now();
	const result = await engine.run(omniHumanWorkflow(parameters), { credentials: credentials(sim), items: items(count) });
	const wallMs = performance.now() - startedAt;
	const output = result.output(NODE);
	const failed = output.filter((item) => item.json.error !== undefined || item.json.status !== 'completed');
	if (output.length !== count || failed.length > 0) {
		throw new Error(`run of ${count} items: ${output.length} outputs, ${failed.length} not completed (${JSON.stringify(failed[0]?.json ?? result.error?.message)})`);
	}
	return { wallMs, output };
}
