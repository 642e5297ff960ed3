import { NODE } from '../harness/workflows';
import { createAndWait, items, useFixture } from '../support/fixture';
import { waitUntil } from '../support/waitUntil';

const fx = useFixture();

describe('a rate-limited batch slows down; no item fails for a 429', () => {
	test.each([
		['with Retry-After', true],
		['without Retry-After', false],
	])('40 items at Max Concurrent Jobs 40 against 10 creates per second (%s): every video, one job each', async (_label, retryAfter) => {
		fx.sim.limitCreates({ creates: 10, windowMs: 1000, retryAfter });
		const result = await fx.run(createAndWait({ maxConcurrentJobs: 40, pollInterval: 0.1, maxWait: 60 }), { items: items(40) });
		expect(result.status).toBe('success');
		const output = result.json(NODE);
		expect(output).toHaveLength(40);
		for (const item of output) expect(item).toMatchObject({ status: 'completed', videoUrl: expect.stringContaining('/videos/') });
		expect(new Set(output.map((item) => item.id)).size).toBe(40);
		expect(fx.sim.jobs.size).toBe(40);
		// Before the shared pacer this batch met 101 429s (each item retrying on its own timer); now a handful per window.
		const creates = fx.sim.requestsTo('create');
		const windows = Math.floor((creates[creates.length - 1].at - creates[0].at) / 1000) + 1;
		if (process.env.SHOW_RATE) console.log({ retryAfter, refused: fx.sim.rateLimit!.refused, windows });
		expect(fx.sim.rateLimit!.refused).toBeLessThanOrEqual(retryAfter ? 2 * windows : 5 * windows);
		expect(fx.sim.requestsTo('create')).toHaveLength(40 + fx.sim.rateLimit!.refused);
		expect(fx.engine.logs.some((line) => /rate limited \d+ create and 0 status requests/.test(line))).toBe(true);
	});

	test('Stop during a rate-limit pause ends the whole batch at once, and nothing more is created', async () => {
		fx.sim.limitCreates({ creates: 3, windowMs: 600_000, retryAfter: true });
		const run = fx.start(createAndWait({ maxConcurrentJobs: 20, pollInterval: 60, maxWait: 600 }), { items: items(20) });
		await waitUntil(() => (fx.sim.rateLimit?.refused ?? 0) > 0);
		await new Promise((resolve) => setTimeout(resolve, 500));
		const sent = fx.sim.requestsTo('create').length;
		const cancelledAt = Date.now();
		run.cancel();
		expect((await run.probe.settled) - cancelledAt).toBeLessThan(1000);
		expect((await run.done).status).toBe('canceled');
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(fx.sim.requestsTo('create')).toHaveLength(sent);
		expect(fx.sim.jobs.size).toBe(3);
	});
});

test('without Continue On Fail, no create is sent after the first failure', async () => {
	// Item 0's create is refused (not for credits: that is a refusal of its own, see perSecondPricing.test.ts);
	// the other 9 items must not be created after that.
	fx.sim.faults.add('create', { type: 'status', status: 403, message: 'This key may not use this model' });
	const result = await fx.run(createAndWait({ maxConcurrentJobs: 2 }), { items: items(10) });
	expect(result.status).toBe('error');
	expect(fx.sim.requestsTo('create').length).toBeLessThanOrEqual(2);
});
