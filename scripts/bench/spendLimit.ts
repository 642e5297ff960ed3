import type { Engine } from '../../test/harness/engine';
import { NODE, omniHumanWorkflow } from '../../test/harness/workflows';
import { audioFileAt } from '../../test/simulator/audioFiles';
import type { Simulator } from '../../test/simulator/server';
import { items } from '../../test/support/fixture';
import { createAndWait, credentials } from './measure';
import type { Row } from './scenarios';

const RATE = 0.14;
const LIMIT = 100;
const SEED = 20261206;

/** Speech lengths of 3–30 s, the same on every run (a small linear congruential generator). */
function seededSeconds(count: number): number[] {
	let state = SEED;
	return Array.from({ length: count }, () => {
		state = (state * 1103515245 + 12345) % 2 ** 31;
		return 3 + ((state >>> 8) % 28);
	});
}

/** What the service charges for each item: the rate × the true length of its audio, rounded up. */
function chargeOf(seconds: number): number {
	const file = audioFileAt(`/audio/${seconds}s.mp3`);
	return RATE * Math.max(1, Math.ceil((file?.seconds ?? seconds) - 1e-9));
}

/** How many fit when the items are admitted in input order, each if it fits beside the ones before. */
function fitInOrder(lengths: number[]): number {
	let spent = 0;
	let jobs = 0;
	for (const seconds of lengths) {
		const cost = chargeOf(seconds);
		if (spent + cost > LIMIT + 1e-9) continue;
		spent += cost;
		jobs++;
	}
	return jobs;
}

/** Creates per second from the second create to the last. */
function pace(sim: Simulator): number {
	const times = sim.requestsTo('create').map((request) => request.at).sort((a, b) => a - b);
	if (times.length < 3) return 0;
	return (times.length - 2) / ((times[times.length - 1] - times[1]) / 1000);
}

async function batch(engine: Engine, sim: Simulator, lengths: number[], maxSpendPerExecution?: number) {
	sim.reset();
	sim.jobDurationMs = 1000;
	sim.setBilling({ videoRates: { 'bytedance/omnihuman': RATE } });
	const count = lengths.length;
	const options = { pollInterval: 0.25, maxWait: 600, maxConcurrentJobs: count, ...(maxSpendPerExecution && { maxSpendPerExecution }) };
	const audioUrl = `={{ "${sim.videoOrigin}/audio/" + $json.seconds + "s.mp3?row=" + $json.row }}`;
	const workflow = omniHumanWorkflow(createAndWait(options, audioUrl), { continueOnFail: true });
	const result = await engine.run(workflow, { credentials: credentials(sim), items: items(count, (row) => ({ row, seconds: lengths[row] })) });
	const output = result.json(NODE);
	const spent = [...sim.jobs.values()].reduce((sum, job) => sum + job.charge.usd, 0);
	const refused = output.filter((item) => item.status === 'refused').length;
	return { spent, refused, creates: sim.requestsTo('create').length, pace: pace(sim) };
}

/**
 * 7. A batch far above Max Spend per Execution whose speech runs 3–30 s, billed per second: never past the
 * limit, the jobs that fit in input order (within one), the rest refused with nothing sent, at full pace.
 */
export async function spendLimitedBatch(engine: Engine, sim: Simulator, count: number): Promise<Row[]> {
	const lengths = seededSeconds(count);
	const fits = fitInOrder(lengths);
	const limited = await batch(engine, sim, lengths, LIMIT);
	const unlimited = await batch(engine, sim, lengths);
	const label = `7. ${count} items of 3–30 s speech (seeded) at $${RATE} a second, Max Concurrent Jobs ${count}, Max Spend per Execution $${LIMIT}`;
	return [
		{ scenario: label, measure: 'spent (USD, as the service charged)', value: limited.spent.toFixed(2), target: `≤ ${LIMIT}`, ok: limited.spent <= LIMIT + 1e-9 },
		{ scenario: '', measure: 'jobs created / what fits in input order', value: `${limited.creates} / ${fits}`, target: 'within one', ok: Math.abs(limited.creates - fits) <= 1 },
		{ scenario: '', measure: 'items refused, nothing sent for them', value: String(limited.refused), target: String(count - limited.creates), ok: limited.refused === count - limited.creates },
		{
			scenario: '',
			measure: 'creates/s, 2nd create to the last: with the limit / the same batch without one',
			value: `${limited.pace.toFixed(0)} / ${unlimited.pace.toFixed(0)}`,
			target: '≥ 90 %',
			ok: limited.pace >= 0.9 * unlimited.pace,
		},
	];
}
