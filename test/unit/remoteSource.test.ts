import { RemoteSource, type RangeAnswer, type RangeFetcher } from '../../nodes/OmniHuman/media/remoteSource';

const bounds = { maxBytes: 10_000, timeoutMs: 5000, maxRedirects: 2 };
const file = Uint8Array.from({ length: 8000 }, (_, index) => index % 251);

/** A fetcher that answers each call in turn, and records what it was asked. */
function scripted(...answers: Array<RangeAnswer | ((url: string, range: { offset: number; length: number }) => RangeAnswer)>) {
	const calls: Array<{ url: string; offset: number; length: number; timeoutMs: number }> = [];
	const fetcher: RangeFetcher = async (url, range, timeoutMs) => {
		calls.push({ url, ...range, timeoutMs });
		const next = answers.shift();
		if (!next) throw new Error('no more answers');
		return typeof next === 'function' ? next(url, range) : next;
	};
	return { fetcher, calls };
}

/** A host that honours Range over `file`. */
const ranged = (_url: string, range: { offset: number; length: number }): RangeAnswer => ({
	status: 206,
	bytes: file.subarray(range.offset, range.offset + range.length),
	contentRange: `bytes ${range.offset}-${range.offset + range.length - 1}/${file.length}`,
});

const refusalOf = async (promise: Promise<unknown>) => ((await promise.catch((error: unknown) => error)) as Error).message;

describe('RemoteSource: ranges of a remote file', () => {
	test('a 206 answer gives the bytes asked and the size from Content-Range (any case, spaces around)', async () => {
		const { fetcher } = scripted(ranged, { status: 206, bytes: file.subarray(0, 10), contentRange: '  BYTES 0-9/8000 ' });
		const source = new RemoteSource(fetcher, 'http://a.test/x', bounds);
		expect(await source.read(100, 50)).toEqual(file.subarray(100, 150));
		expect(source.size).toBe(8000);
		source.size = undefined;
		await source.read(0, 10);
		expect(source.size).toBe(8000);
	});

	test('a range that starts before the one asked is cut to it; one that starts after is refused', async () => {
		const early = { status: 206, bytes: file.subarray(90, 200), contentRange: 'bytes 90-199/8000' };
		const late = { status: 206, bytes: file.subarray(110, 200), contentRange: 'bytes 110-199/8000' };
		const { fetcher } = scripted(early, late);
		const source = new RemoteSource(fetcher, 'http://a.test/x', bounds);
		expect(await source.read(100, 50)).toEqual(file.subarray(100, 150));
		expect(await refusalOf(source.read(100, 50))).toBe('the host answered another range than the one asked');
	});

	test('a Content-Range without a size, or with one that is no safe whole number, leaves the size unknown', async () => {
		for (const contentRange of ['bytes 0-9/*', `bytes 0-9/${2 ** 60}`, 'bytes 0-9', 'items 0-9/100']) {
			const source = new RemoteSource(scripted({ status: 206, bytes: file.subarray(0, 10), contentRange }).fetcher, 'http://a.test/x', bounds);
			expect(await source.read(0, 10)).toHaveLength(10);
			expect(source.size).toBeUndefined();
		}
	});

	test('a Content-Range with other text around it is not read; more than one space after "bytes" is', async () => {
		const sizeFrom = async (contentRange: string) => {
			const source = new RemoteSource(scripted({ status: 206, bytes: file.subarray(0, 10), contentRange }).fetcher, 'http://a.test/x', bounds);
			await source.read(0, 10);
			return source.size;
		};
		expect(await sizeFrom('xbytes 0-9/8000')).toBeUndefined();
		expect(await sizeFrom('bytes 0-9/8000x')).toBeUndefined();
		expect(await sizeFrom('bytes  0-9/8000')).toBe(8000);
	});

	test('a size of 0 is a size; a negative one is none', async () => {
		const empty = new RemoteSource(scripted({ status: 416, bytes: new Uint8Array(0), contentRange: 'bytes */0' }).fetcher, 'http://a.test/x', bounds);
		await empty.read(0, 10);
		expect(empty.size).toBe(0);
		const negative = new RemoteSource(scripted({ status: 200, bytes: file.subarray(0, 10), contentLength: -1 }).fetcher, 'http://a.test/x', bounds);
		await negative.read(0, 10);
		expect(negative.size).toBeUndefined();
	});

	test('416 (range past the end) is the end of the file, and tells its size', async () => {
		const source = new RemoteSource(scripted({ status: 416, bytes: new Uint8Array(0), contentRange: 'bytes */8000' }).fetcher, 'http://a.test/x', bounds);
		expect(await source.read(9000, 10)).toHaveLength(0);
		expect(source.size).toBe(8000);
	});

	test('a file larger than the bound is refused as soon as its size is known', async () => {
		const big = { status: 206, bytes: file.subarray(0, 10), contentRange: 'bytes 0-9/10001' };
		expect(await refusalOf(new RemoteSource(scripted(big).fetcher, 'http://a.test/x', bounds).read(0, 10))).toBe('the file is larger than 10 kB');
		const exact = { status: 206, bytes: file.subarray(0, 10), contentRange: 'bytes 0-9/10000' };
		expect(await new RemoteSource(scripted(exact).fetcher, 'http://a.test/x', bounds).read(0, 10)).toHaveLength(10);
	});

	test.each([
		[404, 'the file was not found (HTTP 404)'],
		[410, 'the file was not found (HTTP 410)'],
		[400, 'the host refused the request (HTTP 400)'],
		[403, 'the host refused the request (HTTP 403)'],
		[499, 'the host refused the request (HTTP 499)'],
		[500, 'the host failed to answer (HTTP 500)'],
		[204, 'the host answered HTTP 204'],
		[304, 'the host answered HTTP 304'],
	])('HTTP %d is refused: %s', async (status, reason) => {
		const source = new RemoteSource(scripted({ status, bytes: new Uint8Array(0) }).fetcher, 'http://a.test/x', bounds);
		expect(await refusalOf(source.read(0, 10))).toBe(reason);
	});
});

