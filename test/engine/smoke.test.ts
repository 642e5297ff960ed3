import { Engine } from '../harness/engine';
import { AFTER, NODE, omniHumanWorkflow } from '../harness/workflows';
import { SIMULATOR_API_KEY, startSimulator, type Simulator } from '../simulator/server';

let engine: Engine;
let sim: Simulator;

beforeAll(async () => {
	engine = await new Engine().init();
	sim = await startSimulator({ jobDurationMs: 200 });
});
afterAll(async () => {
	await sim.close();
	engine.dispose();
});

test('smoke', async () => {
	const result = await engine.run(
		omniHumanWorkflow({
			operation: 'createAndWait',
			imageUrl: 'https://example.com/p.png',
			audioUrl: 'https://example.com/a.mp3',
			options: { pollInterval: 0.05, downloadVideo: true },
		}),
		{ credentials: { aimlApiOmniHumanApi: { apiKey: SIMULATOR_API_KEY, baseUrl: sim.url } } },
	);
	console.log(result.error?.stack);
	console.log(JSON.stringify(result.output(NODE), null, 1), result.json(AFTER));
	console.log(sim.requests.map((r) => `${r.method} ${r.path} ${JSON.stringify(r.query)} ${r.headers.authorization}`));
});
