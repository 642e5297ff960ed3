import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';
import { mock } from 'jest-mock-extended';
import { BinaryDataService, ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	IExecuteContextData,
	INodeExecutionData,
	IRun,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { createRunExecutionData, Workflow } from 'n8n-workflow';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { TestCredentialsHelper } from './credentials';
import { TestNodeTypes, type NodeProbe } from './nodeTypes';

export interface RunOptions {
	/** Credentials by type name; the OmniHuman node's credential is `aimlApiOmniHumanApi`. */
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/** Items handed to the start node. With items the run is in `trigger` mode (the trigger passes them on). */
	items?: INodeExecutionData[];
	mode?: WorkflowExecuteMode;
	/** The execution context a retry from the Executions list carries over from the execution it retries. */
	contextData?: IExecuteContextData;
}

export interface RunHandle {
	/** Stops the execution, like Stop in the editor. */
	cancel(): void;
	/** The OmniHuman node's own start/return times. */
	probe: NodeProbe;
	done: Promise<EngineResult>;
}

export class EngineResult {
	constructor(readonly run: IRun) {}

	/** Output items of a node (first run, first output). */
	output(nodeName: string): INodeExecutionData[] {
		const task = this.run.data.resultData.runData[nodeName]?.[0];
		if (!task) throw new Error(`Node "${nodeName}" did not run. Error: ${this.run.data.resultData.error?.message ?? 'none'}`);
		return task.data?.main?.[0] ?? [];
	}

	json(nodeName: string) {
		return this.output(nodeName).map((item) => item.json);
	}

	/** The error a node stopped the run with, if any. */
	nodeError(nodeName: string) {
		return this.run.data.resultData.runData[nodeName]?.[0]?.error;
	}

	get error() {
		return this.run.data.resultData.error;
	}

	get status() {
		return this.run.status;
	}
}

/**
 * Runs workflow JSON through n8n-core's WorkflowExecute, the way n8n's own node test harness does:
 * DI container, credentials helper applying the credential type's `authenticate`, real binary data service.
 */
export class Engine {
	readonly nodeTypes = new TestNodeTypes();

	readonly credentialsHelper = new TestCredentialsHelper();

	readonly binaryDataDir = mkdtempSync(path.join(tmpdir(), 'omnihuman-binary-'));

	binaryData!: BinaryDataService;

	/** Everything n8n logged (level, message and metadata as JSON), instead of printing it. */
	readonly logs: string[] = [];

	async init(mode: 'filesystem' | 'default' = 'filesystem'): Promise<this> {
		const config = {
			mode,
			availableModes: ['filesystem'],
			localStoragePath: this.binaryDataDir,
			signingSecret: 'test-signing-secret',
			dbMaxFileSize: 512,
		};
		this.binaryData = new BinaryDataService(config as never, mock(), mock());
		if (mode === 'filesystem') await this.binaryData.init();
		Container.set(BinaryDataService, this.binaryData);
		Container.set(Logger, this.capturingLogger());
		return this;
	}

	private capturingLogger(): Logger {
		const record = (level: string) => (message: string, metadata?: unknown) => {
			this.logs.push(`${level} ${message} ${JSON.stringify(metadata ?? {}, (_key, value: unknown) => (value instanceof Error ? { ...value, message: value.message, stack: value.stack } : value))}`);
		};
		const logger = { error: record('error'), warn: record('warn'), info: record('info'), debug: record('debug') } as unknown as Logger;
		(logger as unknown as { scoped: () => Logger }).scoped = () => logger;
		return logger;
	}

	dispose() {
		rmSync(this.binaryDataDir, { recursive: true, force: true });
	}

	start(workflowData: Pick<IWorkflowBase, 'nodes' | 'connections'> & Partial<IWorkflowBase>, options: RunOptions = {}): RunHandle {
		this.credentialsHelper.credentials = options.credentials ?? {};
		const workflow = new Workflow({
			id: 'test',
			nodes: workflowData.nodes,
			connections: workflowData.connections,
			nodeTypes: this.nodeTypes,
			settings: workflowData.settings,
			active: false,
		});
		const hooks = new ExecutionLifecycleHooks('trigger', '1', mock());
		let resolveFinished!: (run: IRun) => void;
		const finished = new Promise<IRun>((resolve) => (resolveFinished = resolve));
		hooks.addHandler('workflowExecuteAfter', (fullRunData) => resolveFinished(fullRunData));
		const additionalData: IWorkflowExecuteAdditionalData = mock<IWorkflowExecuteAdditionalData>();
		Object.assign(additionalData, {
			executionId: '1',
			hooks,
			instanceBaseUrl: 'http://localhost:5678/',
			restApiUrl: 'http://localhost:5678/rest',
			webhookBaseUrl: 'http://localhost:5678/webhook',
			webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
			webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
			formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
			currentNodeParameters: undefined,
			// Optional features a mock would otherwise answer with a function (and so switch on).
			encryptedRunnerIdentity: undefined,
			evalLlmMockHandler: undefined,
			restartExecutionId: undefined,
			executionTimeoutTimestamp: undefined,
			parentCallbackManager: undefined,
			ssrfBridge: undefined,
			otel: undefined,
			userId: undefined,
			streamingEnabled: false,
			executionContext: undefined,
		});
		additionalData.credentialsHelper = this.credentialsHelper;
		const startNode = workflow.getStartNode();
		if (!startNode) throw new Error('The test workflow has no start node');
		const mode = options.mode ?? (options.items ? 'trigger' : 'manual');
		const runExecutionData = createRunExecutionData({
			executionData: {
				nodeExecutionStack: [{ node: startNode, data: { main: [options.items ?? [{ json: {} }]] }, source: null }],
				...(options.contextData && { contextData: structuredClone(options.contextData) }),
			},
		});
		const probe = this.nodeTypes.nextProbe();
		const execution = new WorkflowExecute(additionalData, mode, runExecutionData).processRunExecutionData(workflow);
		return {
			cancel: () => execution.cancel(),
			probe,
			done: finished.then((run) => new EngineResult(run)),
		};
	}

	async run(workflowData: Parameters<Engine['start']>[0], options: RunOptions = {}): Promise<EngineResult> {
		return await this.start(workflowData, options).done;
	}
}
