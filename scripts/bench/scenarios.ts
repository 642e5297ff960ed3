import { execFile, spawn } from 'node:child_process';
import diagnostics from 'node:diagnostics_channel';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import type { Engine } from '../../test/harness/engine';
import { omniHumanWorkflow } from '../../test/harness/workflows';
import type { Simulator } from '../../test/simulator/server';
import { items } from '../../test/support/fixture';
import { waitUntil } from '../../test/support/waitUntil';
import { createAndWait, credentials, timedRun } from './measure';
import { median } from './median';

export interface Row {
	scenario: string;
	measure: string;
	value: string;
	target: string;
	ok: boolean | undefined;
}

const fmt = (value: number, digits = 2) => value.toFixed(digits);

/** 1. Wall time of N items vs one job's length T, at the default bound, at N, and one at a time. */
export async function parallelItems(engine: Engine, sim: Simulator, jobSeconds: number): Promise<Row[]> {
	const rowsOut: Row[] = [];
	sim.jobDurationMs = jobSeconds * 1000;
	const interval = jobSeconds / 20;
	await timedRun(engine, sim, createAndWait({ pollInterval: interval, maxWait: 600 }), 5); // warm-up (JIT, sockets)
	for (const count of [1, 5, 20, 50]) {
		const time = async (limit: number) => {
			sim.reset();
			const { wallMs } = await timedRun(engine, sim, createAndWait({ pollInterval: interval, maxWait: 600, maxConcurrentJobs: limit }), count);
			if (sim.peakInFlight > limit) throw new Error(`more than ${limit} requests in flight`);
			return wallMs / 1000;
		};
		const atN = await time(count);
		const atDefault = await time(10);
		const sequential = await time(1);
		const target = count === 20 ? '≤ 1.30 × T' : '';
		rowsOut.push(
			{ scenario: `1. ${count} items, T = ${jobSeconds} s`, measure: 'Max Concurrent Jobs = N: wall ÷ T', value: fmt(atN / jobSeconds), target, ok: count === 20 ? atN / jobSeconds <= 1.3 : undefined },
			{ scenario: '', measure: 'Max Concurrent Jobs = 10 (default): wall ÷ T', value: fmt(atDefault / jobSeconds), target: '', ok: undefined },
			{ scenario: '', measure: 'Max Concurrent Jobs = 1 (sequential): wall ÷ T', value: fmt(sequential / jobSeconds), target: '', ok: undefined },
			{ scenario: '', measure: 'speed-up at N vs sequential', value: `${fmt(sequential / atN, 1)}×`, target: '', ok: undefined },
		);
	}
	return rowsOut;
}

/** When the node's HTTP client sent each poll, per generation id (Node's own http diagnostics channel). */
function recordPollsSent(): { sent: Map<string, number[]>; stop: () => void } {
	const sent = new Map<string, number[]>();
	const onStart = (message: unknown) => {
		const { request } = message as { request: { path: string; method: string } };
		const url = new URL(request.path, 'http://x');
		const id = url.searchParams.get('generation_id');
		if (request.method === 'GET' && url.pathname === '/v2/video/generations' && id) sent.set(id, [...(sent.get(id) ?? []), Date.now()]);
	};
	diagnostics.subscribe('http.client.request.start', onStart);
	return { sent, stop: () => diagnostics.unsubscribe('http.client.request.start', onStart) };
}

