import { existsSync } from 'node:fs';
import { chromium, type Page } from 'playwright-core';

import type { N8nInstance } from './instance';

export const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';

export interface Login {
	email: string;
	password: string;
}

/** Headless Chromium (the Debian package) signed in to the editor as `login`; closed when `use` ends. */
export async function withSignedInEditor<T>(n8n: Pick<N8nInstance, 'url'>, login: Login, use: (page: Page) => Promise<T>): Promise<T> {
	if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install the Debian package (apt-get install chromium) or set CHROMIUM_BIN`);
	const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
	try {
		const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
		await page.goto(`${n8n.url}/signin`);
		await page.locator('input[type="email"], input[name="emailOrLdapLoginId"]').first().fill(login.email);
		await page.locator('input[type="password"]').first().fill(login.password);
		await page.keyboard.press('Enter');
		await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: 30_000 });
		return await use(page);
	} finally {
		await browser.close();
	}
}
