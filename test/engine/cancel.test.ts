import { NODE } from '../harness/workflows';
import { createAndWait, useFixture } from '../support/fixture';
import { waitUntil } from '../support/waitUntil';

const fx = useFixture();

describe('Stop (the execution cancel signal)', () => {
	test('mid-interval: the node returns at once, not at the next poll, and sends nothing more', async () => {
		fx.sim.jobDurationMs = 120_000;
		const run = fx.start(createAndWait({ pollInterval: 60, maxWait: 600 }));
		await waitUntil(() => fx.sim.jobs.size === 1);
		await new Promise((resolve) => setTimeout(resolve, 100));
		const cancelledAt = Date.now();
		run.cancel();
		const settledAt = await run.probe.settled;
		expect(settledAt - cancelledAt).toBeLessThan(1000);
		const result = await run.done;
		expect(result.status).toBe('canceled');
		const sent = fx.sim.requests.length;
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(fx.sim.requests.length).toBe(sent);
		expect(fx.sim.requestsTo('create')).toHaveLength(1);
	});

	test('during a 429 back-off on create: no further create is sent', async () => {
		fx.sim.faults.add('create', { type: 'status', status: 429, retryAfter: '60' }, 5);
		const run = fx.start(createAndWait({ pollInterval: 60, maxWait: 600 }));
		// The stop lands in the 60 s back-off, after the 429 was answered and read, never while it is in flight:
		// the same code runs in every run of this test (a stable coverage for the mutation run's reuse).
		await waitUntil(() => fx.sim.requestsTo('create').length === 1 && fx.sim.inFlight === 0);
		await new Promise((resolve) => setTimeout(resolve, 100));
		const cancelledAt = Date.now();
		run.cancel();
		expect((await run.probe.settled) - cancelledAt).toBeLessThan(1000);
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(fx.sim.requestsTo('create')).toHaveLength(1);
		expect(fx.sim.jobs.size).toBe(0);
	});

	test('while a poll request hangs: the request is abandoned at once', async () => {
		fx.sim.jobDurationMs = 120_000;
		fx.sim.faults.add('poll', { type: 'hang' }, 10);
		const run = fx.start(createAndWait({ pollInterval: 0.05, requestTimeout: 60 }));
		await waitUntil(() => fx.sim.requestsTo('poll').length === 1);
		await new Promise((resolve) => setTimeout(resolve, 50));
		const cancelledAt = Date.now();
		run.cancel();
		expect((await run.probe.settled) - cancelledAt).toBeLessThan(1000);
		expect(fx.sim.requestsTo('poll')).toHaveLength(1);
	});

	test('with many items waiting, all stop together', async () => {
		fx.sim.jobDurationMs = 120_000;
		const run = fx.start(createAndWait({ pollInterval: 60, maxWait: 600 }), { items: Array.from({ length: 8 }, (_, row) => ({ json: { row } })) });
		await waitUntil(() => fx.sim.jobs.size === 8);
		await new Promise((resolve) => setTimeout(resolve, 100));
		const cancelledAt = Date.now();
		run.cancel();
		expect((await run.probe.settled) - cancelledAt).toBeLessThan(1000);
		expect((await run.done).status).toBe('canceled');
		expect(fx.sim.requestsTo('poll')).toHaveLength(0);
	});
});

test('a run that is not stopped is unaffected (control for the tests above)', async () => {
	const result = await fx.run(createAndWait());
	expect(result.json(NODE)[0].status).toBe('completed');
});