describe('RemoteSource: a host that ignores Range', () => {
	test('a body shorter than asked is the whole file: later reads come from it, with no request', async () => {
		const { fetcher, calls } = scripted({ status: 200, bytes: file.subarray(0, 3000) });
		const source = new RemoteSource(fetcher, 'http://a.test/x', bounds);
		expect(await source.read(0, 4000)).toHaveLength(3000);
		expect(await source.read(2000, 500)).toEqual(file.subarray(2000, 2500));
		expect(await source.read(5000, 10)).toHaveLength(0);
		expect(calls).toHaveLength(1);
	});

	test('a body that reached its Content-Length is the whole file too', async () => {
		const { fetcher, calls } = scripted({ status: 200, bytes: file.subarray(0, 4000), contentLength: 4000 });
		const source = new RemoteSource(fetcher, 'http://a.test/x', bounds);
		await source.read(0, 4000);
		expect(await source.read(4000, 10)).toHaveLength(0);
		expect(calls).toHaveLength(1);
	});

	test('past what is in hand, the file is asked for once more from its start, as far as the budget allows', async () => {
		const { fetcher, calls } = scripted({ status: 200, bytes: file.subarray(0, 1000) }, { status: 200, bytes: file });
		const source = new RemoteSource(fetcher, 'http://a.test/x', bounds);
		expect(await source.read(0, 1000)).toHaveLength(1000);
		expect(await source.read(5000, 100)).toEqual(file.subarray(5000, 5100));
		expect(calls.map((call) => [call.offset, call.length])).toEqual([[0, 1000], [0, 9000]]);
	});

	test('the second whole read is as long as the known size when that is less than the budget', async () => {
		const { fetcher, calls } = scripted({ status: 200, bytes: file.subarray(0, 1000), contentLength: 8000 }, { status: 200, bytes: file });
		const source = new RemoteSource(fetcher, 'http://a.test/x', bounds);
		await source.read(0, 1000);
		await source.read(5000, 100);
		expect(calls[1]).toMatchObject({ offset: 0, length: 8000 });
	});

	test('bytes beyond the second whole read are refused, never returned short; so is a third try', async () => {
		const large = new Uint8Array(20_000);
		const { fetcher, calls } = scripted({ status: 200, bytes: large.subarray(0, 1000) }, { status: 200, bytes: large });
		const source = new RemoteSource(fetcher, 'http://a.test/x', { ...bounds, maxBytes: 10_000 });
		await source.read(0, 1000);
		const reason = 'the host ignores byte ranges and the length is not within the first 10 kB';
		expect(await refusalOf(source.read(9500, 100))).toBe(reason);
		expect(await refusalOf(source.read(9500, 100))).toBe(reason);
		expect(calls).toHaveLength(2);
	});

	test('from the second whole read: bytes within it are returned, a read past its end is short only when the body ended', async () => {
		const large = Uint8Array.from({ length: 20_000 }, (_, index) => index % 251);
		const cut = new RemoteSource(scripted({ status: 200, bytes: large.subarray(0, 1000) }, { status: 200, bytes: large }).fetcher, 'http://a.test/x', bounds);
		await cut.read(0, 1000);
		expect(await cut.read(8900, 100)).toEqual(large.subarray(8900, 9000));
		const past = new RemoteSource(scripted({ status: 200, bytes: large.subarray(0, 1000) }, { status: 200, bytes: large }).fetcher, 'http://a.test/x', bounds);
		await past.read(0, 1000);
		expect(await refusalOf(past.read(8950, 100))).toBe('the host ignores byte ranges and the length is not within the first 10 kB');
		const ended = new RemoteSource(scripted({ status: 200, bytes: file.subarray(0, 1000) }, { status: 200, bytes: file }).fetcher, 'http://a.test/x', bounds);
		await ended.read(0, 1000);
		expect(await ended.read(7990, 100)).toEqual(file.subarray(7990, 8000));
	});

	test('a host that answers the second whole read with a range is refused', async () => {
		const { fetcher } = scripted({ status: 200, bytes: file.subarray(0, 1000) }, ranged);
		const source = new RemoteSource(fetcher, 'http://a.test/x', bounds);
		await source.read(0, 1000);
		expect(await refusalOf(source.read(5000, 100))).toBe('the host answered byte ranges inconsistently');
	});
});

