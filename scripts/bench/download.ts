/**
 * Child process of the benchmark: one Create and Wait with Download Video against the simulator at
 * SIM_URL, in a fresh process so its RSS growth belongs to this download alone. Prints one JSON line.
 */
import './jestShim';

import { Engine } from '../../test/harness/engine';
import { NODE, omniHumanWorkflow } from '../../test/harness/workflows';
import { SIMULATOR_API_KEY } from '../../test/simulator/server';
import { IMAGE } from './measure';

void (async () => {
	const mode = process.env.BINARY_MODE === 'default' ? 'default' : 'filesystem';
	const engine = await new Engine().init(mode);
	const parameters = {
		operation: 'createAndWait',
		imageUrl: IMAGE,
		audioUrl: 'https://audio.example.com/a.mp3',
		options: { pollInterval: 0.05, maxWait: 600, downloadVideo: true, maxVideoSizeMb: Number(process.env.MAX_VIDEO_MB), requestTimeout: 600 },
	};
	global.gc?.();
	const baseline = process.memoryUsage().rss;
	let peak = baseline;
	const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
	const startedAt = performance.now();
	const result = await engine.run(omniHumanWorkflow(parameters), {
		credentials: { aimlApiOmniHumanApi: { apiKey: SIMULATOR_API_KEY, baseUrl: process.env.SIM_URL!, allowInsecureHttp: false } },
	});
	const seconds = (performance.now() - startedAt) / 1000;
	clearInterval(sampler);
	peak = Math.max(peak, process.memoryUsage().rss);
	const error = result.nodeError(NODE)?.message;
	const binary = error ? undefined : result.output(NODE)[0]?.binary?.data;
	engine.dispose();
	console.log(JSON.stringify({ seconds, rssGrowthMiB: (peak - baseline) / 1024 / 1024, bytes: binary?.bytes ?? '', stored: binary?.id ? 'file' : binary ? 'memory' : '', error: error ?? '' }));
	process.exit(0);
})().catch((error: unknown) => {
	console.log(JSON.stringify({ error: error instanceof Error ? error.message : String(error) }));
	process.exit(1);
});
