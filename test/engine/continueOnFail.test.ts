import { NODE } from '../harness/workflows';
import { createAndWait, items, useFixture } from '../support/fixture';

const fx = useFixture();

/** Rows 1 and 3 fail in different ways (service error, bad input); the others succeed. */
const mixed = createAndWait(
	{},
	{
		imageUrl: '={{ $json.row === 3 ? "not a url" : "https://images.example.com/p.png" }}',
		audioUrl: '={{ "https://audio.example.com/a.mp3?row=" + $json.row + ($json.row === 1 ? "&sim-outcome=error-message" : "") }}',
	},
);

test('Continue On Fail: good items get their video, bad items their own error with the right pairedItem', async () => {
	const result = await fx.run(mixed, { items: items(5), node: { continueOnFail: true } });
	expect(result.status).toBe('success');
	const output = result.output(NODE);
	expect(output.map((item) => item.pairedItem)).toEqual([0, 1, 2, 3, 4].map((item) => ({ item })));
	const failedJob = [...fx.sim.jobs.values()].find((job) => String(job.request.audio_url).includes('row=1&'))!;
	expect(output[1].json).toEqual({ error: expect.stringMatching(/No face was detected/), id: failedJob.id, itemIndex: 1 });
	expect(output[3].json).toEqual({ error: expect.stringMatching(/Image URL/), itemIndex: 3 });
	for (const index of [0, 2, 4]) expect(output[index].json).toMatchObject({ status: 'completed', videoUrl: expect.stringContaining('/videos/') });
	expect(fx.sim.requestsTo('create')).toHaveLength(4);
});

test('Continue On Fail with onError "continueErrorOutput" sends failed items to the error branch', async () => {
	const result = await fx.run(mixed, { items: items(5), node: { onError: 'continueErrorOutput' } });
	const task = result.run.data.resultData.runData[NODE][0];
	const [success, failure] = task.data!.main;
	expect(success!.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 2 }, { item: 4 }]);
	expect(failure!.map((item) => item.pairedItem)).toEqual([{ item: 1 }, { item: 3 }]);
	const failedJob = [...fx.sim.jobs.values()].find((job) => String(job.request.audio_url).includes('row=1&'))!;
	expect(failure![0].json).toMatchObject({ error: expect.stringContaining(`[generation ${failedJob.id}]`) });
});

test('without Continue On Fail the first error stops the run and names its item', async () => {
	const result = await fx.run(mixed, { items: items(5) });
	expect(result.status).toBe('error');
	const error = result.nodeError(NODE)!;
	expect(error.message).toMatch(/Image URL|No face was detected/);
	expect((error as { context?: { itemIndex?: number } }).context?.itemIndex).toBe(error.message.includes('Image URL') ? 3 : 1);
});

test('without Continue On Fail, jobs of other items still running are listed for resuming', async () => {
	const result = await fx.run(
		createAndWait({ maxConcurrentJobs: 3 }, { audioUrl: '={{ "https://audio.example.com/a.mp3?row=" + $json.row + ($json.row === 0 ? "&sim-outcome=error-message&sim-duration=50" : "&sim-duration=3000") }}' }),
		{ items: items(3) },
	);
	const error = result.nodeError(NODE)!;
	const others = [...fx.sim.jobs.values()].filter((job) => !String(job.request.audio_url).includes('row=0&'));
	expect(others).toHaveLength(2);
	for (const job of others) expect(error.description).toContain(job.id);
	expect(error.description).toMatch(/resume them with Get/);
});
