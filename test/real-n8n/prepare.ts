import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { N8nInstance } from './instance';
import { buildAndPack, installIntoUserFolder } from './installPackage';
import { PROJECT_ROOT, type Runtime } from './runtime';
import { ASYNC_WEBHOOK_WORKFLOW_ID, SYNC_WEBHOOK_WORKFLOW_ID, TEST_WEBHOOK_SECRET, webhookCredential } from './webhookApi';

export const CREDENTIAL_ID = 'AimlApiOmniHuman';
export const WEBHOOK_WORKFLOW_ID = SYNC_WEBHOOK_WORKFLOW_ID;
export { ASYNC_WEBHOOK_WORKFLOW_ID };
export const EXAMPLES_DIR = path.join(PROJECT_ROOT, 'examples');

export interface PrepareOptions {
	runtime: Runtime;
	userFolder: string;
	port: number;
	apiKey: string;
	baseUrl: string;
	/** The value the webhook examples require in their X-API-Key header (default: the tests' secret). */
	webhookSecret?: string;
	/** Applied to every workflow file before import (the demo points the examples at its sample media). */
	rewriteWorkflow?: (json: string) => string;
	/** Workflow JSON files to import besides the examples. */
	extraWorkflows?: string[];
	/** Workflow ids to publish (webhook/schedule triggers active once the server starts). */
	publish?: string[];
	env?: Record<string, string>;
	/** A tarball already packed (several instances share one). */
	tarball?: string;
	log?: (message: string) => void;
}

export function exampleFiles(): string[] {
	return readdirSync(EXAMPLES_DIR)
		.filter((name) => name.endsWith('.json'))
		.sort()
		.map((name) => path.join(EXAMPLES_DIR, name));
}

/**
 * A fresh n8n user folder as a user would have it after installing the package from the Community
 * Nodes panel: the packed tarball in `.n8n/nodes`, the AI/ML API credential, the example workflows.
 */
export async function prepareInstance(options: PrepareOptions): Promise<{ instance: N8nInstance; tarball: string }> {
	const log = options.log ?? (() => undefined);
	const instance = new N8nInstance({ runtime: options.runtime, userFolder: options.userFolder, port: options.port, env: options.env });
	log('packing the package (npm run build && npm pack)');
	const tarball = options.tarball ?? buildAndPack(path.join(options.userFolder, 'pack'));
	log(`installing ${path.basename(tarball)} into ${path.join(options.userFolder, '.n8n/nodes')}`);
	installIntoUserFolder(options.userFolder, tarball);

	const credentialFile = path.join(options.userFolder, 'credential.json');
	const credential = {
		id: CREDENTIAL_ID,
		name: 'AI/ML API',
		type: 'aimlApiOmniHumanApi',
		data: { apiKey: options.apiKey, baseUrl: options.baseUrl, allowInsecureHttp: false },
	};
	const webhookKey = webhookCredential(options.webhookSecret ?? TEST_WEBHOOK_SECRET);
	writeFileSync(credentialFile, JSON.stringify([credential, webhookKey]), { mode: 0o600 });
	log('importing the credentials and the workflows');
	await instance.mustCli(['import:credentials', `--input=${credentialFile}`]);
	writeFileSync(credentialFile, '[]');
	const workflowsDir = path.join(options.userFolder, 'workflows-to-import');
	mkdirSync(workflowsDir, { recursive: true });
	const rewrite = options.rewriteWorkflow ?? ((json: string) => json);
	for (const file of [...exampleFiles(), ...(options.extraWorkflows ?? [])]) {
		writeFileSync(path.join(workflowsDir, path.basename(file)), rewrite(readFileSync(file, 'utf8')));
	}
	await instance.mustCli(['import:workflow', '--separate', `--input=${workflowsDir}`]);
	for (const id of options.publish ?? []) await instance.publishWorkflow(id);
	return { instance, tarball };
}
