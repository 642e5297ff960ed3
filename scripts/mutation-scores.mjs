// The mutation score per file and in total, from the committed incremental file (no run): what the last
// runs of `npm run mutation` recorded. The configured files no run recorded are listed.
import * as fs from 'node:fs';

const report = JSON.parse(fs.readFileSync(process.argv[2] ?? 'reports/stryker-incremental.json', 'utf8'));
function count(mutants) {
	const sums = { killed: 0, timeout: 0, survived: 0, noCoverage: 0, errors: 0 };
	for (const { status } of mutants) {
		if (status === 'Killed') sums.killed++;
		else if (status === 'Timeout') sums.timeout++;
		else if (status === 'Survived') sums.survived++;
		else if (status === 'NoCoverage') sums.noCoverage++;
		else if (status === 'CompileError' || status === 'RuntimeError') sums.errors++;
	}
	const detected = sums.killed + sums.timeout;
	const valid = detected + sums.survived + sums.noCoverage;
	return { ...sums, detected, valid, score: valid ? (100 * detected) / valid : undefined };
}

const rows = Object.entries(report.files)
	.map(([file, { mutants }]) => ({ file, ...count(mutants) }))
	.sort((a, b) => a.file.localeCompare(b.file));
const all = count(Object.values(report.files).flatMap((each) => each.mutants));
const pad = (value, width) => String(value).padStart(width);
const score = (value) => (value === undefined ? 'n/a' : value.toFixed(2));
console.log(`${'File'.padEnd(48)} | score  | detected / valid | survived | no cov | errors`);
for (const row of [...rows, { file: 'All files', ...all }])
	console.log(
		`${row.file.replace('nodes/OmniHuman/', '').padEnd(48)} | ${pad(score(row.score), 6)} | ${pad(row.detected, 8)} / ${pad(row.valid, 5)} | ${pad(row.survived, 8)} | ${pad(row.noCoverage, 6)} | ${pad(row.errors, 6)}`,
	);
// The files the config mutates (its globs are folders' `**/*.ts` or single files) that no run recorded yet.
const config = JSON.parse(fs.readFileSync('stryker.config.json', 'utf8'));
const filesOf = (pattern) =>
	pattern.endsWith('/**/*.ts')
		? fs
				.readdirSync(pattern.slice(0, -'/**/*.ts'.length), { recursive: true })
				.filter((file) => file.endsWith('.ts'))
				.map((file) => `${pattern.slice(0, -'**/*.ts'.length)}${file}`)
		: fs.existsSync(pattern) ? [pattern] : [];
const notRun = config.mutate.flatMap(filesOf).filter((file) => !(file in report.files)).sort();
if (notRun.length) console.log(`\nNot recorded (not run yet, or nothing to mutate) (${notRun.length}): ${notRun.map((file) => file.replace('nodes/OmniHuman/', '')).join(', ')}`);
console.log(`\nmutation score ${score(all.score)} % over ${rows.length} files recorded in the incremental file`);
