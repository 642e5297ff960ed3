import type { INode } from 'n8n-workflow';

import type { ItemRun } from '../../nodes/OmniHuman/nodeRun';
import { buildClientRequestId, type PaidKind, type RequestOrigin } from '../../nodes/OmniHuman/spend/clientRequestId';
import { CrashRecovery } from '../../nodes/OmniHuman/spend/crashRecovery';
import type { ApiRequest, Exchange } from '../../nodes/OmniHuman/transport/exchange';
import { FakeClock, response, scriptedSend } from '../support/fakes';

const MODEL = 'bytedance/omnihuman';
const mine: RequestOrigin = { workflowId: 'wf-1', executionId: '7', runIndex: 0, itemIndex: 0, kind: 'video', itemKey: 'AAAAAAAAAAAAAAAA' };

/** A usage-log row made with the client request id of `origin` (the crashed run's, or someone else's). */
const row = (inferenceId: string, origin: Partial<RequestOrigin>) => ({
	created: '2026-07-02T03:04:05.000Z',
	status: 'succeeded',
	origin: 'api',
	model: MODEL,
	cost: { usd: 2.94, credits: 5_880_000 },
	request_id: `req-${inferenceId}`,
	inference_id: inferenceId,
	client_request_id: buildClientRequestId({ ...mine, executionId: '6', ...origin }),
});

const page = (rows: object[]) => response(200, { data: rows, pagination: { limit: 100, offset: 0, total: rows.length, has_more: false } });

/** The retried item: workflow wf-1, item 0 with the key above, reading the logs through `answers` (a page of rows by default). */
function retriedItem(rows: object[], answers: Array<Exchange | ((request: ApiRequest) => Exchange)> = [page(rows)]) {
	const { send, sent } = scriptedSend(answers);
	const run = {
		node: { name: 'OmniHuman' } as INode,
		itemIndex: 0,
		send,
		clock: new FakeClock(),
		origin: (kind: PaidKind) => ({ origin: { ...mine, kind }, clientRequestId: buildClientRequestId({ ...mine, kind }) }),
	} as unknown as ItemRun;
	return { run, sent };
}

describe('a retried execution takes from the usage logs only the video job its crashed run made for the same item', () => {
	test('the video row of this workflow and item key, not a newer speech row of the same item', async () => {
		const { run, sent } = retriedItem([row('speech-1', { kind: 'speech' }), row('video-1', { kind: 'video' })]);
		const found = await new CrashRecovery().findJob(run, MODEL);
		expect(found?.inferenceId).toBe('video-1');
		expect(sent).toHaveLength(1);
	});

	test('a speech synthesis alone is no video job: nothing to resume, the item pays for its video', async () => {
		const { run } = retriedItem([row('speech-1', { kind: 'speech' })]);
		expect(await new CrashRecovery().findJob(run, MODEL)).toBeUndefined();
	});

	test('a job of another workflow with the same item key is not this item\'s', async () => {
		const { run } = retriedItem([row('other-1', { workflowId: 'wf-2' }), row('other-2', { itemKey: 'BBBBBBBBBBBBBBBB' })]);
		expect(await new CrashRecovery().findJob(run, MODEL)).toBeUndefined();
	});

	test('a row of this item without a generation id is passed over for the one that has it', async () => {
		const { inference_id: _none, ...withoutId } = row('ignored', { kind: 'video' });
		const { run } = retriedItem([withoutId, row('video-1', { kind: 'video' })]);
		expect((await new CrashRecovery().findJob(run, MODEL))?.inferenceId).toBe('video-1');
	});

	test('the logs are read once per model for the whole run; a failed read is tried again by the next item', async () => {
		const forbidden = response(403, { error: { message: 'Forbidden' } });
		const { run, sent } = retriedItem([], [forbidden, page([row('video-1', { kind: 'video' })])]);
		const recovery = new CrashRecovery();
		const error = await recovery.findJob(run, MODEL).then(
			() => undefined,
			(caught: unknown) => caught as Error & { description?: string },
		);
		expect(error).toMatchObject({ message: expect.stringMatching(/usage logs could not be read/) });
		expect(error?.description).toMatch(/^Nothing was sent, so nothing was paid twice\. A job still running is not in the usage logs/);
		expect((await recovery.findJob(run, MODEL))?.inferenceId).toBe('video-1');
		expect((await recovery.findJob(run, MODEL))?.inferenceId).toBe('video-1');
		expect(sent).toHaveLength(2);
		expect(sent[1].url).toMatch(/period=30d&model=bytedance%2Fomnihuman&status=succeeded/);
	});

	test('Stop while the logs are read ends the item as stopped, not as a logs failure', async () => {
		const { run } = retriedItem([], [{ kind: 'cancelled' }]);
		await expect(new CrashRecovery().findJob(run, MODEL)).rejects.toThrow(/^The execution was stopped/);
	});
});
