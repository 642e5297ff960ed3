import type { Engine } from '../../test/harness/engine';
import { NODE, omniHumanWorkflow } from '../../test/harness/workflows';
import { audioFileAt } from '../../test/simulator/audioFiles';
import type { Simulator } from '../../test/simulator/server';
import { items } from '../../test/support/fixture';
import { createAndWait, credentials } from './measure';
import { median } from './median';
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

/**
 * The items' audio, in turn: MP3 with a Xing header (as LAME and ffmpeg write MP3), WAV, M4A, and MP3 with
 * no header, whose length is read by walking every frame of the file.
 */
export const FORMAT_MIX = ['s-vbr.mp3', 's.wav', 's.m4a', 's.mp3'];
/** Every file a headerless MP3: the costliest read (the whole file, ~0.5 MB at 30 s), the worst case. */
export const HEADERLESS_MP3 = ['s.mp3'];
/** The service takes OmniHuman audio under 30 s: a 30 s item's file is 29.9 s, billed as 30 s. */
const LONGEST_FILE_SECONDS = 29.9;

const pathOf = (formats: string[], row: number, seconds: number) =>
	`/audio/${Math.min(seconds, LONGEST_FILE_SECONDS)}${formats[row % formats.length]}`;

/** What the service charges for an item: the rate × its audio's true length, rounded up. */
function chargeOf(path: string): number {
	const seconds = audioFileAt(path)?.seconds ?? Number.NaN;
	return RATE * Math.max(1, Math.ceil(seconds - 1e-9));
}

/** How many jobs fit when the items are admitted in input order, each if it fits beside the ones before. */
function fitInOrder(lengths: number[], formats: string[]): number {
	let spent = 0;
	let jobs = 0;
	for (const [row, seconds] of lengths.entries()) {
		const cost = chargeOf(pathOf(formats, row, seconds));
		if (spent + cost > LIMIT + 1e-9) continue;
		spent += cost;
		jobs++;
	}
	return jobs;
}

/** Creates per second from the second create to the `count`th (all of them by default). */
function pace(sim: Simulator, count?: number): number {
	const times = sim.requestsTo('create').map((request) => request.at).sort((a, b) => a - b).slice(0, count);
	if (times.length < 3) return 0;
	return (times.length - 2) / ((times[times.length - 1] - times[1]) / 1000);
}

async function batch(engine: Engine, sim: Simulator, lengths: number[], formats: string[], maxSpendPerExecution?: number) {
	sim.reset();
	// A batch without the limit costs ~$2,300: each batch starts from a topped-up account.
	sim.balance = 10_000;
	sim.jobDurationMs = 1000;
	sim.setBilling({ videoRates: { 'bytedance/omnihuman': RATE } });
	const count = lengths.length;
	const options = { pollInterval: 0.25, maxWait: 600, maxConcurrentJobs: count, ...(maxSpendPerExecution && { maxSpendPerExecution }) };
	const audioUrl = `={{ "${sim.videoOrigin}" + $json.path + "?row=" + $json.row }}`;
	const workflow = omniHumanWorkflow(createAndWait(options, audioUrl), { continueOnFail: true });
	const rows = items(count, (row) => ({ row, path: pathOf(formats, row, lengths[row]) }));
	const result = await engine.run(workflow, { credentials: credentials(sim), items: rows });
	const output = result.json(NODE);
	const spent = [...sim.jobs.values()].reduce((sum, job) => sum + job.charge.usd, 0);
	const refused = output.filter((item) => item.status === 'refused').length;
	const sent = sim.requestsTo('create').length;
	const reads = sim.requestsTo('audio').length;
	return { spent, refused, sent, reads, jobs: sim.jobs.size, pace: pace(sim), paceOf: (count: number) => pace(sim, count) };
}

type Batch = Awaited<ReturnType<typeof batch>>;

/**
 * The batch with the limit and without it, in turn, `rounds` times: a limited batch makes its ~40 creates in
 * a few hundred milliseconds, so one pause of the machine (a garbage collection, another process) moves its
 * pace by a third; the median of the rounds does not follow one such pause.
 */
