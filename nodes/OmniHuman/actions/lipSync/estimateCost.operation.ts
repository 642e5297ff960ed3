import type { INodeProperties } from 'n8n-workflow';

import { estimateVideoCost } from '../../helpers/costEstimate';
import { readModel } from '../../helpers/videoOperations';
import type { ItemOutput } from '../../helpers/waitForVideo';
import type { ItemRun } from '../../nodeRun';

export const option = {
	name: 'Estimate Cost',
	value: 'estimateCost',
	action: 'Estimate what a lip sync video will cost',
	description:
		"Price each item as Create would pay for it, from the service's price list and the speech's length, without paying anything; outputs the batch total and the balance",
};

export const description: INodeProperties[] = [];

export async function execute(run: ItemRun): Promise<ItemOutput> {
	return await estimateVideoCost(run, readModel(run, 'lipSync'));
}

export { finishEstimates as finish } from '../../helpers/costEstimate';
