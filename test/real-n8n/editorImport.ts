import type { Page } from 'playwright-core';

import { waitUntil } from '../support/waitUntil';
import type { N8nInstance } from './instance';

/**
 * Opens a new workflow, imports `file` through the workflow menu (Import → From file, the editor's file
 * chooser) and waits for the editor to save it (n8n 2.x saves a new workflow itself once it has content:
 * the POST /rest/workflows the editor sends), with `nodeName` among its nodes. Returns the id that save
 * answered, once the page URL shows it.
 */
export async function importThroughEditor(page: Page, n8n: Pick<N8nInstance, 'url'>, file: string, nodeName: string): Promise<string> {
	const saves: Array<{ status: number; id?: string; nodes: string[] }> = [];
	page.on('response', (response) => {
		const request = response.request();
		if (!['POST', 'PATCH'].includes(request.method()) || !/\/rest\/workflows(\/[^/?]+)?$/.test(new URL(response.url()).pathname)) return;
		void response.json().then(
			(body: { data?: { id?: string; nodes?: Array<{ name: string }> } }) => saves.push({ status: response.status(), id: body.data?.id, nodes: (body.data?.nodes ?? []).map((node) => node.name) }),
			() => saves.push({ status: response.status(), nodes: [] }),
		);
	});
	await page.goto(`${n8n.url}/workflow/new`);
	await page.locator('[data-test-id="workflow-menu"]').first().click();
	await page.locator('[data-test-id="workflow-menu-item-import"]').first().hover();
	const chooser = page.waitForEvent('filechooser', { timeout: 15_000 });
	await page.locator('[data-test-id="workflow-menu-item-import-from-file"]').first().click();
	await (await chooser).setFiles(file);
	await page.locator(`[data-test-id="canvas-node"][data-node-name="${nodeName}"]`).first().waitFor({ timeout: 30_000 });
	// Saved with its nodes (not an empty workflow saved before the import landed).
	const savedWithNode = () => saves.find((save) => save.status === 200 && save.id !== undefined && save.nodes.includes(nodeName));
	await waitUntil(() => savedWithNode() !== undefined, { timeoutMs: 30_000, intervalMs: 50, what: 'the editor saving the imported workflow' });
	const saved = savedWithNode()!.id!;
	await page.waitForURL((url) => url.pathname === `/workflow/${saved}`, { timeout: 15_000 });
	return saved;
}

/**
 * Loads the stored workflow in the editor and presses Execute workflow, as a user would; returns once
 * `nodeName` shows its success status on the canvas.
 */
export async function runFromEditor(page: Page, n8n: Pick<N8nInstance, 'url'>, workflowId: string, nodeName: string, timeoutMs = 120_000) {
	await page.goto(`${n8n.url}/workflow/${workflowId}`);
	const node = page.locator(`[data-test-id="canvas-node"][data-node-name="${nodeName}"]`).first();
	await node.waitFor({ timeout: 60_000 });
	await page.keyboard.press('Escape');
	await page.locator('[data-test-id="execute-workflow-button"]').first().click();
	await node.locator('[data-test-id="canvas-node-status-success"]').first().waitFor({ timeout: timeoutMs });
	return node;
}
