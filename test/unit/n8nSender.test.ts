import type { IExecuteFunctions } from 'n8n-workflow';

import { describeThrown, n8nSender } from '../../nodes/OmniHuman/transport/n8nSender';

/** An error as n8n wraps it: the outer error, its `cause`, and so on. */
function wrapped(...layers: Array<Record<string, unknown>>): unknown {
	return layers.reduceRight<unknown>((cause, layer) => Object.assign(new Error(String(layer.message ?? '')), layer, cause === undefined ? {} : { cause }), undefined);
}

describe("what an error thrown by n8n's HTTP helper means", () => {
	const stopped = new AbortController();
	stopped.abort();

	test.each([
		['the execution was stopped', new Error('socket hang up'), stopped.signal],
		['axios cancelled it (ERR_CANCELED)', wrapped({ message: 'canceled', code: 'ERR_CANCELED' }), undefined],
		['an AbortError deep in the causes', wrapped({ message: 'request failed' }, { message: 'aborted', name: 'AbortError' }), undefined],
		['a CanceledError on top', wrapped({ message: 'canceled', name: 'CanceledError' }, { message: 'inner' }), undefined],
	])('%s: cancelled', (_, error, signal) => {
		expect(describeThrown(error, signal)).toEqual({ kind: 'cancelled' });
	});

	test('a refused connection: its code and the first message, nothing reached the service', () => {
		expect(describeThrown(wrapped({ message: 'connect ECONNREFUSED 127.0.0.1:9', code: 'ECONNREFUSED' }), undefined)).toEqual({
			kind: 'network',
			code: 'ECONNREFUSED',
			refused: true,
			timedOut: false,
			message: 'connect ECONNREFUSED 127.0.0.1:9',
		});
	});

	test('a timeout, by its code or only by its words', () => {
		expect(describeThrown(wrapped({ message: 'request aborted', code: 'ECONNABORTED' }), undefined)).toMatchObject({ kind: 'network', code: 'ECONNABORTED', timedOut: true, refused: false });
		expect(describeThrown(wrapped({ message: 'Request failed' }, { message: 'timeout of 5000ms exceeded' }), undefined)).toEqual({
			kind: 'network',
			code: 'ETIMEDOUT',
			refused: false,
			timedOut: true,
			message: 'Request failed',
		});
	});

	test('the first code that says something, the messages that are text', () => {
		expect(describeThrown(wrapped({ message: 42 as unknown as string, code: '' }, { message: 'socket hang up', code: 'ECONNRESET' }), undefined)).toEqual({
			kind: 'network',
			code: 'ECONNRESET',
			refused: false,
			timedOut: false,
			message: 'socket hang up',
		});
		const silent = Object.assign(Object.create(null) as object, { code: 'ECONNRESET', message: 7 });
		expect(describeThrown(silent, undefined)).toMatchObject({ kind: 'network', code: 'ECONNRESET', message: 'ECONNRESET' });
	});

	test('no code and no timeout: refused before sending, in its innermost words', () => {
		expect(describeThrown(wrapped({ message: 'Request failed' }, { message: 'Base URL must start with https://' }), undefined)).toEqual({
			kind: 'refused-locally',
			message: 'Base URL must start with https://',
		});
		expect(describeThrown('a thrown string', undefined)).toEqual({ kind: 'refused-locally', message: 'unknown error' });
		expect(describeThrown(Object.create(null), undefined)).toEqual({ kind: 'refused-locally', message: 'unknown error' });
	});

	test('a thrown null, or a cause of null, is read as the rest of the chain says', () => {
		expect(describeThrown(null, undefined)).toEqual({ kind: 'refused-locally', message: 'unknown error' });
		const hungUp = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET', cause: null });
		expect(describeThrown(hungUp, undefined)).toMatchObject({ kind: 'network', code: 'ECONNRESET', message: 'socket hang up' });
	});
});

describe('the request n8n is asked to send, and the answer read back', () => {
	function contextAnswering(body: unknown, headers: Record<string, string>) {
		const asked: Array<Record<string, unknown>> = [];
		const context = {
			helpers: {
				httpRequestWithAuthentication: async (_credential: string, options: Record<string, unknown>) => {
					asked.push(options);
					return { statusCode: 200, headers, body };
				},
			},
		} as unknown as IExecuteFunctions;
		return { send: n8nSender(context, undefined), asked, context };
	}

	test("after a stop (the node's own, or the execution's) no request is sent", async () => {
		const { asked, context } = contextAnswering({ id: 'x' }, {});
		const stop = new AbortController();
		stop.abort();
		expect(await n8nSender(context, stop.signal)({ method: 'POST', url: '/v2/video/generations', body: { model: 'bytedance/omnihuman' }, timeoutMs: 1000 })).toEqual({ kind: 'cancelled' });
		expect(asked).toHaveLength(0);
	});

	test('a JSON request asks for JSON and follows no redirect', async () => {
		const { send, asked } = contextAnswering({ id: 'x' }, { 'content-type': 'application/json' });
		expect(await send({ method: 'GET', url: '/v2/video/generations', timeoutMs: 1000 })).toEqual({ kind: 'response', statusCode: 200, headers: { 'content-type': 'application/json' }, body: { id: 'x' } });
		expect(asked[0]).toMatchObject({ headers: { Accept: 'application/json' }, disableFollowRedirect: true });
		expect(asked[0]).not.toHaveProperty('encoding');
	});

	test('a speech request takes any answer as bytes: JSON bytes are read as JSON, audio stays bytes', async () => {
		const json = contextAnswering(Buffer.from('{"audio":{"url":"https://cdn/a.mp3"}}'), { 'Content-Type': 'application/json; charset=utf-8' });
		const request = { method: 'POST' as const, url: '/v1/tts', body: { model: 'openai/tts-1' }, timeoutMs: 1000, encoding: 'arraybuffer' as const };
		expect(await json.send(request)).toMatchObject({ body: { audio: { url: 'https://cdn/a.mp3' } } });
		expect(json.asked[0]).toMatchObject({ headers: { Accept: '*/*' }, encoding: 'arraybuffer', json: true });
		const audio = Buffer.from([0xff, 0xfb, 0x90, 0x00]);
		expect(await contextAnswering(audio, { 'content-type': 'audio/mpeg' }).send(request)).toMatchObject({ body: audio });
		expect(await contextAnswering(Buffer.from('{"broken'), { 'content-type': 'application/json' }).send(request)).toMatchObject({ body: '{"broken' });
	});
});
