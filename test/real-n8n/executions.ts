import { parse } from 'flatted';
import type { IRunExecutionData } from 'n8n-workflow';

import { waitUntil } from '../support/waitUntil';
import type { N8nInstance } from './instance';

export interface StoredExecution {
	id: string;
	status: string;
	workflowId: string;
	/** The run data, unflattened (n8n stores it with `flatted`). */
	data: IRunExecutionData;
}

interface RawExecution {
	id: string;
	status: string;
	workflowId: string;
	data: string;
}

const FINAL = new Set(['success', 'error', 'canceled', 'crashed']);

/** Starts a stored workflow as the editor's "Execute workflow" button does; returns the execution id. */
export async function runWorkflow(n8n: N8nInstance, workflowId: string, triggerName: string): Promise<string> {
	const workflow = await n8n.rest<Record<string, unknown>>('GET', `/rest/workflows/${workflowId}`);
	const started = await n8n.rest<{ executionId: string }>('POST', `/rest/workflows/${workflowId}/run`, {
		workflowData: workflow,
		triggerToStartFrom: { name: triggerName },
	});
	return started.executionId;
}

export async function getExecution(n8n: N8nInstance, executionId: string): Promise<StoredExecution> {
	const raw = await n8n.rest<RawExecution>('GET', `/rest/executions/${executionId}`);
	return { id: raw.id, status: raw.status, workflowId: raw.workflowId, data: parse(raw.data) as IRunExecutionData };
}

export async function waitForExecution(n8n: N8nInstance, executionId: string, timeoutMs = 120_000): Promise<StoredExecution> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const execution = await getExecution(n8n, executionId).catch(() => undefined);
		if (execution && FINAL.has(execution.status)) return execution;
		if (Date.now() > deadline) throw new Error(`execution ${executionId} still ${execution?.status ?? 'unknown'} after ${timeoutMs} ms`);
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}

/** Output items of a node in a stored execution (first run, first output). */
export function nodeOutput(execution: StoredExecution, nodeName: string) {
	return execution.data.resultData.runData[nodeName]?.[0]?.data?.main?.[0] ?? [];
}

/** Executions of a workflow, newest first. */
export async function listExecutions(n8n: N8nInstance, workflowId: string): Promise<Array<{ id: string; status: string }>> {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const page = await n8n.rest<{ results: Array<{ id: string; status: string }> }>('GET', `/rest/executions?filter=${filter}&limit=100`);
	return page.results;
}

export async function waitUntilPublished(n8n: N8nInstance, workflowId: string, timeoutMs = 60_000) {
	// n8n 1.x has no publication status: `n8n start` activates the workflows it finds active before it
	// says the editor is accessible.
	if (n8n.major < 2) return await waitUntil(() => n8n.logText().includes('Editor is now accessible'), { timeoutMs, intervalMs: 200, what: `workflow ${workflowId} active` });
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const status = await n8n.rest<{ status?: string }>('GET', `/rest/workflows/${workflowId}/publication-status`).catch(() => undefined);
		if (status?.status === 'published') return;
		if (Date.now() > deadline) throw new Error(`workflow ${workflowId} not published after ${timeoutMs} ms (status ${status?.status ?? 'unknown'})`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

/**
 * Stops an execution through the REST API and times until the process running it logs (debug level)
 * `Running node "<node>" finished`, i.e. until the node's execute() has really returned.
 */
export async function stopAndTimeNodeReturn(n8n: N8nInstance, executionId: string, nodeName: string, logLines: () => string[]) {
	const finished = () => logLines().filter((line) => line.includes(`Running node "${nodeName}" finished`)).length;
	const before = finished();
	const stoppedAt = Date.now();
	await n8n.rest('POST', `/rest/executions/${executionId}/stop`);
	await waitUntil(() => finished() > before, { timeoutMs: 10_000 }).catch(() => undefined);
	return { latencyMs: Date.now() - stoppedAt, returned: finished() - before };
}
