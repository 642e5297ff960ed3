import { NODE } from '../harness/workflows';
import { createAndWait, items, useFixture } from '../support/fixture';

const fx = useFixture();

/** Each item's own speech link, carrying what its job will cost (the service bills per second of speech). */
const pricedPerRow = (maxSpendPerExecution: number) =>
	createAndWait(
		{ maxSpendPerExecution, maxConcurrentJobs: 4 },
		{ audioUrl: '={{ "https://audio.example.com/a.mp3?sim-price=" + $json.price + "&row=" + $json.row }}' },
	);

/** What the service charged this execution: the jobs it made. */
const charged = () => [...fx.sim.jobs.values()].reduce((sum, job) => sum + job.charge.usd, 0);

describe('Max Spend per Execution holds when jobs of one model cost different amounts', () => {
	test('$2, $1, $2, $2 jobs under $5: what was made never passes $5, and the items left out say why', async () => {
		const prices = [2, 1, 2, 2];
		const result = await fx.run(pricedPerRow(5), { items: items(4, (row) => ({ row, price: prices[row] })), node: { continueOnFail: true } });
		expect(fx.sim.jobs.size).toBeGreaterThan(0);
		expect(charged()).toBeLessThanOrEqual(5 + 1e-9);
		const output = result.json(NODE);
		const completed = output.filter((item) => item.status === 'completed');
		expect(completed).toHaveLength(fx.sim.jobs.size);
		for (const item of output.filter((each) => each.error)) expect(item.error).toMatch(/Max Spend per Execution \(\$5\.00\) would be passed/);
		expect(completed.length + output.filter((item) => item.error).length).toBe(4);
	});
});
