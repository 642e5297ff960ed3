// Loaded by jest.mutation.config.js inside Stryker's test-runner processes only (STRYKER_MUTATOR_WORKER set).
//
// Stryker's jest runner judges a mutant by running *every* test file with a name filter (the tests that cover the
// mutant), and without bail: each of the ~40 files is loaded (the engine tests load n8n-core) for every mutant, and a
// mutant the first test kills still runs all the others. This wraps jest's runCLI so that a mutant run loads only the
// files that hold a covering test, unit files first, then the engine files one by one, and stops at the first file
// that fails (the mutant is killed). Which file holds which test is learnt from the dry run (no name filter) and kept
// beside this file in the sandbox for the runner processes that start later.
const fs = require('node:fs');
const path = require('node:path');

const cli = require(path.join(path.dirname(require.resolve('@jest/core/package.json')), 'build/cli/index.js'));
const original = cli.runCLI;
const mapFile = path.join(__dirname, '.stryker-tests-by-file.json');
let testsByFile;

function failed(results) {
	return results.numRuntimeErrorTestSuites > 0 || results.testResults.some((suite) => suite.testResults.some((test) => test.status === 'failed'));
}

function merge(runs) {
	const last = runs[runs.length - 1];
	return {
		...last,
		results: {
			...last.results,
			numRuntimeErrorTestSuites: runs.reduce((sum, run) => sum + run.results.numRuntimeErrorTestSuites, 0),
			testResults: runs.flatMap((run) => run.results.testResults),
		},
	};
}

cli.runCLI = async (argv, projects) => {
	if (!argv.testNamePattern) {
		const result = await original(argv, projects);
		if (!argv._ || argv._.length === 0) {
			testsByFile = Object.fromEntries(result.results.testResults.map((suite) => [suite.testFilePath, suite.testResults.map((test) => test.fullName)]));
			fs.writeFileSync(mapFile, JSON.stringify(testsByFile));
		}
		return result;
	}
	if (!testsByFile && fs.existsSync(mapFile)) testsByFile = JSON.parse(fs.readFileSync(mapFile, 'utf8'));
	if (!testsByFile) return await original(argv, projects);
	const pattern = new RegExp(argv.testNamePattern, 'i');
	const files = Object.keys(testsByFile).filter((file) => testsByFile[file].some((name) => pattern.test(name)));
	if (files.length === 0) return await original(argv, projects);
	const unit = files.filter((file) => !file.includes(`${path.sep}engine${path.sep}`));
	const groups = [...(unit.length ? [unit] : []), ...files.filter((file) => !unit.includes(file)).map((file) => [file])];
	const runs = [];
	for (const group of groups) {
		const run = await original({ ...argv, _: group, runTestsByPath: true }, projects);
		runs.push(run);
		if (failed(run.results)) break;
	}
	return merge(runs);
};
