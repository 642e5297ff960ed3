import { readFileSync } from 'node:fs';
import path from 'node:path';

import { DEFAULTS, OPERATIONS } from '../../nodes/OmniHuman/description';
import { OmniHuman } from '../../nodes/OmniHuman/OmniHuman.node';

const { description } = new OmniHuman();
const options = description.properties.find((property) => property.name === 'options')?.options ?? [];
const packageJson = JSON.parse(readFileSync(path.join(__dirname, '../../package.json'), 'utf8'));

test('every option default in the editor matches the default the code uses', () => {
	for (const [name, value] of Object.entries(DEFAULTS)) {
		expect(options.find((option) => option.name === name)).toMatchObject({ default: value });
	}
});

test('offers the three operations, Create and Wait by default, each with an action for AI agents', () => {
	const operation = description.properties.find((property) => property.name === 'operation')!;
	expect(operation.default).toBe('createAndWait');
	expect((operation.options as Array<{ value: string; action?: string }>).map((option) => option.value).sort()).toEqual([...OPERATIONS].sort());
	expect((operation.options as Array<{ action?: string }>).every((option) => option.action)).toBe(true);
});

test('is usable as a tool, shows the operation as subtitle and has themed icons', () => {
	expect(description.usableAsTool).toBe(true);
	expect(description.subtitle).toContain('$parameter["operation"]');
	expect(description.icon).toEqual({ light: 'file:omnihuman.svg', dark: 'file:omnihuman.dark.svg' });
});

test('the codex names the node as n8n will load it', () => {
	const codex = JSON.parse(readFileSync(path.join(__dirname, '../../nodes/OmniHuman/OmniHuman.node.json'), 'utf8'));
	expect(codex.node).toBe(`${packageJson.name}.${description.name}`);
});

test('package.json is shaped as a community node package', () => {
	expect(packageJson.keywords).toContain('n8n-community-node-package');
	expect(packageJson.dependencies ?? {}).toEqual({});
	expect(packageJson.peerDependencies).toEqual({ 'n8n-workflow': '*' });
	expect(packageJson.files).toEqual(['dist']);
	expect(packageJson.n8n.nodes).toEqual(['dist/nodes/OmniHuman/OmniHuman.node.js']);
	expect(packageJson.n8n.credentials).toEqual(['dist/credentials/AimlApiOmniHumanApi.credentials.js']);
});