/** 2. Jobs ending at random times: lag from completion to the poll that sees it, polls per job, gaps between polls. */
export async function detectionLag(engine: Engine, sim: Simulator): Promise<Row[]> {
	sim.reset();
	const intervalS = 0.25;
	const durations = Array.from({ length: 30 }, (_, index) => 400 + ((index * 7919) % 1600));
	const audio = '={{ "https://audio.example.com/a.mp3?row=" + $json.row + "&sim-duration=" + $json.ms }}';
	const recorder = recordPollsSent();
	try {
		await engine.run(omniHumanWorkflow(createAndWait({ pollInterval: intervalS, maxWait: 60, maxConcurrentJobs: 30 }, audio)), {
			credentials: credentials(sim),
			items: items(30, (row) => ({ row, ms: durations[row] })),
		});
	} finally {
		recorder.stop();
	}
	let maxLag = 0;
	let worstPollExcess = -Infinity;
	let minGap = Infinity;
	for (const job of sim.jobs.values()) {
		const sentAt = recorder.sent.get(job.id) ?? [];
		const completedAt = job.createdAt + job.durationMs;
		// The last poll is the one that saw the job final (sent just before completion, it may already see it).
		maxLag = Math.max(maxLag, (sentAt.at(-1) ?? Infinity) - completedAt);
		worstPollExcess = Math.max(worstPollExcess, sentAt.length - (Math.ceil(job.durationMs / (intervalS * 1000)) + 1));
		for (let index = 1; index < sentAt.length; index++) minGap = Math.min(minGap, sentAt[index] - sentAt[index - 1]);
	}
	return [
		{ scenario: '2. 30 jobs, 0.4–2 s, interval 0.25 s', measure: 'max lag completion → sending the poll that sees it (ms)', value: fmt(maxLag, 0), target: '≤ 250 (one interval)', ok: maxLag <= 250 },
		{ scenario: '', measure: 'max polls per job − (⌈T / interval⌉ + 1)', value: String(worstPollExcess), target: '≤ 0', ok: worstPollExcess <= 0 },
		{ scenario: '', measure: 'min gap between polls of a job, as sent (ms)', value: fmt(minGap, 0), target: '≥ 245 (interval, less send-path jitter)', ok: minGap >= 245 },
	];
}

/** 3. Cancel in the middle of a 60 s interval: time until the node returns. */
export async function stopLatency(engine: Engine, sim: Simulator): Promise<Row[]> {
	const latencies: number[] = [];
	for (let attempt = 0; attempt < 5; attempt++) {
		sim.reset();
		sim.jobDurationMs = 600_000;
		const run = engine.start(omniHumanWorkflow(createAndWait({ pollInterval: 60, maxWait: 3600, maxConcurrentJobs: 10 })), { credentials: credentials(sim), items: items(10) });
		await waitUntil(() => sim.jobs.size === 10, { intervalMs: 5 });
		await new Promise((resolve) => setTimeout(resolve, 200 + attempt * 100));
		const cancelledAt = Date.now();
		run.cancel();
		latencies.push((await run.probe.settled) - cancelledAt);
		await run.done;
	}
	const max = Math.max(...latencies);
	return [{ scenario: '3. Stop mid 60 s interval (10 items, ×5)', measure: 'max / median time until the node returns (ms)', value: `${max} / ${median(latencies)}`, target: '< 1000', ok: max < 1000 }];
}

