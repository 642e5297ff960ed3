import type { IExecuteFunctions } from 'n8n-workflow';

import type { EarlierCreate } from './createdGenerations';
import type { ItemScope } from './errors';
import type { Pacing, TakeTurn } from './transport/api';
import type { SendRequest } from './transport/exchange';

/** Everything one item's operation needs: where it runs, how it talks to the service, how it waits. */
export interface ItemJob extends ItemScope {
	context: IExecuteFunctions;
	send: SendRequest;
	pacing: Pacing;
	/** Turns from the run's shared pacers: every create, and every poll, of the run waits in one queue. */
	turns: { create: TakeTurn; poll: TakeTurn };
	/** What an earlier try of this item (n8n's Retry On Fail) created for the same request. */
	earlierCreate(request: object): EarlierCreate | undefined;
	/** Called as soon as a job exists (or may exist), so a retry resumes it and an error elsewhere can name it. */
	onCreated(request: object, outcome: EarlierCreate): void;
}
