import type { INodeProperties } from 'n8n-workflow';

import { getVideo } from '../../helpers/videoOperations';
import type { ItemOutput } from '../../helpers/waitForVideo';
import { LIP_SYNC_MODELS } from '../../models';
import type { ItemRun } from '../../nodeRun';
import { getFields } from '../descriptions/get';

export const option = {
	name: 'Get',
	value: 'get',
	action: 'Get the status of a lip sync job',
	description:
		'Get the status of a generation ID, optionally waiting for it: resume a run without paying for a second job',
};

export const description: INodeProperties[] = getFields('lipSync', 'z-IMFJo2ORUJBR7OWIqDM');

/** Get: Lip Sync ids are short random strings that do not name the model, so the resource's model stands in. */
export async function execute(run: ItemRun): Promise<ItemOutput> {
	return await getVideo(run, LIP_SYNC_MODELS[0]);
}
