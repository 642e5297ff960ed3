import { execFileSync } from 'node:child_process';
import { readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';

export const PROJECT_ROOT = path.resolve(__dirname, '../..');

export interface Runtime {
	nodeBin: string;
	n8nBin: string;
	/** The n8n release behind `n8nBin`, e.g. "2.41.1" or "1.123.81". */
	n8nVersion: string;
}

/**
 * Node 24 and n8n from the shared cache (installed on first use; minutes), or the user's own when
 * N8N_BIN and NODE24_BIN are set. N8N_VERSION picks the release (see scripts/provision-runtime.sh).
 * Progress goes to stderr.
 */
export function provisionRuntime(): Runtime {
	const output = execFileSync('bash', [path.join(PROJECT_ROOT, 'scripts/provision-runtime.sh')], {
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	const value = (name: string) => {
		const line = output.split('\n').find((candidate) => candidate.startsWith(`${name}=`));
		if (!line) throw new Error(`provision-runtime.sh did not print ${name}`);
		return line.slice(name.length + 1).replace(/\\(.)/g, '$1');
	};
	const n8nBin = value('N8N_BIN');
	return { nodeBin: value('NODE24_BIN'), n8nBin, n8nVersion: n8nVersionOf(n8nBin) };
}

/** The major version of the n8n a runtime runs (1 or 2): the REST API and CLI differ between them. */
export function n8nMajor(runtime: Runtime): number {
	return Number(runtime.n8nVersion.split('.')[0]);
}

/** `node_modules/.bin/n8n` links to `node_modules/n8n/bin/n8n`, next to n8n's package.json. */
function n8nVersionOf(n8nBin: string): string {
	const packageJson = path.join(path.dirname(realpathSync(n8nBin)), '..', 'package.json');
	return (JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string }).version;
}
