/**
 * `npm run bench:queue`: videos per minute through the webhook example in queue mode, with simulated
 * jobs of 10 s, for 1 and 2 workers (concurrency 10 each). Appends the figures to bench/results-queue.md.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';

import { QueueCluster } from '../../test/real-n8n/queueCluster';
import { waitUntilPublished } from '../../test/real-n8n/executions';
import { WEBHOOK_WORKFLOW_ID } from '../../test/real-n8n/prepare';
import { TEST_WEBHOOK_SECRET, WEBHOOK_AUTH_HEADER } from '../../test/real-n8n/webhookApi';
import { startSimulator } from '../../test/simulator/server';

const CALLS = Number(process.env.QUEUE_BENCH_CALLS ?? 40);
const JOB_SECONDS = 10;

async function measure(workers: number) {
	const sim = await startSimulator({ jobDurationMs: JOB_SECONDS * 1000 });
	const cluster = new QueueCluster({ sim, workers, workerConcurrency: 10, basePort: 5760 });
	const setupStartedAt = Date.now();
	try {
		await cluster.start((message) => console.error(`[bench:queue] ${workers} worker(s): ${message}`));
		await cluster.workersReady();
		await waitUntilPublished(cluster.main, WEBHOOK_WORKFLOW_ID);
		const setupSeconds = (Date.now() - setupStartedAt) / 1000;
		const startedAt = Date.now();
		const statuses = await Promise.all(
			Array.from({ length: CALLS }, async (_, index) => {
				const response = await fetch(`${cluster.main.url}/webhook/omnihuman`, {
					method: 'POST',
					headers: { 'content-type': 'application/json', [WEBHOOK_AUTH_HEADER]: TEST_WEBHOOK_SECRET },
					body: JSON.stringify({ image_url: 'https://images.example.com/a.png', audio_url: `https://audio.example.com/a.mp3?caller=${index}` }),
				});
				await response.text();
				return response.status;
			}),
		);
		const minutes = (Date.now() - startedAt) / 60_000;
		const ok = statuses.filter((status) => status === 200).length;
		return { workers, ok, seconds: minutes * 60, perMinute: ok / minutes, setupSeconds, creates: sim.requestsTo('create').length };
	} finally {
		await cluster.stop();
		await sim.close();
	}
}

void (async () => {
	const results = [await measure(1), await measure(2)];
	const markdown = [
		`# Queue mode throughput, ${new Date().toISOString()}`,
		'',
		`${CALLS} concurrent webhook calls (example 3, Poll Interval 5 s), simulated jobs of ${JOB_SECONDS} s, worker concurrency 10, PostgreSQL + Redis on 127.0.0.1.`,
		'',
		'| Workers | Videos | Wall time (s) | Videos per minute | Creates sent | Setup (s) |',
		'|---|---|---|---|---|---|',
		...results.map((result) => `| ${result.workers} | ${result.ok}/${CALLS} | ${result.seconds.toFixed(1)} | ${result.perMinute.toFixed(1)} | ${result.creates} | ${result.setupSeconds.toFixed(0)} |`),
		'',
	].join('\n');
	console.log(markdown);
	writeFileSync(path.join(__dirname, '../../bench/results-queue.md'), markdown);
})().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
