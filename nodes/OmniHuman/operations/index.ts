import type { Operation } from '../description';
import type { ItemJob } from '../job';
import { create } from './create';
import { createAndWait } from './createAndWait';
import { get } from './get';
import type { ItemOutput } from './waitForVideo';

export type { ItemOutput };

export const operations: Record<Operation, (job: ItemJob) => Promise<ItemOutput>> = { create, createAndWait, get };
