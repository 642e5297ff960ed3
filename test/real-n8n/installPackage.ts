import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { PROJECT_ROOT } from './runtime';

const quiet = { cwd: PROJECT_ROOT, encoding: 'utf8' as const, stdio: ['ignore', 'pipe', 'pipe'] as ['ignore', 'pipe', 'pipe'] };

/** Builds the package and packs it exactly as `npm publish` would; returns the tarball's path. */
export function buildAndPack(destination: string): string {
	mkdirSync(destination, { recursive: true });
	execFileSync('npm', ['run', 'build'], quiet);
	const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', destination], quiet)) as Array<{ filename: string }>;
	return path.join(destination, packed.filename);
}

/**
 * Installs the tarball where n8n's Community Nodes installer puts packages: `<user folder>/.n8n/nodes`.
 * Peer dependencies (n8n-workflow) are provided by n8n itself, so they are not installed.
 */
export function installIntoUserFolder(userFolder: string, tarball: string): string {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	mkdirSync(nodesDir, { recursive: true });
	writeFileSync(path.join(nodesDir, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2));
	execFileSync('npm', ['install', '--omit=peer', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--no-package-lock', tarball], { ...quiet, cwd: nodesDir });
	return path.join(nodesDir, 'node_modules', 'n8n-nodes-omnihuman');
}
