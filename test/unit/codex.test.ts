import { readFileSync } from 'node:fs';
import path from 'node:path';

interface Codex {
	categories: string[];
	subcategories?: Record<string, string[]>;
	alias?: string[];
}

const codex = JSON.parse(readFileSync(path.join(__dirname, '../../nodes/OmniHuman/OmniHuman.node.json'), 'utf8')) as Codex;

// The real check is the e2e test typing these words into the editor (test/real-n8n/nodeSearch.ts); these
// two rules, read from n8n's node creator, fail here first.
test('an AI-category node is a root node, or the main node search hides it and lists it under "(sub-nodes)"', () => {
	if (codex.categories.includes('AI')) expect(codex.subcategories?.AI).toContain('Root Nodes');
});

test('the node search matches display name and aliases only: every word users search for is an alias', () => {
	expect(codex.alias).toEqual(expect.arrayContaining(['talking head', 'lip sync', 'avatar', 'AI/ML API']));
});
