import type { Page } from 'playwright-core';

import { withSignedInEditor, type Login } from './editorBrowser';
import type { N8nInstance } from './instance';

export interface SearchResult {
	query: string;
	/** The panel's title when the query was typed ("What happens next?" is the main search). */
	panelTitle: string;
	/** Names of the nodes listed, in order. */
	names: string[];
	/** Whether `displayName` was among them. */
	found: boolean;
	/** Everything the panel showed (a sub-node is listed under a "… (sub-nodes)" heading). */
	panelText: string;
}

const CREATOR = '[data-test-id="node-creator"]';
const ITEM_NAME = '[data-test-id="node-creator-item-name"]';

/**
 * Opens a workflow in the editor, opens the node panel as a user adding a step does (the "+" button) and
 * types each query into its search box (cleared in between), recording what the panel lists.
 */
export async function searchNodePanel(n8n: N8nInstance, login: Login, workflowId: string, displayName: string, queries: string[]): Promise<SearchResult[]> {
	return await withSignedInEditor(n8n, login, async (page) => {
		await page.goto(`${n8n.url}/workflow/${workflowId}`);
		await page.locator('[data-test-id="canvas-node"]').first().waitFor({ timeout: 60_000 });
		await openNodePanel(page);
		const results: SearchResult[] = [];
		for (const query of queries) {
			const search = page.locator('[data-test-id="node-creator-search-bar"]');
			await search.fill('');
			await search.pressSequentially(query, { delay: 20 });
			const listed = page.locator(`${CREATOR} ${ITEM_NAME}`).filter({ hasText: new RegExp(`^\\s*${escapeRegExp(displayName)}\\s*$`) });
			const noResults = page.locator(`${CREATOR} [data-test-id="node-creator-no-results"]`);
			await listed.or(noResults).first().waitFor({ timeout: 15_000 }).catch(() => undefined);
			results.push({
				query,
				panelTitle: await creatorTitle(page),
				names: (await page.locator(`${CREATOR} ${ITEM_NAME}`).allInnerTexts()).map((name) => name.trim()),
				found: (await listed.count()) > 0,
				panelText: await page.locator(CREATOR).innerText(),
			});
		}
		return results;
	});
}

async function openNodePanel(page: Page) {
	await page.locator('[data-test-id="node-creator-plus-button"]').click();
	await page.locator('[data-test-id="node-creator-search-bar"]').waitFor({ timeout: 15_000 });
}

async function creatorTitle(page: Page): Promise<string> {
	return (await page.locator(CREATOR).innerText()).trim().split('\n')[0];
}

function escapeRegExp(text: string) {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
