import type { Engine } from '../../test/harness/engine';
import { NODE, omniHumanWorkflow } from '../../test/harness/workflows';
import type { Simulator } from '../../test/simulator/server';
import { items } from '../../test/support/fixture';
import { createAndWait, credentials } from './measure';
import type { Row } from './scenarios';

const PRICE = 0.63;
const LIMIT = 100;

/** Creates per second from the second create to the `upTo`th (the first of a model goes alone under a limit). */
function paceAfterFirst(sim: Simulator, upTo: number): number {
	const times = sim.requestsTo('create').map((request) => request.at).sort((a, b) => a - b).slice(0, upTo);
	if (times.length < 3) return 0;
	return (times.length - 2) / ((times[times.length - 1] - times[1]) / 1000);
}

async function batch(engine: Engine, sim: Simulator, count: number, paceOver: number, maxSpendPerExecution?: number) {
	sim.reset();
	sim.jobDurationMs = 1000;
	sim.setBilling({ videoPrices: { 'bytedance/omnihuman': PRICE } });
	const options = { pollInterval: 0.25, maxWait: 600, maxConcurrentJobs: count, ...(maxSpendPerExecution && { maxSpendPerExecution }) };
	const workflow = omniHumanWorkflow(createAndWait(options), { continueOnFail: true });
	const result = await engine.run(workflow, { credentials: credentials(sim), items: items(count) });
	const output = result.json(NODE);
	const spent = [...sim.jobs.values()].reduce((sum, job) => sum + job.charge.usd, 0);
	const refused = output.filter((item) => typeof item.error === 'string' && item.error.includes('Max Spend per Execution'));
	return { output, spent, refused: refused.length, creates: sim.requestsTo('create').length, pace: paceAfterFirst(sim, paceOver) };
}

/** 7. A batch far above Max Spend per Execution: exactly the jobs that fit, the rest refused with nothing sent, at full pace. */
export async function spendLimitedBatch(engine: Engine, sim: Simulator, count: number): Promise<Row[]> {
	const fits = Math.floor(LIMIT / PRICE + 1e-9);
	const limited = await batch(engine, sim, count, fits, LIMIT);
	const unlimited = await batch(engine, sim, count, fits);
	const label = `7. ${count} items at Max Concurrent Jobs ${count}, $${PRICE} a job, Max Spend per Execution $${LIMIT}`;
	return [
		{ scenario: label, measure: 'jobs created (create requests)', value: String(limited.creates), target: `exactly ${fits}`, ok: limited.creates === fits },
		{ scenario: '', measure: 'spent (USD, as the service charged)', value: limited.spent.toFixed(2), target: `≤ ${LIMIT}`, ok: limited.spent <= LIMIT },
		{ scenario: '', measure: 'items refused, nothing sent for them', value: String(limited.refused), target: String(count - fits), ok: limited.refused === count - fits },
		{
			scenario: '',
			measure: `creates/s, 2nd to ${fits}th create: with the limit / the same batch without one`,
			value: `${limited.pace.toFixed(0)} / ${unlimited.pace.toFixed(0)}`,
			target: 'the same pace',
			ok: limited.pace >= 0.5 * unlimited.pace,
		},
	];
}
