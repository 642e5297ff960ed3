import { getEventListeners } from 'node:events';

import { NODE } from '../harness/workflows';

const originalAny = AbortSignal.any.bind(AbortSignal);
import { createAndWait, FAST, items, peakConcurrentJobs, useFixture } from '../support/fixture';
import { waitUntil } from '../support/waitUntil';

const fx = useFixture();

describe('Poll Interval and Max Wait', () => {
	test('fractional intervals; polls stay within ceil(T / interval) + 1', async () => {
		fx.sim.jobDurationMs = 500;
		const result = await fx.run(createAndWait({ pollInterval: 0.2 }));
		expect(result.json(NODE)[0].status).toBe('completed');
		expect(fx.sim.requestsTo('poll').length).toBeLessThanOrEqual(Math.ceil(0.5 / 0.2) + 1);
		// However late a request arrives, the next one leaves at least a quarter interval after its answer
		// (start-to-start cadence), so arrival gaps ≥ 50 ms hold under any load; a misread interval of 0 fails it.
		const [create, ...polls] = [...fx.sim.requestsTo('create'), ...fx.sim.requestsTo('poll')];
		const gaps = polls.map((request, index) => request.at - (index ? polls[index - 1] : create).at);
		expect(Math.min(...gaps)).toBeGreaterThanOrEqual(200 / 4 - 1);
	});

	test('Max Wait reached: the error names the id and says to resume with Get; resuming with Get finishes without a second job', async () => {
		fx.sim.jobDurationMs = 800;
		const timedOut = await fx.run(createAndWait({ maxWait: 0.3, pollInterval: 0.1 }));
		const error = timedOut.nodeError(NODE)!;
		const [job] = fx.sim.jobs.values();
		expect(error.message).toBe(`Generation ${job.id} is still running after 0.3 s (Max Wait; last status "generating")`);
		expect(error.description).toMatch(/resume with the Get operation, Generation ID ".+" and Wait for Completion on/);
		const resumed = await fx.run({ operation: 'get', generationId: job.id, waitForCompletion: true, options: FAST });
		expect(resumed.json(NODE)[0]).toMatchObject({ id: job.id, status: 'completed' });
		expect(fx.sim.requestsTo('create')).toHaveLength(1);
	});

	test('Max Wait of hours is accepted (the wait ends when the job does)', async () => {
		const result = await fx.run(createAndWait({ maxWait: 4 * 3600 }));
		expect(result.json(NODE)[0].status).toBe('completed');
	});
});

describe('Max Concurrent Jobs', () => {
	const audio = { audioUrl: '={{ "https://audio.example.com/a.mp3?row=" + $json.row }}' };

	test('runs items in parallel up to the bound, never above it', async () => {
		fx.sim.jobDurationMs = 300;
		const result = await fx.run(createAndWait({ maxConcurrentJobs: 2 }, audio), { items: items(6) });
		expect(result.output(NODE)).toHaveLength(6);
		expect(peakConcurrentJobs(fx.sim)).toBe(2);
		expect(fx.sim.peakInFlight).toBeLessThanOrEqual(2);
	});

	test('with a bound at the number of items, all run at once', async () => {
		fx.sim.jobDurationMs = 300;
		await fx.run(createAndWait({ maxConcurrentJobs: 6 }, audio), { items: items(6) });
		expect(peakConcurrentJobs(fx.sim)).toBe(6);
	});

	test('30 items waiting at once put one listener on the execution signal, not one each', async () => {
		const combined: AbortSignal[] = [];
		const any = jest.spyOn(AbortSignal, 'any').mockImplementation((signals) => {
			const signal = originalAny(signals);
			combined.push(signal);
			return signal;
		});
		try {
			fx.sim.jobDurationMs = 2000;
			const run = fx.start(createAndWait({ maxConcurrentJobs: 30, pollInterval: 0.5 }, audio), { items: items(30) });
			await waitUntil(() => fx.sim.jobs.size === 30);
			await new Promise((resolve) => setTimeout(resolve, 100));
			expect(combined).toHaveLength(1);
			expect(getEventListeners(combined[0], 'abort').length).toBeLessThanOrEqual(2);
			run.cancel();
			await run.done;
		} finally {
			any.mockRestore();
		}
	});

	test('1 runs items one after the other', async () => {
		await fx.run(createAndWait({ maxConcurrentJobs: 1 }, audio), { items: items(3) });
		expect(peakConcurrentJobs(fx.sim)).toBe(1);
		expect(fx.sim.peakInFlight).toBe(1);
	});

	test('Create alone also respects the bound', async () => {
		const result = await fx.run({ operation: 'create', imageUrl: 'https://x.example/p.png', ...audio, options: { maxConcurrentJobs: 3 } }, { items: items(9) });
		expect(result.output(NODE)).toHaveLength(9);
		expect(fx.sim.peakInFlight).toBeLessThanOrEqual(3);
	});
});

describe('Request Timeout', () => {
	test('bounds one request: a hanging poll is given up after it and retried', async () => {
		fx.sim.faults.add('poll', { type: 'hang' }, 2);
		const started = Date.now();
		const result = await fx.run(createAndWait({ requestTimeout: 0.2 }));
		expect(result.json(NODE)[0].status).toBe('completed');
		expect(Date.now() - started).toBeLessThan(5_000);
	});
});

describe('bad option values are named before anything is sent', () => {
	test.each([
		[{ pollInterval: 0 }, 'Poll Interval must be more than 0 seconds (got 0)'],
		[{ pollInterval: -5 }, 'Poll Interval must be more than 0 seconds (got -5)'],
		[{ maxWait: 1, pollInterval: 10 }, 'Max Wait (1 s) is shorter than Poll Interval (10 s): raise Max Wait or lower Poll Interval'],
		[{ maxConcurrentJobs: 0 }, 'Max Concurrent Jobs must be a whole number of at least 1 (got 0)'],
		[{ requestTimeout: 0 }, 'Request Timeout must be more than 0 seconds (got 0)'],
		[{ downloadVideo: true, binaryPropertyName: '' }, 'Put Video in Field is empty'],
	])('%p', async (options, message) => {
		const result = await fx.run(createAndWait(options));
		expect(result.nodeError(NODE)?.message).toBe(message);
		expect(fx.sim.requests).toHaveLength(0);
	});
});
