import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { SIMULATOR_API_KEY, startSimulator, type Simulator, type SimulatorOptions } from '../simulator/server';
import type { N8nInstance } from './instance';
import { prepareInstance, type PrepareOptions } from './prepare';
import { provisionRuntime, type Runtime } from './runtime';

export interface RealN8n {
	sim: Simulator;
	n8n: N8nInstance;
	userFolder: string;
}

export interface RealN8nOptions extends Pick<PrepareOptions, 'extraWorkflows' | 'publish' | 'env'> {
	port: number;
	/** Name prefix of the throwaway user folder in the temp directory. */
	folderPrefix: string;
	simulator?: SimulatorOptions;
	/** Default: provisioned from the cache (N8N_VERSION picks the release). */
	runtime?: Runtime;
	/** Applied to every workflow file before import, once the simulator is up (e.g. to point links at it). */
	rewriteWorkflows?: (sim: Simulator) => (json: string) => string;
}

/**
 * One test file's real n8n: the simulator, a fresh user folder with the packed package, the credential and the
 * workflows, the server started with an owner. Hands them to `started` before the tests; stops and cleans up
 * after them (E2E_KEEP keeps the folder); clears the simulator's log before every test.
 */
export function useRealN8n(options: RealN8nOptions, started: (instance: RealN8n) => void | Promise<void>) {
	let instance: Partial<RealN8n> = {};
	beforeAll(async () => {
		const runtime = options.runtime ?? provisionRuntime();
		const sim = await startSimulator(options.simulator);
		instance = { sim };
		const userFolder = mkdtempSync(path.join(tmpdir(), options.folderPrefix));
		instance.userFolder = userFolder;
		const { extraWorkflows, publish, env } = options;
		const rewriteWorkflow = options.rewriteWorkflows?.(sim);
		const prepared = await prepareInstance({ runtime, userFolder, port: options.port, apiKey: SIMULATOR_API_KEY, baseUrl: sim.url, extraWorkflows, publish, env, rewriteWorkflow });
		instance.n8n = prepared.instance;
		await prepared.instance.start();
		await prepared.instance.setupOwner();
		await started(instance as RealN8n);
	}, 900_000);
	afterAll(async () => {
		await instance.n8n?.stop();
		await instance.sim?.close();
		if (instance.userFolder && !process.env.E2E_KEEP) rmSync(instance.userFolder, { recursive: true, force: true });
	});
	beforeEach(() => instance.sim?.reset());
}
