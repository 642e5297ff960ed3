// n8n's community package scanner (@n8n/scan-community-package), run offline on what `npm publish` would
// upload. `npx @n8n/scan-community-package <name>` only scans a version already on npm: it reads the
// registry, checks npm provenance, downloads the source commit the provenance names from GitHub and
// lints it, then lints the published tarball. Here the same two lint legs run, with the scanner's own
// rule set, on the working tree (the source leg) and on the packed tarball (the dist leg). The
// provenance check needs a published version; the publish workflow (npm publish --provenance) covers it.
// Run after `npm run build`.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { analyzePackage, SOURCE_FILE_PATTERNS } from '@n8n/scan-community-package/scanner/scanner.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const work = mkdtempSync(path.join(tmpdir(), 'omnihuman-scan-'));
try {
	const [packed] = JSON.parse(
		execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }),
	);
	const packageDir = path.join(work, 'package');
	mkdirSync(packageDir);
	execFileSync('tar', ['-xzf', path.join(work, packed.filename), '-C', packageDir, '--strip-components=1']);
	if (!existsSync(path.join(packageDir, 'dist/nodes/OmniHuman/OmniHuman.node.js'))) {
		throw new Error(`${packed.filename} has no dist/nodes/OmniHuman/OmniHuman.node.js: run npm run build first`);
	}

	// The same legs and file patterns as the scanner's analyzePackageByName.
	const legs = [
		{ name: `source (${SOURCE_FILE_PATTERNS.join(', ')})`, result: await analyzePackage(root, SOURCE_FILE_PATTERNS) },
		{ name: `tarball ${packed.filename} (**/*.js, package.json)`, result: await analyzePackage(packageDir, ['**/*.js', 'package.json']) },
	];
	for (const { name, result } of legs) {
		console.log(`${result.passed ? 'passed' : 'FAILED'}: ${name}${result.message ? ` (${result.message})` : ''}`);
		if (result.details) console.log(result.details);
	}
	if (!legs.every(({ result }) => result.passed)) process.exitCode = 1;
	else console.log(`n8n-nodes-omnihuman passes the community package scanner's static checks (${packed.files.length} files packed)`);
} finally {
	rmSync(work, { recursive: true, force: true });
}
