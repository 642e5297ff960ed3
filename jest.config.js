/** @type {import('jest').Config} */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	testPathIgnorePatterns: ['/node_modules/', '\\.e2e\\.test\\.ts$'],
	transform: { '^.+\\.ts$': 'ts-jest' },
	// Sources first: a stray compiled .js beside a .ts must never shadow it.
	moduleFileExtensions: ['ts', 'js', 'json'],
	testTimeout: 30_000,
	maxWorkers: 2,
};
