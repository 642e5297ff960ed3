/** Rewrites README's models table from the node's model table (nodes/OmniHuman/models.ts). */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { MODELS_TABLE_END, MODELS_TABLE_START, modelsTable } from '../test/support/modelsTable';

const readme = path.join(__dirname, '..', 'README.md');
const text = readFileSync(readme, 'utf8');
const start = text.indexOf(MODELS_TABLE_START);
const end = text.indexOf(MODELS_TABLE_END);
if (start === -1 || end === -1) throw new Error(`README.md has no ${MODELS_TABLE_START} … ${MODELS_TABLE_END} markers`);
writeFileSync(readme, text.slice(0, start) + modelsTable() + text.slice(end + MODELS_TABLE_END.length));
console.log('README.md: models table updated');
