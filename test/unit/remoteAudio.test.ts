import { Container } from '@n8n/di';
import { SsrfProtectionConfig } from '@n8n/config';
import type { IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';

import {
	measureRemoteAudio,
	n8nRangeFetcher,
	REMOTE_AUDIO_BOUNDS,
	type RangeFetcher,
	type RemoteAudioBounds,
} from '../../nodes/OmniHuman/media/remoteAudio';
import { audioFixture, audioManifest, seededRandom } from '../support/audioFixtures';
import { AudioHost } from '../support/audioHost';

// n8n-core's real request helper (what `this.helpers.httpRequest` is in a node), with its SSRF handling.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { getRequestHelperFunctions } = require('n8n-core/dist/execution-engine/node-execution-context/utils/request-helpers/factory');

const SECRET = 'Bearer sk-the-api-key';

/** A node context whose helpers are n8n-core's; the authenticated helper would send the key. */
function n8nContext() {
	const helpers = getRequestHelperFunctions({}, {}, {});
	const keyed = jest.fn(async (_type: string, options: IHttpRequestOptions) =>
		helpers.httpRequest({ ...options, headers: { ...options.headers, Authorization: SECRET } }),
	);
	const context = { helpers: { httpRequest: helpers.httpRequest, httpRequestWithAuthentication: keyed } };
	return { context: context as unknown as IExecuteFunctions, keyed };
}

const quick: RemoteAudioBounds = { ...REMOTE_AUDIO_BOUNDS, timeoutMs: 5000 };

describe('measureRemoteAudio through n8nRangeFetcher and n8n-core helpers, against a local host', () => {
	let host: AudioHost;
	let fetcher: RangeFetcher;
	let keyed: jest.Mock;
	const stop = new AbortController();

	beforeAll(async () => {
		host = await new AudioHost().start();
		const original = audioFixture('m4a-moov-end.m4a');
		const free = Buffer.alloc(2_000_000);
		free.writeUInt32BE(free.length, 0);
		free.write('free', 4);
		host.add('padded-moov-end.m4a', Buffer.concat([original.subarray(0, 28), free, original.subarray(28)]));
	});
	beforeEach(() => {
		host.requests.length = 0;
		host.written.clear();
		const built = n8nContext();
		keyed = built.keyed;
		fetcher = n8nRangeFetcher(built.context, stop.signal);
	});
	afterAll(async () => host.close());

	test('Range honoured: WAV and Xing MP3 fetch only a 16 KB head; an M4A with moov after 2 MB fetches head + moov', async () => {
		for (const file of ['bench-pcm-25s.wav', 'bench-vbr-25s.mp3']) {
			const measure = await measureRemoteAudio(fetcher, host.url(`/files/${file}`), quick);
			expect(measure).toMatchObject({ ok: true });
			expect(measure.ok && Math.abs(measure.seconds - audioManifest[file].duration)).toBeLessThan(0.05);
			expect(measure.bytesFetched).toBe(16 * 1024);
		}
		const m4a = await measureRemoteAudio(fetcher, host.url('/files/padded-moov-end.m4a'), quick);
		expect(m4a).toMatchObject({ ok: true, format: 'm4a', seconds: audioManifest['m4a-moov-end.m4a'].duration });
		expect(m4a.bytesFetched).toBeLessThan(40 * 1024);
		expect(host.requests.every((request) => request.range?.startsWith('bytes='))).toBe(true);
	});

	test('an MP3 without a Xing header is walked in two requests (its head, then the rest at once), its own size fetched', async () => {
		const file = 'bench-cbr-25s.mp3';
		const measure = await measureRemoteAudio(fetcher, host.url(`/files/${file}`), quick);
		expect(measure.ok && Math.abs(measure.seconds - audioManifest[file].duration)).toBeLessThan(0.05);
		expect(measure.bytesFetched).toBeLessThanOrEqual(audioManifest[file].bytes + 200);
		expect(host.requests).toHaveLength(2);
	});

	test('Range ignored, small file: measured from one more whole read', async () => {
		const file = 'bench-cbr-25s.mp3';
		const measure = await measureRemoteAudio(fetcher, host.url(`/whole/${file}`), quick);
		expect(measure.ok && Math.abs(measure.seconds - audioManifest[file].duration)).toBeLessThan(0.05);
		expect(measure.bytesFetched).toBeLessThanOrEqual(16 * 1024 + audioManifest[file].bytes);
	});

	test('Range ignored, 2 GB body: refused as too large after the head, and the transfer is stopped', async () => {
		const measure = await measureRemoteAudio(fetcher, host.url('/huge-whole'), quick);
		expect(measure).toMatchObject({ ok: false, reason: 'the file is larger than 5 MB' });
		expect(measure.bytesFetched).toBeLessThanOrEqual(16 * 1024);
		expect(host.written.get('/huge-whole') ?? 0).toBeLessThan(64 * 1024 * 1024);
	});

	test('Range ignored, endless body without a length: never more than maxBytes fetched', async () => {
		const bounds = { ...quick, maxBytes: 300_000 };
		const measure = await measureRemoteAudio(fetcher, host.url('/endless'), bounds);
		expect(measure).toMatchObject({ ok: false });
		expect(measure.bytesFetched).toBeLessThanOrEqual(300_000);
		expect(measure.bytesFetched).toBeGreaterThan(100_000);
	});

	test('oversized by Content-Range: refused after the head', async () => {
		const measure = await measureRemoteAudio(fetcher, host.url('/huge-range'), quick);
		expect(measure).toMatchObject({ ok: false, reason: 'the file is larger than 5 MB', bytesFetched: 16 * 1024 });
	});

	test('http redirects are followed (2 hops), each hop a request of its own', async () => {
		const measure = await measureRemoteAudio(fetcher, host.url('/redirect/2/mp3-cbr-info.mp3'), quick);
		expect(measure).toMatchObject({ ok: true, format: 'mp3' });
		expect(host.requests.map((request) => request.path)).toEqual(['/redirect/2/mp3-cbr-info.mp3', '/redirect/1/mp3-cbr-info.mp3', '/files/mp3-cbr-info.mp3']);
	});

	test('a redirect to another scheme is refused', async () => {
		const measure = await measureRemoteAudio(fetcher, host.url('/to-ftp'), quick);
		expect(measure).toMatchObject({ ok: false, reason: 'a redirect to ftp: is not followed' });
	});

	test('a redirect loop ends after maxRedirects', async () => {
		const measure = await measureRemoteAudio(fetcher, host.url('/loop'), quick);
		expect(measure).toMatchObject({ ok: false, reason: 'it was redirected more than 3 times' });
		expect(host.requests).toHaveLength(4);
	});

	test('a host that never answers, or stalls mid-body, times out', async () => {
		const bounds = { ...quick, timeoutMs: 300 };
		expect(await measureRemoteAudio(fetcher, host.url('/hang'), bounds)).toMatchObject({ ok: false, reason: 'timed out after 0.3 s' });
		expect(await measureRemoteAudio(fetcher, host.url('/stall'), bounds)).toMatchObject({ ok: false, reason: 'timed out after 0.3 s' });
	});

	test('404 and 403 become reasons', async () => {
		expect(await measureRemoteAudio(fetcher, host.url('/status/404'), quick)).toMatchObject({ ok: false, reason: 'the file was not found (HTTP 404)' });
		expect(await measureRemoteAudio(fetcher, host.url('/status/403'), quick)).toMatchObject({ ok: false, reason: 'the host refused the request (HTTP 403)' });
	});

	test('the API key never reaches the audio host: only helpers.httpRequest is used', async () => {
		await measureRemoteAudio(fetcher, host.url('/redirect/1/bench-cbr-25s.mp3'), quick);
		expect(host.requests.length).toBeGreaterThan(2);
		expect(host.requests.map((request) => request.authorization)).toEqual(host.requests.map(() => undefined));
		expect(keyed).not.toHaveBeenCalled();
	});

	test("n8n's SSRF protection applies by itself to helpers.httpRequest when the instance turns it on", async () => {
		const config = Container.get(SsrfProtectionConfig);
		config.enabled = true;
		try {
			const measure = await measureRemoteAudio(fetcher, host.url('/files/mp3-cbr-info.mp3'), quick);
			expect(measure).toMatchObject({ ok: false, reason: "this n8n instance's SSRF protection blocks that address", bytesFetched: 0 });
			expect(host.requests).toHaveLength(0);
		} finally {
			config.enabled = false;
		}
	});

	test('a stopped execution fetches nothing', async () => {
		const stopped = new AbortController();
		stopped.abort();
		const measure = await measureRemoteAudio(n8nRangeFetcher(n8nContext().context, stopped.signal), host.url('/files/mp3-cbr-info.mp3'), quick);
		expect(measure).toMatchObject({ ok: false, reason: 'the execution was stopped' });
		expect(host.requests).toHaveLength(0);
	});
});

describe('measureRemoteAudio with a fake fetcher', () => {
	test('a fetcher that never settles still ends at the deadline', async () => {
		const never: RangeFetcher = () => new Promise(() => undefined);
		const measure = await measureRemoteAudio(never, 'http://audio.invalid/a.mp3', { ...REMOTE_AUDIO_BOUNDS, timeoutMs: 200 });
		expect(measure).toMatchObject({ ok: false, reason: 'timed out after 0.2 s' });
	});

	test('bytes a fetcher returns beyond what was asked are not counted past maxBytes', async () => {
		const wav = audioFixture('wav-pcm16.wav');
		const greedy: RangeFetcher = async () => ({ status: 200, bytes: wav, contentLength: wav.length });
		const measure = await measureRemoteAudio(greedy, 'http://audio.invalid/a.wav', { ...REMOTE_AUDIO_BOUNDS, maxBytes: 1000 });
		expect(measure.bytesFetched).toBeLessThanOrEqual(1000);
	});

	test('fuzz: random statuses, headers and bodies from a host never crash or pass the bounds', async () => {
		const random = seededRandom(5);
		const pick = <T>(values: T[]) => values[Math.floor(random() * values.length)];
		const files = ['mp3-cbr-noxing.mp3', 'wav-pcm16.wav', 'm4a-moov-end.m4a', 'adts.aac'].map((file) => audioFixture(file));
		const bounds = { maxBytes: 20_000, timeoutMs: 1000, maxRedirects: 2 };
		for (let round = 0; round < 400; round++) {
			const file = pick(files);
			const fetcher: RangeFetcher = async (_url, range) => {
				const status = pick([200, 206, 206, 206, 301, 302, 404, 416, 500, 204]);
				const start = pick([range.offset, range.offset, 0, range.offset + 7]);
				return {
					status,
					bytes: file.subarray(start, start + pick([range.length, range.length * 3, 3, 0])),
					contentRange: pick([`bytes ${start}-${start + range.length - 1}/${file.length}`, 'bytes */5', `bytes ${start}-1/x`, undefined, `bytes 0-0/${2 ** 60}`]),
					contentLength: pick([file.length, undefined, -1, Number.NaN, 2 ** 53]),
					location: pick(['/next', 'ftp://x/y', 'http://[bad', undefined]),
				};
			};
			const measure = await measureRemoteAudio(fetcher, 'http://audio.invalid/a', bounds);
			expect(measure.bytesFetched).toBeLessThanOrEqual(bounds.maxBytes);
			if (measure.ok) expect(Number.isFinite(measure.seconds) && measure.seconds > 0).toBe(true);
			else expect(measure.reason).toMatch(/^[a-z]/);
		}
	});

	test('only http and https links are fetched', async () => {
		const fetcher = jest.fn<ReturnType<RangeFetcher>, Parameters<RangeFetcher>>();
		expect(await measureRemoteAudio(fetcher, 'file:///etc/passwd')).toMatchObject({ ok: false, reason: 'a file: link is not read (only http and https)' });
		expect(await measureRemoteAudio(fetcher, 'not a url')).toMatchObject({ ok: false, reason: 'the audio link is not a valid URL' });
		expect(fetcher).not.toHaveBeenCalled();
	});

	test('an https link is fetched as an http one is', async () => {
		const fetcher = jest.fn<ReturnType<RangeFetcher>, Parameters<RangeFetcher>>(async () => ({ status: 404, bytes: new Uint8Array(0) }));
		expect(await measureRemoteAudio(fetcher, 'https://audio.invalid/a.mp3')).toMatchObject({ ok: false, reason: 'the file was not found (HTTP 404)' });
		expect(fetcher).toHaveBeenCalledTimes(1);
	});
});