describe('RemoteSource: budget, redirects and deadline', () => {
	test('no request asks for more than the budget left, bytes past it are not kept, and a spent budget is refused', async () => {
		const greedy = (): RangeAnswer => ({ status: 206, bytes: file, contentRange: 'bytes 0-7999/8000' });
		const { fetcher, calls } = scripted(greedy, greedy);
		const source = new RemoteSource(fetcher, 'http://a.test/x', { ...bounds, maxBytes: 9000 });
		await source.read(0, 5000);
		expect(source.bytesFetched).toBe(8000);
		await source.read(0, 5000);
		expect(calls.map((call) => call.length)).toEqual([5000, 1000]);
		expect(source.bytesFetched).toBe(9000);
		expect(await refusalOf(source.read(0, 10))).toBe('its length could not be read within the first 9 kB');
	});

	test('a redirect is followed from the address it came from; each hop counts', async () => {
		const { fetcher, calls } = scripted(
			{ status: 302, bytes: new Uint8Array(0), location: '../b/y' },
			{ status: 307, bytes: new Uint8Array(0), location: 'https://c.test/z' },
			ranged,
		);
		const source = new RemoteSource(fetcher, 'http://a.test/a/x', bounds);
		expect(await source.read(0, 10)).toHaveLength(10);
		expect(calls.map((call) => call.url)).toEqual(['http://a.test/a/x', 'http://a.test/b/y', 'https://c.test/z']);
	});

	test.each([
		[{ status: 301, bytes: new Uint8Array(0) }, 'the host answered HTTP 301 without a location'],
		[{ status: 308, bytes: new Uint8Array(0), location: 'http://[bad' }, 'the host redirected to an invalid address'],
		[{ status: 303, bytes: new Uint8Array(0), location: 'file:///etc/passwd' }, 'a redirect to file: is not followed'],
	])('a redirect that cannot be followed is refused (%#)', async (answer, reason) => {
		expect(await refusalOf(new RemoteSource(scripted(answer).fetcher, 'http://a.test/x', bounds).read(0, 10))).toBe(reason);
	});

	test('more redirects than the bound are refused; exactly the bound is followed', async () => {
		const hop = (): RangeAnswer => ({ status: 302, bytes: new Uint8Array(0), location: '/next' });
		expect(await new RemoteSource(scripted(hop, hop, ranged).fetcher, 'http://a.test/x', bounds).read(0, 10)).toHaveLength(10);
		expect(await refusalOf(new RemoteSource(scripted(hop, hop, hop).fetcher, 'http://a.test/x', bounds).read(0, 10))).toBe(
			'it was redirected more than 2 times',
		);
	});

	test('each request gets the time left of one deadline; past it, nothing more is asked', async () => {
		let now = 1000;
		const { fetcher, calls } = scripted(
			(_url, range) => {
				now += 3000;
				return ranged(_url, range);
			},
			ranged,
		);
		const source = new RemoteSource(fetcher, 'http://a.test/x', bounds, () => now);
		await source.read(0, 10);
		await source.read(100, 10);
		expect(calls.map((call) => call.timeoutMs)).toEqual([5000, 2000]);
		now = 6000;
		expect(await refusalOf(source.read(200, 10))).toBe('timed out after 5 s');
		expect(calls).toHaveLength(2);
	});

	test('a fetcher that fails is refused by its own reason when it gives one, else in general terms', async () => {
		const failing = (error: Error): RangeFetcher => async () => Promise.reject(error);
		const { ReadRefusal } = await import('../../nodes/OmniHuman/media/types');
		expect(await refusalOf(new RemoteSource(failing(new ReadRefusal('the host refused the connection')), 'http://a.test/x', bounds).read(0, 10))).toBe(
			'the host refused the connection',
		);
		expect(await refusalOf(new RemoteSource(failing(new Error('socket hang up at 10.0.0.1')), 'http://a.test/x', bounds).read(0, 10))).toBe(
			'the request for the audio failed',
		);
	});
});
