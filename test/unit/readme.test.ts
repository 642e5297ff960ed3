import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { FAULT_MATRIX } from '../engine/faultMatrix';
import { faultTable } from '../engine/faultTable';
import { VIDEO_MODELS } from '../../nodes/OmniHuman/models';
import { modelsTable } from '../support/modelsTable';
import { speechTable } from '../support/speechTable';
import { SPEECH_FAMILIES } from '../../nodes/OmniHuman/speech/speechModels';

const readme = readFileSync(path.join(__dirname, '../../README.md'), 'utf8');

test('README\'s "What happens when…" table is the tested fault matrix (run `npm run fault-table` after changing it)', () => {
	expect(readme).toContain(faultTable());
	expect(faultTable().split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| While'))).toHaveLength(FAULT_MATRIX.length);
});

test('README\'s models table is the node\'s model table (run `npm run models-table` after changing it)', () => {
	expect(readme).toContain(modelsTable());
	const rows = modelsTable().split('\n').filter((line) => line.startsWith('| **'));
	expect(rows.map((row) => row.match(/\(`([^`]+)`\)/)?.[1])).toEqual(VIDEO_MODELS.map((model) => model.id));
});

test("README's speech-model table is the node's speech-model table (run `npm run speech-table` after changing it)", () => {
	expect(readme).toContain(speechTable());
	expect(speechTable().split('\n').filter((line) => line.startsWith('| **'))).toHaveLength(SPEECH_FAMILIES.length);
});

test('every example workflow the README links exists', () => {
	for (const [, file] of readme.matchAll(/\]\((examples\/[^)]+\.json)\)/g)) {
		expect(() => readFileSync(path.join(__dirname, '../..', file))).not.toThrow();
	}
});

test('every example workflow in examples/ is listed in the README', () => {
	const linked = new Set([...readme.matchAll(/\]\(examples\/([^)]+\.json)\)/g)].map(([, file]) => file));
	const files = readdirSync(path.join(__dirname, '../../examples')).filter((name) => name.endsWith('.json'));
	expect(files.filter((file) => !linked.has(file))).toEqual([]);
});