async function rounds(engine: Engine, sim: Simulator, lengths: number[], formats: string[], count: number) {
	const limited: Batch[] = [];
	const unlimited: Batch[] = [];
	for (let round = 0; round < count; round++) {
		limited.push(await batch(engine, sim, lengths, formats, LIMIT));
		unlimited.push(await batch(engine, sim, lengths, formats));
	}
	const paces = limited.map((each) => each.pace);
	return {
		limited,
		pace: median(paces),
		paces,
		unlimitedPace: median(unlimited.map((each) => each.pace)),
		burstPace: median(unlimited.map((each, round) => each.paceOf(limited[round].sent))),
		maxSpent: Math.max(...limited.map((each) => each.spent)),
	};
}

/**
 * 7. A batch far above Max Spend per Execution whose speech runs 3–30 s, billed per second: never past the
 * limit, the jobs that fit in input order (within one), the rest refused with nothing sent, at full pace.
 * The pace is the whole batch's, as the target states (medians of `ROUNDS` rounds); the unlimited batch
 * slows as its 1,000 jobs' polls grow, so its first creates (a burst) are shown too. Then the same batch with
 * every file a headerless MP3, the costliest to read: its spend and fit held to the targets, its pace reported.
 */
export async function spendLimitedBatch(engine: Engine, sim: Simulator, count: number, roundCount = 3): Promise<Row[]> {
	const lengths = seededSeconds(count);
	const fits = fitInOrder(lengths, FORMAT_MIX);
	const mix = await rounds(engine, sim, lengths, FORMAT_MIX, roundCount);
	const worst = await rounds(engine, sim, lengths, HEADERLESS_MP3, roundCount);
	const worstFits = fitInOrder(lengths, HEADERLESS_MP3);
	const label = `7. ${count} items of 3–30 s speech (seeded; 30 s as a 29.9 s file, OmniHuman takes under 30 s; MP3 with a Xing header, WAV, M4A, headerless MP3 in turn) at $${RATE} a second, Max Concurrent Jobs ${count}, Max Spend per Execution $${LIMIT}; ${roundCount} rounds, with and without the limit in turn`;
	const ratio = (a: number, b: number) => `${a.toFixed(0)} / ${b.toFixed(0)} (${((100 * a) / b).toFixed(0)} %)`;
	type Rounds = typeof mix;
	const jobsOf = ({ limited }: Rounds) => [...new Set(limited.map((each) => each.jobs))].join(', ');
	const fitEveryRound = ({ limited }: Rounds, fit: number) => limited.every((each) => Math.abs(each.jobs - fit) <= 1);
	const [first] = mix.limited;
	return [
		{ scenario: label, measure: 'spent (USD, as the service charged; the most of any round)', value: mix.maxSpent.toFixed(2), target: `≤ ${LIMIT}`, ok: mix.maxSpent <= LIMIT + 1e-9 },
		{ scenario: '', measure: 'jobs / what fits in input order', value: `${jobsOf(mix)} / ${fits}`, target: 'within one', ok: fitEveryRound(mix, fits) },
		{ scenario: '', measure: 'items refused, nothing sent for them', value: String(first.refused), target: String(count - first.sent), ok: mix.limited.every((each) => each.refused === count - each.sent) },
		{ scenario: '', measure: 'audio requests (an item is read only once its worst case may no longer fit)', value: String(first.reads), target: 'reported', ok: undefined },
		{
			scenario: '',
			measure: `creates/s, 2nd create to the last: with the limit / the same batch without one (medians; with the limit, each round: ${mix.paces.map((each) => each.toFixed(0)).join(', ')})`,
			value: ratio(mix.pace, mix.unlimitedPace),
			target: '≥ 90 %',
			ok: mix.pace >= 0.9 * mix.unlimitedPace,
		},
		{
			scenario: '',
			measure: `the unlimited batch's own first ${first.sent} creates (a burst: no polls yet), creates/s; with the limit as a share of it`,
			value: ratio(mix.pace, mix.burstPace),
			target: 'reported',
			ok: undefined,
		},
		{
			scenario: '',
			measure: 'every file a headerless MP3 (each read walks the whole file): spent; jobs / fit; creates/s with / without the limit',
			value: `$${worst.maxSpent.toFixed(2)}; ${jobsOf(worst)} / ${worstFits}; ${ratio(worst.pace, worst.unlimitedPace)}`,
			target: `≤ ${LIMIT}; within one; pace reported`,
			ok: worst.maxSpent <= LIMIT + 1e-9 && fitEveryRound(worst, worstFits),
		},
	];
}
