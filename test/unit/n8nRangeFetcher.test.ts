import { getEventListeners } from 'node:events';

import type { IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { n8nRangeFetcher } from '../../nodes/OmniHuman/media/n8nRangeFetcher';
import { ReadRefusal } from '../../nodes/OmniHuman/media/types';

/** A streamed body as n8n's helper gives it (`encoding: 'stream'`): chunks, and whether it was destroyed. */
function stream(chunks: Uint8Array[]) {
	const body = {
		destroyed: false,
		yielded: 0,
		destroy() {
			body.destroyed = true;
		},
		async *[Symbol.asyncIterator]() {
			for (const chunk of chunks) {
				if (body.destroyed) return;
				body.yielded++;
				yield chunk;
			}
		},
	};
	return body;
}

const bytes = (length: number, fill = 7) => new Uint8Array(length).fill(fill);

function contextAnswering(answer: (options: IHttpRequestOptions) => Promise<unknown>) {
	const httpRequest = jest.fn(answer);
	const httpRequestWithAuthentication = jest.fn();
	const context = { helpers: { httpRequest, httpRequestWithAuthentication } } as unknown as IExecuteFunctions;
	return { context, httpRequest, httpRequestWithAuthentication };
}

describe('n8nRangeFetcher: one range GET through helpers.httpRequest', () => {
	test('asks for the range, unencoded, as a stream, with redirects and status errors left to the caller, and no key', async () => {
		const { context, httpRequest, httpRequestWithAuthentication } = contextAnswering(async () => ({ statusCode: 206, body: stream([bytes(100)]) }));
		await n8nRangeFetcher(context, new AbortController().signal)('http://audio.test/a.mp3', { offset: 100, length: 100 }, 2000);
		expect(httpRequest.mock.calls[0][0]).toMatchObject({
			method: 'GET',
			url: 'http://audio.test/a.mp3',
			headers: { Range: 'bytes=100-199', Accept: '*/*', 'Accept-Encoding': 'identity' },
			encoding: 'stream',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			disableFollowRedirect: true,
			timeout: 2000,
		});
		expect(httpRequestWithAuthentication).not.toHaveBeenCalled();
	});

	test('a 206 body is read to the range length, a 200 body to the range end, then the transfer is ended', async () => {
		const partial = stream([bytes(60), bytes(60), bytes(60)]);
		const fetch = n8nRangeFetcher(contextAnswering(async () => ({ statusCode: 206, body: partial })).context, new AbortController().signal);
		expect((await fetch('http://a.test/x', { offset: 500, length: 100 }, 1000)).bytes).toHaveLength(100);
		expect([partial.yielded, partial.destroyed]).toEqual([2, true]);
		const whole = stream([bytes(400), bytes(400)]);
		const fetchWhole = n8nRangeFetcher(contextAnswering(async () => ({ statusCode: 200, body: whole })).context, new AbortController().signal);
		expect((await fetchWhole('http://a.test/x', { offset: 500, length: 100 }, 1000)).bytes).toHaveLength(600);
		expect(whole.destroyed).toBe(true);
	});

	test('any other status reads no body and ends the transfer; its headers come back', async () => {
		const body = stream([bytes(10)]);
		const fetch = n8nRangeFetcher(
			contextAnswering(async () => ({ statusCode: 302, headers: { location: ['/next', '/other'], 'content-length': '10' }, body })).context,
			new AbortController().signal,
		);
		expect(await fetch('http://a.test/x', { offset: 0, length: 100 }, 1000)).toEqual({
			status: 302,
			bytes: new Uint8Array(0),
			contentRange: undefined,
			contentLength: 10,
			location: '/next',
		});
		expect([body.yielded, body.destroyed]).toEqual([0, true]);
	});

	test('headers: Content-Range as sent, a Content-Length that is no whole number is none, a body that is not a stream is empty', async () => {
		const fetch = n8nRangeFetcher(
			contextAnswering(async () => ({ statusCode: 206, headers: { 'content-range': 'bytes 0-9/20', 'content-length': 'ten' }, body: 'text' })).context,
			new AbortController().signal,
		);
		expect(await fetch('http://a.test/x', { offset: 0, length: 10 }, 1000)).toEqual({
			status: 206,
			bytes: new Uint8Array(0),
			contentRange: 'bytes 0-9/20',
			contentLength: undefined,
			location: undefined,
		});
	});

	test('an execution already stopped sends nothing; a finished read leaves no listener on the execution signal', async () => {
		const stopped = new AbortController();
		stopped.abort();
		const { context, httpRequest } = contextAnswering(async () => ({ statusCode: 206, body: stream([bytes(10)]) }));
		await expect(n8nRangeFetcher(context, stopped.signal)('http://a.test/x', { offset: 0, length: 10 }, 1000)).rejects.toThrow(
			new ReadRefusal('the execution was stopped'),
		);
		expect(httpRequest).not.toHaveBeenCalled();
		const running = new AbortController();
		const fetch = n8nRangeFetcher(context, running.signal);
		for (let read = 0; read < 3; read++) await fetch('http://a.test/x', { offset: 0, length: 10 }, 1000);
		expect(getEventListeners(running.signal, 'abort')).toHaveLength(0);
	});

	test('an execution stopped while the body streams ends the transfer', async () => {
		const stop = new AbortController();
		const body = {
			destroyedWith: undefined as Error | undefined,
			destroy(error?: Error) {
				body.destroyedWith ??= error;
			},
			async *[Symbol.asyncIterator]() {
				yield bytes(10);
				stop.abort();
				yield bytes(10);
			},
		};
		const fetch = n8nRangeFetcher(contextAnswering(async () => ({ statusCode: 206, body })).context, stop.signal);
		await fetch('http://a.test/x', { offset: 0, length: 100 }, 1000);
		expect(body.destroyedWith?.message).toBe('The audio request was aborted');
	});
});

describe('n8nRangeFetcher: what the helper throws becomes a short reason', () => {
	const failing = (error: unknown) => contextAnswering(async () => Promise.reject(error)).context;
	const codeError = (code: string, message = `connect ${code}`) => Object.assign(new Error(message), { code });

	test.each([
		['SSRF protection (the error)', Object.assign(new Error('blocked'), { name: 'SsrfBlockedIpError' }), "this n8n instance's SSRF protection blocks that address"],
		['SSRF protection (its cause)', Object.assign(new Error('wrapped'), { cause: { name: 'SsrfBlockedHostnameError' } }), "this n8n instance's SSRF protection blocks that address"],
		['a request n8n refused before sending', new Error('Invalid URL'), 'the request was refused: Invalid URL'],
		['a socket timeout', codeError('ETIMEDOUT'), 'timed out after 1.2 s'],
		['an unknown host', codeError('ENOTFOUND'), 'the host name could not be resolved'],
		['no DNS answer', codeError('EAI_AGAIN'), 'the host name could not be resolved'],
		['a refused connection', codeError('ECONNREFUSED'), 'the host refused the connection'],
		['a reset connection', codeError('ECONNRESET'), 'the host could not be reached (ECONNRESET)'],
		['no error at all', undefined, 'the request was refused: unknown error'],
	])('%s', async (_name, error, reason) => {
		const fetch = n8nRangeFetcher(failing(error), new AbortController().signal);
		const thrown = await fetch('http://a.test/x', { offset: 0, length: 10 }, 1234).catch((caught: unknown) => caught);
		expect(thrown).toBeInstanceOf(ReadRefusal);
		expect((thrown as Error).message).toBe(reason);
	});

	test('the execution stopped during the request', async () => {
		const stop = new AbortController();
		const context = contextAnswering(async () => {
			stop.abort();
			throw Object.assign(new Error('canceled'), { code: 'ERR_CANCELED' });
		}).context;
		await expect(n8nRangeFetcher(context, stop.signal)('http://a.test/x', { offset: 0, length: 10 }, 1000)).rejects.toThrow(
			new ReadRefusal('the execution was stopped'),
		);
	});

	test("the request's own deadline passed (whatever the helper threw)", async () => {
		const context = contextAnswering(
			async (options) =>
				await new Promise((_resolve, reject) =>
					(options.abortSignal as AbortSignal | undefined)?.addEventListener('abort', () => reject(Object.assign(new Error('canceled'), { code: 'ERR_CANCELED' }))),
				),
		).context;
		await expect(n8nRangeFetcher(context, new AbortController().signal)('http://a.test/x', { offset: 0, length: 10 }, 300)).rejects.toThrow(
			new ReadRefusal('timed out after 0.3 s'),
		);
	});
});