/** 4. Download Video of a large file in a fresh process: RSS growth and throughput, against curl of the same URL. */
/** Runs download.ts in a fresh process (so its RSS is its own) and returns the JSON line it prints last. */
async function downloadChild(env: Record<string, string>): Promise<Record<string, number | string>> {
	const child = spawn(process.execPath, [...process.execArgv, path.join(__dirname, 'download.ts')], {
		env: { ...process.env, ...env },
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	let stdout = '';
	child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
	const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
	const line = stdout.trim().split('\n').pop() ?? '';
	if (!line.startsWith('{')) return { crashed: `exit ${code}`, output: stdout.slice(-300) };
	return JSON.parse(line) as Record<string, number | string>;
}

export async function streamedDownload(sim: Simulator, bytes: number, mode: 'filesystem' | 'default', maxVideoSizeMb?: number): Promise<Record<string, number | string>> {
	sim.reset();
	sim.jobDurationMs = 50;
	sim.videoBytes = bytes;
	return await downloadChild({ SIM_URL: sim.url, BINARY_MODE: mode, MAX_VIDEO_MB: String(maxVideoSizeMb ?? 2048) });
}

/** The same file through Node's own http + fs.promises.writeFile (n8n's filesystem store), in a fresh process. */
export async function rawNodeThroughput(sim: Simulator): Promise<number> {
	const [job] = sim.jobs.values();
	const { seconds, bytes } = await downloadChild({ RAW_URL: `${sim.url}/videos/${job.uuid}.mp4` });
	return Number(bytes) / 1024 / 1024 / Number(seconds);
}

export async function curlThroughput(sim: Simulator): Promise<number> {
	const [job] = sim.jobs.values();
	const dir = mkdtempSync(path.join(tmpdir(), 'omnihuman-curl-'));
	const file = path.join(dir, 'video.mp4');
	const url = `${sim.url}/videos/${job.uuid}.mp4`;
	const startedAt = performance.now();
	await promisify(execFile)('curl', ['-sS', '-o', file, url]);
	const seconds = (performance.now() - startedAt) / 1000;
	const size = statSync(file).size;
	rmSync(dir, { recursive: true, force: true });
	return size / 1024 / 1024 / seconds;
}

/** 5. CPU time of the node (with the simulator in the same process: an upper bound) per poll and per item. */
export async function overhead(engine: Engine, sim: Simulator, count: number) {
	sim.reset();
	sim.jobDurationMs = 1000;
	const cpuBefore = process.cpuUsage();
	await timedRun(engine, sim, createAndWait({ pollInterval: 0.1, maxWait: 60, maxConcurrentJobs: count }), count);
	const cpu = process.cpuUsage(cpuBefore);
	const cpuMs = (cpu.user + cpu.system) / 1000;
	const polls = sim.requestsTo('poll').length;
	const requests = sim.requests.length;
	return { cpuMs, polls, perPollMs: cpuMs / polls, perItemMs: cpuMs / count, requestsPerJob: requests / count, pollsPerJob: polls / count };
}


/** 6. A batch far above the service's create rate limit: every item gets its video, each created once, at the pace allowed. */
export async function rateLimitedBatch(engine: Engine, sim: Simulator, count: number, retryAfter: boolean): Promise<Row[]> {
	sim.reset();
	sim.jobDurationMs = 2000;
	const limit = { creates: 50, windowMs: 5000, retryAfter };
	sim.limitCreates(limit);
	const rssBefore = process.memoryUsage().rss;
	let rssPeak = rssBefore;
	const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 100);
	const cpuBefore = process.cpuUsage();
	let output: Awaited<ReturnType<typeof timedRun>>['output'] = [];
	let failure = '';
	try {
		({ output } = await timedRun(engine, sim, createAndWait({ pollInterval: 0.5, maxWait: 600, maxConcurrentJobs: count }), count));
	} catch (error) {
		failure = error instanceof Error ? error.message : String(error);
	} finally {
		clearInterval(sampler);
	}
	const cpu = process.cpuUsage(cpuBefore);
	const jobs = [...sim.jobs.values()].sort((a, b) => a.createdAt - b.createdAt);
	const refused = sim.rateLimit?.refused ?? 0;
	const spanS = jobs.length > 1 ? (jobs[jobs.length - 1].createdAt - jobs[0].createdAt) / 1000 : 0;
	// Creates per second between the first and the last one (n creates span n − 1 gaps).
	const achieved = spanS > 0 ? (jobs.length - 1) / spanS : 0;
	const allowed = limit.creates / (limit.windowMs / 1000);
	const videos = output.filter((item) => typeof item.json.videoUrl === 'string').length;
	const polls = sim.requestsTo('poll').length;
	const label = `6. ${count} items at Max Concurrent Jobs ${count}, limit ${limit.creates} creates / ${limit.windowMs / 1000} s ${retryAfter ? 'with' : 'without'} Retry-After, 2 s jobs`;
	return [
		{ scenario: label, measure: 'videos; failed items', value: `${videos}; ${count - videos}${failure ? ` (${failure.slice(0, 60)})` : ''}`, target: `${count}; 0`, ok: videos === count },
		{ scenario: '', measure: 'jobs created; create requests sent', value: `${jobs.length}; ${sim.requestsTo('create').length}`, target: `jobs = ${count}`, ok: jobs.length === count },
		{ scenario: '', measure: 'achieved create rate, first to last create / service limit (per s)', value: `${fmt(achieved)} / ${fmt(allowed)} (${fmt((100 * achieved) / allowed, 0)} %)`, target: retryAfter ? '≥ 90 %' : 'reported', ok: retryAfter ? achieved >= 0.9 * allowed : undefined },
		{ scenario: '', measure: '429 answers (% of items)', value: `${refused} (${fmt((100 * refused) / count, 1)} %)`, target: retryAfter ? '≤ 5 %' : 'reported', ok: retryAfter ? refused <= 0.05 * count : undefined },
		{ scenario: '', measure: 'peak RSS growth per item (KiB, incl. simulator)', value: fmt((rssPeak - rssBefore) / 1024 / count, 1), target: 'reported', ok: undefined },
		{ scenario: '', measure: 'CPU per request (ms, incl. simulator); polls', value: `${fmt((cpu.user + cpu.system) / 1000 / Math.max(sim.requests.length, 1))}; ${polls}`, target: 'reported', ok: undefined },
	];
}
