// Checks what `npm pack` would publish: only dist/ (node, credential, icons, codex) plus README, LICENSE, package.json.
import { execFileSync } from 'node:child_process';

const [pack] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
const files = pack.files.map((file) => file.path).sort();
const allowed = (path) => path.startsWith('dist/') || ['README.md', 'LICENSE', 'package.json'].includes(path);
const required = [
	'README.md',
	'LICENSE',
	'package.json',
	'dist/nodes/OmniHuman/OmniHuman.node.js',
	'dist/nodes/OmniHuman/OmniHuman.node.json',
	'dist/nodes/OmniHuman/omnihuman.svg',
	'dist/nodes/OmniHuman/omnihuman.dark.svg',
	'dist/credentials/AimlApiOmniHumanApi.credentials.js',
	'dist/credentials/aimlapi.svg',
	'dist/credentials/aimlapi.dark.svg',
];
const unexpected = files.filter((path) => !allowed(path) || /\.(ts|map)$/.test(path) && !path.endsWith('.d.ts'));
const missing = required.filter((path) => !files.includes(path));
console.log(`npm pack: ${files.length} files, ${(pack.size / 1024).toFixed(1)} kB packed`);
if (unexpected.length || missing.length) {
	if (unexpected.length) console.error(`Not allowed in the package: ${unexpected.join(', ')}`);
	if (missing.length) console.error(`Missing from the package (run npm run build first?): ${missing.join(', ')}`);
	process.exit(1);
}
