/** Rewrites README's "What happens when…" table from the tested fault matrix. */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { faultTable, TABLE_END, TABLE_START } from '../test/engine/faultTable';

const readme = path.join(__dirname, '..', 'README.md');
const text = readFileSync(readme, 'utf8');
const start = text.indexOf(TABLE_START);
const end = text.indexOf(TABLE_END);
if (start === -1 || end === -1) throw new Error(`README.md has no ${TABLE_START} … ${TABLE_END} markers`);
writeFileSync(readme, text.slice(0, start) + faultTable() + text.slice(end + TABLE_END.length));
console.log('README.md: fault table updated');
