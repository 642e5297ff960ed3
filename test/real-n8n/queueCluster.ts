import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { SIMULATOR_API_KEY, type Simulator } from '../simulator/server';
import type { N8nInstance } from './instance';
import { prepareInstance, WEBHOOK_WORKFLOW_ID } from './prepare';
import { provisionRuntime } from './runtime';
import { startPostgres, startRedis } from './services';

export interface QueueClusterOptions {
	sim: Simulator;
	workers: number;
	/** Executions one worker runs at once (`n8n worker --concurrency`). */
	workerConcurrency?: number;
	basePort: number;
	extraWorkflows?: string[];
	env?: Record<string, string>;
}

interface Worker {
	process: ChildProcess;
	pid: number;
}

/**
 * n8n in queue mode on 127.0.0.1: PostgreSQL (throwaway cluster), Redis, one main process taking
 * webhooks and REST calls, and `workers` worker processes. Binary data in the database.
 */
export class QueueCluster {
	main!: N8nInstance;

	readonly workers: Worker[] = [];

	private postgres?: { stop: () => void };

	private redis?: ChildProcess;

	private userFolder = '';

	constructor(readonly options: QueueClusterOptions) {}

	get env(): Record<string, string> {
		const { basePort } = this.options;
		return {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(basePort + 1),
			DB_POSTGRESDB_USER: 'postgres',
			DB_POSTGRESDB_DATABASE: 'n8n',
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(basePort + 2),
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
			N8N_DEFAULT_BINARY_DATA_MODE: 'database',
			OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
			N8N_LOG_LEVEL: 'debug',
			N8N_LOG_FORMAT: 'text',
			NO_COLOR: '1',
			...this.options.env,
		};
	}

	async start(log: (message: string) => void = () => undefined) {
		const { basePort } = this.options;
		log('starting PostgreSQL and Redis');
		this.postgres = await startPostgres(basePort + 1);
		this.redis = await startRedis(basePort + 2);
		this.userFolder = mkdtempSync(path.join(tmpdir(), 'omnihuman-queue-'));
		log('preparing n8n (packed tarball, credential, workflows)');
		({ instance: this.main } = await prepareInstance({
			runtime: provisionRuntime(),
			userFolder: this.userFolder,
			port: basePort,
			apiKey: SIMULATOR_API_KEY,
			baseUrl: this.options.sim.url,
			extraWorkflows: this.options.extraWorkflows,
			publish: [WEBHOOK_WORKFLOW_ID],
			env: this.env,
		}));
		log('starting the main process and the workers');
		await this.main.start({ QUEUE_HEALTH_CHECK_PORT: String(basePort + 3) });
		for (let index = 0; index < this.options.workers; index++) this.startWorker();
		await this.main.setupOwner();
	}

	startWorker(): Worker {
		const index = this.workers.length;
		const port = this.options.basePort + 10 + index * 2;
		const child = this.main.startProcess(['worker', `--concurrency=${this.options.workerConcurrency ?? 10}`], {
			QUEUE_HEALTH_CHECK_PORT: String(port),
			N8N_RUNNERS_BROKER_PORT: String(port + 1),
		});
		const worker = { process: child, pid: child.pid! };
		this.workers.push(worker);
		return worker;
	}

	/** Waits until every running worker answers its health check. */
	async workersReady(timeoutMs = 120_000) {
		const deadline = Date.now() + timeoutMs;
		for (const [index, worker] of this.workers.entries()) {
			if (worker.process.exitCode !== null || worker.process.signalCode !== null) continue;
			const port = this.options.basePort + 10 + index * 2;
			for (;;) {
				const ok = await fetch(`http://127.0.0.1:${port}/healthz/readiness`).then((response) => response.ok, () => false);
				if (ok) break;
				if (Date.now() > deadline) throw new Error(`worker ${index} not ready after ${timeoutMs} ms; see ${this.main.logFile}`);
				await new Promise((resolve) => setTimeout(resolve, 250));
			}
		}
	}

	/** Execution ids each worker started, read from its log ("Worker started execution N"). */
	executionsByWorker(): Map<number, string[]> {
		const byWorker = new Map<number, string[]>(this.workers.map((worker) => [worker.pid, []]));
		for (const line of this.main.logText().split('\n')) {
			const match = /^\[worker (\d+)\] .*Worker started execution (\d+)/.exec(line);
			if (match) byWorker.get(Number(match[1]))?.push(match[2]);
		}
		return byWorker;
	}

	/** Lines of one worker's log. */
	workerLog(pid: number): string[] {
		return this.main
			.logText()
			.split('\n')
			.filter((line) => line.startsWith(`[worker ${pid}]`));
	}

	async stop() {
		await this.main?.stop();
		this.redis?.kill();
		try {
			this.postgres?.stop();
		} catch {
			// already gone
		}
		if (this.userFolder && !process.env.E2E_KEEP) rmSync(this.userFolder, { recursive: true, force: true });
	}
}
