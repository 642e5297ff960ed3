import type { Page } from 'playwright-core';

import { withSignedInEditor, type Login } from './editorBrowser';
import { runFromEditor } from './editorImport';
import type { N8nInstance } from './instance';

export interface ViewerVideo {
	durationSeconds: number;
	width: number;
	height: number;
	/** Where playback had got to a few seconds after the viewer opened. */
	playedSeconds: number;
	/** The media error code, when the browser could not decode it. */
	error: number | null;
}

/**
 * Runs a workflow from the editor (Execute workflow), opens its node's output as binary data and presses
 * View, as a user checking the result would; reports the <video> element n8n's viewer shows.
 */
export async function viewVideoInEditor(n8n: Pick<N8nInstance, 'url'>, login: Login, workflowId: string, nodeName: string): Promise<ViewerVideo> {
	return await withSignedInEditor(n8n, login, async (page) => await viewVideoOnPage(page, n8n, workflowId, nodeName));
}

/** `viewVideoInEditor` on a page already signed in (e.g. the one a workflow was just imported on). */
export async function viewVideoOnPage(page: Page, n8n: Pick<N8nInstance, 'url'>, workflowId: string, nodeName: string): Promise<ViewerVideo> {
	const node = await runFromEditor(page, n8n, workflowId, nodeName);
	await node.dblclick();
	const output = page.locator('[data-test-id="output-panel"]');
	await output.waitFor({ timeout: 30_000 });
	await output.locator('[data-test-id="radio-button-binary"]').first().click();
	await output.locator('[data-test-id="ndv-view-binary-data"]').first().click();
	const video = output.locator('video').first();
	await video.waitFor({ timeout: 30_000 });
	// Browser-side code as a string: this project compiles without the DOM types.
	await page.waitForFunction('(document.querySelector("video")?.currentTime ?? 0) > 1 || !!document.querySelector("video")?.error', undefined, { timeout: 30_000 });
	return await video.evaluate((element) => {
		const player = element as unknown as { duration: number; videoWidth: number; videoHeight: number; currentTime: number; error: { code: number } | null };
		return { durationSeconds: player.duration, width: player.videoWidth, height: player.videoHeight, playedSeconds: player.currentTime, error: player.error?.code ?? null };
	});
}
