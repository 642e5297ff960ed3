import type { INode, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { Engine, type EngineResult, type RunHandle, type RunOptions } from '../harness/engine';
import { omniHumanWorkflow } from '../harness/workflows';
import { DEFAULT_BALANCE_USD } from '../simulator/account';
import { SIMULATOR_API_KEY, startSimulator, type Simulator, type SimulatorOptions } from '../simulator/server';

export const IMAGE_URL = 'https://images.example.com/portrait.png';
export const AUDIO_URL = 'https://audio.example.com/speech.mp3';

/** The AI/ML API credential pointing at a simulator (engine runs take credentials by type name). */
export function simulatorCredentials(baseUrl: string, overrides: Record<string, unknown> = {}): NonNullable<RunOptions['credentials']> {
	return { aimlApiOmniHumanApi: { apiKey: SIMULATOR_API_KEY, baseUrl, allowInsecureHttp: false, ...overrides } };
}

/** Fast waits for tests: 50 ms polls, 5 s Max Wait. */
export const FAST = { pollInterval: 0.05, maxWait: 5 };

export interface Fixture {
	engine: Engine;
	sim: Simulator;
	credentials(overrides?: Record<string, unknown>): RunOptions['credentials'];
	/** Runs Manual Trigger → OmniHuman → Set (or feeds `items` through the trigger). */
	start(parameters: INodeParameters, options?: RunOptions & { node?: Partial<INode> }): RunHandle;
	run(parameters: INodeParameters, options?: RunOptions & { node?: Partial<INode> }): Promise<EngineResult>;
}

/** One engine and one simulator per test file; the simulator's log is cleared before every test. */
export function useFixture(simulatorOptions: SimulatorOptions = {}): Fixture {
	const fixture = {} as Fixture;
	beforeAll(async () => {
		fixture.engine = await new Engine().init();
		fixture.sim = await startSimulator({ jobDurationMs: 150, ...simulatorOptions });
	});
	beforeEach(() => {
		fixture.sim.reset();
		fixture.sim.jobDurationMs = simulatorOptions.jobDurationMs ?? 150;
		fixture.sim.balance = simulatorOptions.balance ?? DEFAULT_BALANCE_USD;
	});
	afterAll(async () => {
		await fixture.sim.close();
		fixture.engine.dispose();
	});
	fixture.credentials = (overrides = {}) => simulatorCredentials(fixture.sim.url, overrides);
	fixture.start = (parameters, { node, ...options } = {}) =>
		fixture.engine.start(omniHumanWorkflow(parameters, node), { credentials: fixture.credentials(), ...options });
	fixture.run = async (parameters, options) => await fixture.start(parameters, options).done;
	return fixture;
}

export function createAndWait(options: Record<string, unknown> = {}, extra: INodeParameters = {}): INodeParameters {
	return { operation: 'createAndWait', imageUrl: IMAGE_URL, audioUrl: AUDIO_URL, options: { ...FAST, ...options } as INodeParameters, ...extra };
}

export function items(count: number, make: (index: number) => INodeExecutionData['json'] = (index) => ({ row: index })): INodeExecutionData[] {
	return Array.from({ length: count }, (_, index) => ({ json: make(index) }));
}

/** Largest number of simulated jobs that were running (created, not yet reported final) at the same moment. */
export function peakConcurrentJobs(sim: Simulator): number {
	const events = [...sim.jobs.values()].flatMap((job) => [
		{ at: job.createdAt, delta: 1 },
		{ at: job.firstFinalReportAt ?? Number.POSITIVE_INFINITY, delta: -1 },
	]);
	events.sort((a, b) => a.at - b.at || a.delta - b.delta);
	let running = 0;
	let peak = 0;
	for (const event of events) peak = Math.max(peak, (running += event.delta));
	return peak;
}

/** Every string reachable from a value, including Error messages, descriptions, causes and contexts. */
export function allText(value: unknown, seen = new Set<unknown>()): string {
	if (value === null || value === undefined) return '';
	if (typeof value !== 'object') return String(value);
	if (seen.has(value)) return '';
	seen.add(value);
	const keys = new Set([...Object.keys(value), ...(value instanceof Error ? Object.getOwnPropertyNames(value) : [])]);
	if (value instanceof Error) keys.add('cause');
	return [...keys].map((key) => `${key}=${allText((value as Record<string, unknown>)[key], seen)}`).join('\n');
}
