import { mkdirSync } from 'node:fs';
import path from 'node:path';

import { withSignedInEditor, type Login } from './editorBrowser';
import type { N8nInstance } from './instance';

/**
 * Signs in to the editor, opens a workflow and its OmniHuman node, and saves two screenshots: the
 * canvas and the node's parameter panel.
 */
export async function screenshotNode(n8n: N8nInstance, login: Login, workflowId: string, nodeName: string, outDir: string) {
	mkdirSync(outDir, { recursive: true });
	return await withSignedInEditor(n8n, login, async (page) => {
		await page.goto(`${n8n.url}/workflow/${workflowId}`);
		const node = page.locator(`[data-test-id="canvas-node"][data-node-name="${nodeName}"]`).first();
		await node.waitFor({ timeout: 60_000 });
		await page.keyboard.press('Escape');
		await page.waitForTimeout(1000);
		const canvas = path.join(outDir, 'workflow-canvas.png');
		await page.screenshot({ path: canvas });
		await node.dblclick();
		await page.locator('[data-test-id="ndv"], [data-test-id="node-parameters"]').first().waitFor({ timeout: 30_000 });
		await page.waitForTimeout(1000);
		const panel = path.join(outDir, 'omnihuman-node.png');
		await page.screenshot({ path: panel });
		return { canvas, panel };
	});
}
