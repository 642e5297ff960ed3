import { NODE } from '../harness/workflows';
import { createAndWait, useFixture } from '../support/fixture';
import { FAULT_MATRIX } from './faultMatrix';

const fx = useFixture();

describe.each(['create', 'poll', 'download', 'get'] as const)('faults on %s', (phase) => {
	const rows = FAULT_MATRIX.filter((row) => row.phase === phase);
	test.each(rows.map((row) => [row.when, row] as const))('%s', async (_when, row) => {
		row.arrange?.(fx.sim);
		const extra = typeof row.parameters === 'function' ? row.parameters(fx.sim) : row.parameters;
		const parameters = { ...createAndWait({ maxWait: 3, ...row.options }), ...extra };
		const result = await fx.run(parameters, { credentials: fx.credentials(row.credentials) });
		const job = [...fx.sim.jobs.values()][0];
		if (row.outcome === 'retried') {
			expect(result.json(NODE)[0]).toMatchObject({ id: job.id, status: 'completed', videoUrl: expect.stringContaining(job.uuid) });
		} else {
			const error = result.nodeError(NODE)!;
			expect(error).toBeDefined();
			expect(error.message).toMatch(row.message!);
			if (process.env.SHOW_MESSAGES) console.log(`${row.when}: ${error.message}`);
			const id = job?.id ?? (extra?.generationId as string | undefined);
			if (phase !== 'create' && id) expect(error.message).toContain(id);
			if (phase === 'create') expect(error.message).not.toContain('[generation');
		}
		expect(fx.sim.requestsTo('create')).toHaveLength(row.creates);
		row.check?.(fx.sim);
	});
});
