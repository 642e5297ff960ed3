// Jest config for `npm run mutation` (StrykerJS): the unit and engine tests that can reach the paid-request code,
// compiled without type checks (the Stryker TypeScript checker and `npm run lint` type-check; this only runs).
const base = require('./jest.config.js');

// Inside Stryker's runner processes: run only the files that hold a mutant's covering tests (see that file).
if (process.env.STRYKER_MUTATOR_WORKER) require('./jest.mutation.files.js');

/** @type {import('jest').Config} */
module.exports = {
	...base,
	roots: ['<rootDir>/test/unit', '<rootDir>/test/engine'],
	testPathIgnorePatterns: [
		...base.testPathIgnorePatterns,
		// Tests of the simulator, the docs and the provisioning scripts never run the node's paid-request code.
		'/test/unit/(simulator[A-Za-z]*|readme|render|renderMouth|provisionProgress|codex|credential)\\.test\\.ts$',
	],
	transform: { '^.+\\.ts$': ['ts-jest', { isolatedModules: true }] },
	maxWorkers: 1,
};
