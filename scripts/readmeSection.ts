import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Replaces README's generated section between `start` and `end` (markers included) with `content`. */
export function rewriteReadmeSection(start: string, end: string, content: string, what: string) {
	const readme = path.join(__dirname, '..', 'README.md');
	const text = readFileSync(readme, 'utf8');
	const from = text.indexOf(start);
	const to = text.indexOf(end);
	if (from === -1 || to === -1) throw new Error(`README.md has no ${start} … ${end} markers`);
	writeFileSync(readme, text.slice(0, from) + content + text.slice(to + end.length));
	console.log(`README.md: ${what} updated`);
}
