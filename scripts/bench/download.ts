/**
 * Child process of the benchmark: one Create and Wait with Download Video against the simulator at
 * SIM_URL, in a fresh process so its RSS growth belongs to this download alone. Prints one JSON line.
 */
import './jestShim';

import { Engine } from '../../test/harness/engine';
import { NODE, omniHumanWorkflow } from '../../test/harness/workflows';
import { IMAGE_URL, simulatorCredentials } from '../../test/support/fixture';

/** Baseline: what n8n's filesystem store does with a stream, without n8n (Node's http + fs.promises.writeFile). */
async function rawNodeDownload(url: string) {
	const { get } = await import('node:http');
	const { promises } = await import('node:fs');
	const { tmpdir } = await import('node:os');
	const file = `${tmpdir()}/omnihuman-raw-${process.pid}.mp4`;
	const startedAt = performance.now();
	const response = await new Promise<import('node:http').IncomingMessage>((resolve) => get(url, resolve));
	await promises.writeFile(file, response);
	const seconds = (performance.now() - startedAt) / 1000;
	const { size } = await promises.stat(file);
	await promises.rm(file);
	console.log(JSON.stringify({ seconds, bytes: size }));
}

void (async () => {
	if (process.env.RAW_URL) return await rawNodeDownload(process.env.RAW_URL);
	const mode = process.env.BINARY_MODE === 'default' ? 'default' : 'filesystem';
	const engine = await new Engine().init(mode);
	const parameters = {
		operation: 'createAndWait',
		imageUrl: IMAGE_URL,
		audioUrl: 'https://audio.example.com/a.mp3',
		options: { pollInterval: 0.05, maxWait: 600, downloadVideo: true, maxVideoSizeMb: Number(process.env.MAX_VIDEO_MB), requestTimeout: 600 },
	};
	global.gc?.();
	const baseline = process.memoryUsage().rss;
	let peak = baseline;
	const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
	const startedAt = performance.now();
	const result = await engine.run(omniHumanWorkflow(parameters), {
		credentials: simulatorCredentials(process.env.SIM_URL!),
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
