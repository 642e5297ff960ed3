import { readFileSync } from 'node:fs';
import path from 'node:path';

import { NodeHelpers, type INodeParameters } from 'n8n-workflow';

import { DEFAULTS } from '../../nodes/OmniHuman/helpers/options';
import { OmniHuman } from '../../nodes/OmniHuman/OmniHuman.node';

const { description } = new OmniHuman();
const options = description.properties.find((property) => property.name === 'options')?.options ?? [];
const packageJson = JSON.parse(readFileSync(path.join(__dirname, '../../package.json'), 'utf8'));

test('every option default in the editor matches the default the code uses', () => {
	for (const [name, value] of Object.entries(DEFAULTS)) {
		expect(options.find((option) => option.name === name)).toMatchObject({ default: value });
	}
});

test('offers the four operations, Create and Wait by default, each with an action for AI agents', () => {
	const operation = description.properties.find((property) => property.name === 'operation')!;
	expect(operation.default).toBe('createAndWait');
	expect((operation.options as Array<{ value: string; action?: string }>).map((option) => option.value).sort()).toEqual(['create', 'createAndWait', 'estimateCost', 'get']);
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

describe('which options the editor shows (evaluated with n8n-workflow, as n8n does when it loads a node)', () => {
	const node = { id: 'n', name: 'OmniHuman', type: 'n8n-nodes-omnihuman.omniHuman', typeVersion: 1, position: [0, 0] as [number, number], parameters: {} };
	const everyOption = { pollInterval: 5, maxWait: 60, downloadVideo: true, maxVideoSizeMb: 10, binaryPropertyName: 'video', maxConcurrentJobs: 3, requestTimeout: 30 };
	/** The option names n8n keeps (and shows) for these parameters; hidden ones are dropped. */
	const shownOptions = (parameters: INodeParameters) => {
		const resolved = NodeHelpers.getNodeParameters(description.properties, { ...parameters, options: everyOption }, false, false, node, description);
		return Object.keys((resolved?.options ?? {}) as object).sort();
	};
	const waitOnly = ['maxWait', 'pollInterval'];
	const download = ['binaryPropertyName', 'downloadVideo', 'maxVideoSizeMb'];

	test('Get without Wait for Completion hides Poll Interval and Max Wait, and keeps Download Video (a finished job is downloaded)', () => {
		const shown = shownOptions({ operation: 'get', generationId: 'x' });
		expect(shown).toEqual(expect.arrayContaining(download));
		for (const name of waitOnly) expect(shown).not.toContain(name);
	});

	test('Get with Wait for Completion and Create and Wait show the wait options', () => {
		expect(shownOptions({ operation: 'get', generationId: 'x', waitForCompletion: true })).toEqual(expect.arrayContaining([...waitOnly, ...download]));
		expect(shownOptions({ operation: 'createAndWait', imageUrl: 'https://a/b.png', audioUrl: 'https://a/b.mp3' })).toEqual(expect.arrayContaining([...waitOnly, ...download]));
	});

	test('Create shows none of the wait or download options', () => {
		const shown = shownOptions({ operation: 'create', imageUrl: 'https://a/b.png', audioUrl: 'https://a/b.mp3' });
		for (const name of [...waitOnly, ...download]) expect(shown).not.toContain(name);
	});
});

test('Poll Interval starts at 1 s in the editor (every poll is a request) and keeps its default of 10 s', () => {
	const copies = options.filter((option) => option.name === 'pollInterval');
	expect(copies.length).toBeGreaterThan(0);
	for (const copy of copies) expect(copy).toMatchObject({ type: 'number', default: 10, typeOptions: { minValue: 1 } });
});

test('Operation, Model and Image Source explain themselves; Model says how v1.5 differs', () => {
	const parameter = (name: string) => description.properties.find((property) => property.name === name)!;
	for (const name of ['operation', 'model', 'imageSource']) expect(parameter(name).description).toMatch(/\w{3,}.{20,}/);
	const v15 = (parameter('model').options as Array<{ value: string; description: string }>).find((option) => option.value === 'bytedance/omnihuman/v1.5');
	expect(v15?.description).toMatch(/higher resolution \(up to 1920×1088\)/);
});
