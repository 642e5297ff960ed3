import {
	buildClientRequestId,
	CLIENT_REQUEST_ID_PATTERN,
	parseClientRequestId,
	type RequestOrigin,
} from '../../nodes/OmniHuman/spend/clientRequestId';

const origin: RequestOrigin = { workflowId: 'Ab3xYz09QrStUvWx', executionId: '1234', runIndex: 2, itemIndex: 17, kind: 'video', itemKey: 'AbCdEfGh-_123456' };

describe('X-Client-Request-Id', () => {
	test('keeps to the service rule and reads back to its origin', () => {
		const id = buildClientRequestId(origin);
		expect(id).toBe('omh1:Ab3xYz09QrStUvWx:1234:2-17:v:AbCdEfGh-_123456');
		expect(id).toMatch(CLIENT_REQUEST_ID_PATTERN);
		expect(parseClientRequestId(id)).toEqual(origin);
		expect(parseClientRequestId(buildClientRequestId({ ...origin, kind: 'speech' }))?.kind).toBe('speech');
	});

	test('characters the service would refuse are dropped from the parts, and long parts cut', () => {
		const id = buildClientRequestId({ ...origin, workflowId: 'my workflow/ünïcode:'.repeat(5), executionId: 'x'.repeat(80) });
		expect(id).toMatch(CLIENT_REQUEST_ID_PATTERN);
		expect(id.length).toBeLessThanOrEqual(128);
		expect(parseClientRequestId(id)?.workflowId).toMatch(/^myworkflowncode/);
	});

	test('a workflow without an id (not saved yet) leaves its part empty, and the id still reads back', () => {
		const id = buildClientRequestId({ ...origin, workflowId: undefined as unknown as string });
		expect(id).toBe('omh1::1234:2-17:v:AbCdEfGh-_123456');
		expect(parseClientRequestId(id)).toEqual({ ...origin, workflowId: '' });
	});

	test('ids this node did not make are not read as its own', () => {
		for (const other of [null, '', 'req-1', 'omh1:a:b:c:v:short', 'omh2:w:e:0-0:v:AbCdEfGh-_123456']) expect(parseClientRequestId(other)).toBeUndefined();
	});
});
