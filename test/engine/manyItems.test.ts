import { NODE } from '../harness/workflows';
import { createAndWait, items, useFixture } from '../support/fixture';

const fx = useFixture({ jobDurationMs: 300 });

type Fate = 'good' | 'error-message' | 'failed-detail' | 'completed-no-url' | 'bad-input';
const EXPECTED: Record<Exclude<Fate, 'good'>, RegExp> = {
	'error-message': /No face was detected/,
	'failed-detail': /Audio longer than 30 seconds/,
	'completed-no-url': /no video URL/,
	'bad-input': /^Image URL "not a url" is not a URL/,
};

/** Deterministic "random" (mulberry32), so a failure can be replayed with the printed seed. */
function random(seed: number) {
	return () => {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function plan(seed: number, count = 50): Fate[] {
	const next = random(seed);
	const faults: Fate[] = ['error-message', 'failed-detail', 'completed-no-url', 'bad-input'];
	return Array.from({ length: count }, () => (next() < 1 / 3 ? faults[Math.floor(next() * faults.length)] : 'good'));
}

/** Each item carries its fate; transient noise (503s, resets, 429s) hits whichever requests come next. */
function arrange(fates: Fate[]) {
	fx.sim.faults.add('poll', { type: 'status', status: 503 }, 15);
	fx.sim.faults.add('poll', { type: 'drop' }, 5);
	fx.sim.faults.add('create', { type: 'status', status: 429, retryAfter: '0' }, 3);
	const parameters = createAndWait(
		{ pollInterval: 0.05, maxWait: 10 },
		{
			imageUrl: '={{ $json.fate === "bad-input" ? "not a url" : "https://images.example.com/p.png" }}',
			audioUrl: '={{ "https://audio.example.com/a.mp3?row=" + $json.row + ($json.fate === "good" || $json.fate === "bad-input" ? "" : "&sim-outcome=" + $json.fate) }}',
		},
	);
	return { parameters, input: items(fates.length, (row) => ({ row, fate: fates[row] })) };
}

const jobOfRow = (row: number) => [...fx.sim.jobs.values()].filter((job) => new URL(String(job.request.audio_url)).searchParams.get('row') === String(row));

const SEED = Number(process.env.FAULT_SEED ?? 20261124);

test(`50 items, a random third faulty, Continue On Fail: nothing dropped, duplicated or reordered (seed ${SEED})`, async () => {
	const fates = plan(SEED);
	expect(fates.filter((fate) => fate !== 'good').length).toBeGreaterThanOrEqual(10);
	const { parameters, input } = arrange(fates);
	const result = await fx.run(parameters, { items: input, node: { continueOnFail: true } });
	const output = result.output(NODE);
	expect(output).toHaveLength(50);
	for (const [row, fate] of fates.entries()) {
		const item = output[row];
		expect(item.pairedItem).toEqual({ item: row });
		const jobs = jobOfRow(row);
		expect(jobs).toHaveLength(fate === 'bad-input' ? 0 : 1);
		if (fate === 'good') {
			expect(item.json).toMatchObject({ id: jobs[0].id, status: 'completed', videoUrl: expect.stringContaining(jobs[0].uuid) });
		} else {
			expect(item.json.error).toMatch(EXPECTED[fate]);
			expect(item.json.id).toBe(jobs[0]?.id);
		}
	}
	const sentJobs = fates.filter((fate) => fate !== 'bad-input').length;
	expect(fx.sim.jobs.size).toBe(sentJobs);
	expect(fx.sim.requestsTo('create')).toHaveLength(sentJobs + 3);
});

test(`50 items, a random third faulty, Continue On Fail off: the first error stops the run and names its item (seed ${SEED})`, async () => {
	const fates = plan(SEED);
	const { parameters, input } = arrange(fates);
	const result = await fx.run(parameters, { items: input });
	expect(result.status).toBe('error');
	const error = result.nodeError(NODE)! as Error & { context?: { itemIndex?: number } };
	const itemIndex = error.context!.itemIndex!;
	const fate = fates[itemIndex];
	expect(fate).not.toBe('good');
	expect(error.message).toMatch(EXPECTED[fate as Exclude<Fate, 'good'>]);
	for (const job of fx.sim.jobs.values()) expect(jobOfRow(Number(new URL(String(job.request.audio_url)).searchParams.get('row')))).toHaveLength(1);
});
