/** Rewrites README's models table from the node's model table (nodes/OmniHuman/models.ts). */
import { MODELS_TABLE_END, MODELS_TABLE_START, modelsTable } from '../test/support/modelsTable';
import { rewriteReadmeSection } from './readmeSection';

rewriteReadmeSection(MODELS_TABLE_START, MODELS_TABLE_END, modelsTable(), 'models table');
