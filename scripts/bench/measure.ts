import './jestShim';

import type { INodeParameters } from 'n8n-workflow';

import { Engine, type RunOptions } from '../../test/harness/engine';
import { NODE, omniHumanWorkflow } from '../../test/harness/workflows';
import { SIMULATOR_API_KEY, type Simulator } from '../../test/simulator/server';

export const IMAGE = 'https://images.example.com/portrait.png';

export function credentials(sim: Simulator): RunOptions['credentials'] {
	return { aimlApiOmniHumanApi: { apiKey: SIMULATOR_API_KEY, baseUrl: sim.url, allowInsecureHttp: false } };
}

export function createAndWait(options: Record<string, unknown>, audioUrl = '={{ "https://audio.example.com/a.mp3?row=" + $json.row }}'): INodeParameters {
	return { operation: 'createAndWait', imageUrl: IMAGE, audioUrl, options: options as INodeParameters };
}

export const rows = (count: number) => Array.from({ length: count }, (_, row) => ({ json: { row } }));

/** Runs the node through the engine; returns wall time (ms) and the node's output. */
export async function timedRun(engine: Engine, sim: Simulator, parameters: INodeParameters, count: number) {
	const startedAt = performance.now();
	const result = await engine.run(omniHumanWorkflow(parameters), { credentials: credentials(sim), items: rows(count) });
	const wallMs = performance.now() - startedAt;
	const output = result.output(NODE);
	const failed = output.filter((item) => item.json.error !== undefined || item.json.status !== 'completed');
	if (output.length !== count || failed.length > 0) {
		throw new Error(`run of ${count} items: ${output.length} outputs, ${failed.length} not completed (${JSON.stringify(failed[0]?.json ?? result.error?.message)})`);
	}
	return { wallMs, output };
}
