import { NODE } from '../harness/workflows';
import { FAST, useFixture } from '../support/fixture';

const fx = useFixture();

async function runningJobId(): Promise<string> {
	fx.sim.jobDurationMs = 60_000;
	const created = await fx.run({ operation: 'create', imageUrl: 'https://images.example.com/p.png', audioUrl: 'https://audio.example.com/a.mp3', options: FAST });
	return created.json(NODE)[0].id as string;
}

describe('Get without Wait for Completion reads the status once, bounded by Request Timeout', () => {
	test('transient trouble is retried quickly (1 s, then 2 s), then the status is output', async () => {
		const id = await runningJobId();
		fx.sim.faults.add('poll', { type: 'status', status: 503 }, 2);
		const result = await fx.run({ operation: 'get', generationId: id, options: { requestTimeout: 8 } });
		// With Poll Interval's 10 s default as the backoff (Poll Interval is hidden here), the second read would come after the 8 s budget.
		expect(result.json(NODE)[0]).toMatchObject({ id, status: 'queued', polls: 3 });
		const [first, second, third] = fx.sim.requestsTo('poll');
		expect(second.at - first.at).toBeGreaterThanOrEqual(1000);
		expect(third.at - second.at).toBeGreaterThanOrEqual(2000);
	});

	test('the service down on every read: fails at Request Timeout, naming it, the id and the last error', async () => {
		const id = await runningJobId();
		fx.sim.faults.add('poll', { type: 'status', status: 503 }, 1000);
		const result = await fx.run({ operation: 'get', generationId: id, options: { requestTimeout: 2.5 } });
		expect(result.nodeError(NODE)!.message).toMatch(
			new RegExp(`^Could not read the status of generation ${id.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} within 2.5 s \\(Request Timeout\\): .*HTTP 503`),
		);
	});
});
