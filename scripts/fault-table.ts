/** Rewrites README's "What happens when…" table from the tested fault matrix. */
import { faultTable, TABLE_END, TABLE_START } from '../test/engine/faultTable';
import { rewriteReadmeSection } from './readmeSection';

rewriteReadmeSection(TABLE_START, TABLE_END, faultTable(), 'fault table');
