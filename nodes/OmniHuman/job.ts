import type { IExecuteFunctions } from 'n8n-workflow';

import type { ItemScope } from './errors';
import type { Pacing } from './transport/api';
import type { SendRequest } from './transport/exchange';

/** Everything one item's operation needs: where it runs, how it talks to the service, how it waits. */
export interface ItemJob extends ItemScope {
	context: IExecuteFunctions;
	send: SendRequest;
	pacing: Pacing;
	/** Called as soon as a job exists, so an error elsewhere can still name it. */
	onCreated(generationId: string): void;
}
