/** Real-n8n end-to-end tests: `npm run test:e2e` (provisions Node 24 and n8n on first use). */
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
	...base,
	testMatch: ['**/*.e2e.test.ts'],
	testPathIgnorePatterns: [],
	testTimeout: 300_000,
	maxWorkers: 1,
};
