/**
 * `npm run bench`: the node through the n8n engine against the simulator; prints a table and writes
 * bench/results.md. Each figure is measured in the same run as its baseline. Targets are reported, not
 * asserted: the exit code is 1 only when the benchmark itself could not run.
 */
import './jestShim';

import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { Engine } from '../../test/harness/engine';
import { startSimulator } from '../../test/simulator/server';
import { lengthReading } from './lengthReading';
import { spendLimitedBatch } from './spendLimit';
import { curlThroughput, rawNodeThroughput, detectionLag, overhead, parallelItems, rateLimitedBatch, stopLatency, streamedDownload, type Row } from './scenarios';

const GiB = 1024 * 1024 * 1024;
const quick = process.env.BENCH_QUICK === '1';

async function main() {
	const startedAt = Date.now();
	const engine = await new Engine().init('filesystem');
	const sim = await startSimulator({ jobDurationMs: 1000 });
	const table: Row[] = [];
	const step = (name: string) => console.error(`[bench] ${name} (${Math.round((Date.now() - startedAt) / 1000)} s)`);
	try {
		step('1. parallel items');
		table.push(...(await parallelItems(engine, sim, quick ? 0.5 : 1)));
		step('2. detection lag');
		table.push(...(await detectionLag(engine, sim)));
		step('3. stop latency');
		table.push(...(await stopLatency(engine, sim)));

		const size = quick ? GiB / 16 : GiB;
		const sizeLabel = `${size / 1024 / 1024} MiB`;
		step(`4. streamed download of ${sizeLabel} (filesystem mode)`);
		const fs = await streamedDownload(sim, size, 'filesystem');
		const curl = await curlThroughput(sim);
		const rawNode = await rawNodeThroughput(sim);
		const nodeMBs = size / 1024 / 1024 / Number(fs.seconds);
		table.push(
			{ scenario: `4. Download Video, ${sizeLabel}, filesystem mode`, measure: 'peak RSS growth (MiB); bytes stored', value: `${Number(fs.rssGrowthMiB).toFixed(1)}; ${String(fs.bytes)}`, target: '< 64', ok: Number(fs.rssGrowthMiB) < 64 && Number(fs.bytes) === size },
			{ scenario: '', measure: 'throughput: node in n8n / curl -o file (MB/s)', value: `${nodeMBs.toFixed(0)} / ${curl.toFixed(0)}`, target: 'node ≥ curl ÷ 2', ok: nodeMBs >= curl / 2 },
			{ scenario: '', measure: 'baseline: plain Node http → fs.promises.writeFile, as n8n stores streams (MB/s)', value: rawNode.toFixed(0), target: 'reported', ok: undefined },
		);
		const memorySize = quick ? GiB / 32 : GiB / 4;
		step(`4b. default (in-memory) mode, ${memorySize / 1024 / 1024} MiB`);
		const memory = await streamedDownload(sim, memorySize, 'default');
		table.push({ scenario: `4b. same, default (in-memory) mode, ${memorySize / 1024 / 1024} MiB`, measure: 'peak RSS growth (MiB)', value: memory.error ? `fails: ${memory.error}` : Number(memory.rssGrowthMiB).toFixed(0), target: 'reported (the video is held in memory)', ok: undefined });
		step('4c. default mode, video above Max Video Size');
		const limitMb = memorySize / 1024 / 1024 / 2;
		const refused = await streamedDownload(sim, memorySize, 'default', limitMb);
		table.push({ scenario: `4c. same, Max Video Size ${limitMb} MB`, measure: 'outcome', value: String(refused.error || 'downloaded').slice(0, 90), target: 'clear error, no crash', ok: /Max Video Size/.test(String(refused.error)) });

		step('5. overhead with 20 and 200 items');
		const small = await overhead(engine, sim, 20);
		const large = await overhead(engine, sim, 200);
		table.push(
			{ scenario: '5. 200 items, T = 1 s, interval 0.1 s', measure: 'CPU per poll (ms, incl. simulator)', value: `${large.perPollMs.toFixed(2)} (20 items: ${small.perPollMs.toFixed(2)})`, target: 'flat in item count', ok: large.perPollMs <= small.perPollMs * 2 },
			{ scenario: '', measure: 'CPU per item (ms, incl. simulator)', value: large.perItemMs.toFixed(1), target: '', ok: undefined },
			{ scenario: '', measure: 'requests per job (1 create + polls)', value: large.requestsPerJob.toFixed(1), target: `≤ ${Math.ceil(1 / 0.1) + 2}`, ok: large.requestsPerJob <= Math.ceil(1 / 0.1) + 2 },
		);
		const batch = quick ? 200 : 1000;
		step(`6. rate-limited batch of ${batch} items, with Retry-After`);
		table.push(...(await rateLimitedBatch(engine, sim, batch, true)));
		step(`6b. the same without Retry-After`);
		table.push(...(await rateLimitedBatch(engine, sim, batch, false)));
		step(`7. spend-limited batch of ${batch} items`);
		table.push(...(await spendLimitedBatch(engine, sim, batch)));
		step('8. length reading of audio URLs');
		table.push(...(await lengthReading()));
	} finally {
		await sim.close();
		engine.dispose();
	}

	const header = `Benchmark of n8n-nodes-omnihuman, ${new Date().toISOString()} — ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / GiB)} GiB, Node ${process.version}${quick ? ' (BENCH_QUICK)' : ''}; total ${Math.round((Date.now() - startedAt) / 1000)} s`;
	const markdown = [
		`# ${header}`,
		'',
		'| Scenario | Measure | Value | Target | Met |',
		'|---|---|---|---|---|',
		...table.map((row) => `| ${row.scenario} | ${row.measure} | ${row.value} | ${row.target} | ${row.ok === undefined ? '' : row.ok ? 'yes' : '**no**'} |`),
		'',
	].join('\n');
	console.log(`\n${markdown}`);
	writeFileSync(path.join(__dirname, '../../bench/results.md'), markdown);
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
