import { execFileSync } from 'node:child_process';
import path from 'node:path';

export const PROJECT_ROOT = path.resolve(__dirname, '../..');

export interface Runtime {
	nodeBin: string;
	n8nBin: string;
}

/**
 * Node 24 and n8n from the shared cache (installed on first use; minutes), or the user's own when
 * N8N_BIN and NODE24_BIN are set. Progress goes to stderr.
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
	return { nodeBin: value('NODE24_BIN'), n8nBin: value('N8N_BIN') };
}
