// n8n's own lint config for community nodes (what `n8n-node lint` and the starter use), run next to
// eslint.config.mjs by `npm run lint`. Only shipped code and package.json: tests and scripts are not published.
import { config } from '@n8n/node-cli/eslint';

export default [{ ignores: ['dist/**', 'node_modules/**', 'test/**', 'scripts/**', 'bench/**', '*.js', '*.mjs'] }, ...config];
