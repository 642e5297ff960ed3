import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

import type { N8nInstance } from './instance';

export const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';

/**
 * Signs in to the editor, opens a workflow and its OmniHuman node, and saves two screenshots: the
 * canvas and the node's parameter panel.
 */
export async function screenshotNode(n8n: N8nInstance, login: { email: string; password: string }, workflowId: string, nodeName: string, outDir: string) {
	if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install the Debian package (apt-get install chromium) or set CHROMIUM_BIN`);
	mkdirSync(outDir, { recursive: true });
	const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
	try {
		const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
		await page.goto(`${n8n.url}/signin`);
		await page.locator('input[type="email"], input[name="emailOrLdapLoginId"]').first().fill(login.email);
		await page.locator('input[type="password"]').first().fill(login.password);
		await page.keyboard.press('Enter');
		await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: 30_000 });
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
	} finally {
		await browser.close();
	}
}
