import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { startSimulator, type Simulator } from '../simulator/server';

/**
 * The audio files the simulator serves at known lengths (`/audio/…` on its video origin). Their lengths are
 * checked here by this file's own reading of the bytes (frames, chunks, boxes), and by ffprobe where it is
 * installed (`scripts/provision-ffmpeg.sh`); nothing here uses the simulator's or the node's readers.
 */
let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator();
});
beforeEach(() => sim.reset());
afterAll(async () => await sim.close());

const fetchAudio = async (name: string, headers: Record<string, string> = {}, method = 'GET') =>
	await fetch(`${sim.videoOrigin}/audio/${name}`, { headers, method, redirect: 'manual' });
const bytesOf = async (name: string) => Buffer.from(await (await fetchAudio(name)).arrayBuffer());

const MP3_KBPS = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const MP3_RATES = [44100, 48000, 32000];

/** MPEG-1 Layer III: seconds from a Xing header's frame count, else from walking every frame. */
function mp3Seconds(bytes: Buffer): {
	seconds: number;
	frames: number;
	bitrates: Set<number>;
	xing: boolean;
} {
	let offset = 0;
	let frames = 0;
	let xingFrames: number | undefined;
	let sampleRate = 0;
	const bitrates = new Set<number>();
	while (offset + 4 <= bytes.length) {
		const [b0, b1, b2, b3] = bytes.subarray(offset, offset + 4);
		if (b0 !== 0xff || (b1 & 0xfe) !== 0xfa)
			throw new Error(`no MPEG-1 Layer III frame at ${offset}`);
		const kbps = MP3_KBPS[b2 >> 4];
		sampleRate = MP3_RATES[(b2 >> 2) & 3];
		if (!kbps || !sampleRate) throw new Error(`invalid frame header at ${offset}`);
		const size = Math.floor((144 * kbps * 1000) / sampleRate) + ((b2 >> 1) & 1);
		const sideInfo = b3 >> 6 === 3 ? 17 : 32;
		const tag = bytes.toString('ascii', offset + 4 + sideInfo, offset + 8 + sideInfo);
		if (frames === 0 && xingFrames === undefined && (tag === 'Xing' || tag === 'Info')) {
			xingFrames = bytes.readUInt32BE(offset + 12 + sideInfo);
		} else {
			frames++;
			bitrates.add(kbps);
		}
		offset += size;
	}
	if (offset !== bytes.length) throw new Error('a partial frame at the end');
	if (xingFrames !== undefined) expect(xingFrames).toBe(frames);
	return {
		seconds: (frames * 1152) / sampleRate,
		frames,
		bitrates,
		xing: xingFrames !== undefined,
	};
}

function wavSeconds(bytes: Buffer): number {
	expect(bytes.toString('ascii', 0, 4)).toBe('RIFF');
	expect(bytes.toString('ascii', 8, 12)).toBe('WAVE');
	let byteRate = 0;
	for (let offset = 12; offset + 8 <= bytes.length; ) {
		const id = bytes.toString('ascii', offset, offset + 4);
		const size = bytes.readUInt32LE(offset + 4);
		if (id === 'fmt ') byteRate = bytes.readUInt32LE(offset + 16);
		if (id === 'data') {
			expect(offset + 8 + size).toBe(bytes.length);
			return size / byteRate;
		}
		offset += 8 + size;
	}
	throw new Error('no data chunk');
}

/** The top-level box order, and mdhd's duration ÷ timescale found by walking moov/trak/mdia. */
function m4aSeconds(bytes: Buffer): { order: string[]; seconds: number } {
	const boxes = (from: number, to: number) => {
		const found: Array<{ type: string; start: number; end: number }> = [];
		for (let offset = from; offset < to; ) {
			const size = bytes.readUInt32BE(offset);
			expect(size).toBeGreaterThanOrEqual(8);
			found.push({
				type: bytes.toString('ascii', offset + 4, offset + 8),
				start: offset + 8,
				end: offset + size,
			});
			offset += size;
		}
		return found;
	};
	const top = boxes(0, bytes.length);
	const child = (box: { start: number; end: number }, type: string) =>
		boxes(box.start, box.end).find((inner) => inner.type === type)!;
	const mdia = child(child(top.find((box) => box.type === 'moov')!, 'trak'), 'mdia');
	const mdhd = child(mdia, 'mdhd');
	expect(bytes[mdhd.start]).toBe(0);
	const timescale = bytes.readUInt32BE(mdhd.start + 12);
	const duration = bytes.readUInt32BE(mdhd.start + 16);
	// The sample timings (stts: count × delta) add up to the same duration.
	const stts = child(child(child(mdia, 'minf'), 'stbl'), 'stts');
	let timed = 0;
	for (let entry = 0; entry < bytes.readUInt32BE(stts.start + 4); entry++) {
		timed +=
			bytes.readUInt32BE(stts.start + 8 + 8 * entry) *
			bytes.readUInt32BE(stts.start + 12 + 8 * entry);
	}
	expect(timed).toBe(duration);
	return { order: top.map((box) => box.type), seconds: duration / timescale };
}

const FRAME = 1152 / 44100;

describe('lengths by this test’s own arithmetic', () => {
	test.each([1, 4.2, 5, 25, 29.9, 600])(
		'/audio/%ss.mp3: CBR frames, at most one frame under its name',
		async (seconds) => {
			const read = mp3Seconds(await bytesOf(`${seconds}s.mp3`));
			expect(read.xing).toBe(false);
			expect(read.bitrates).toEqual(new Set([128]));
			expect(read.seconds).toBeLessThanOrEqual(seconds);
			expect(read.seconds).toBeGreaterThan(seconds - FRAME);
		},
	);

	test.each([2, 4.2, 30, 600])(
		'/audio/%ss-vbr.mp3: a Xing frame count and frames of varying bitrate',
		async (seconds) => {
			const read = mp3Seconds(await bytesOf(`${seconds}s-vbr.mp3`));
			expect(read.xing).toBe(true);
			expect(read.bitrates.size).toBeGreaterThan(1);
			expect(read.seconds).toBeLessThanOrEqual(seconds);
			expect(read.seconds).toBeGreaterThan(seconds - FRAME);
		},
	);

	test.each([0.5, 7.5, 21, 600])('/audio/%ss.wav', async (seconds) => {
		expect(wavSeconds(await bytesOf(`${seconds}s.wav`))).toBeCloseTo(seconds, 4);
	});

	test.each([
		['', ['ftyp', 'mdat', 'moov']],
		['?sim-moov=start', ['ftyp', 'moov', 'mdat']],
	])('/audio/<s>s.m4a%s: mdhd duration, boxes in order %j', async (flag, order) => {
		for (const seconds of [0.01, 4.2, 12.3, 600]) {
			const read = m4aSeconds(await bytesOf(`${seconds}s.m4a${flag}`));
			expect(read.order).toEqual(order);
			expect(read.seconds).toBeCloseTo(seconds, 4);
		}
	});

	test('malformed.mp3 is not MP3 frames; oversized.mp3 is over 5 MB', async () => {
		expect(() => mp3Seconds(Buffer.from([0xff, 0xfb, 0x90, 0xc0]))).toThrow(/partial frame/);
		const malformed = await bytesOf('malformed.mp3');
		expect(malformed.length).toBeGreaterThan(1000);
		expect(() => mp3Seconds(malformed)).toThrow();
		const oversized = await bytesOf('oversized.mp3');
		expect(oversized.length).toBeGreaterThan(5 * 1024 * 1024);
		expect(mp3Seconds(oversized).seconds).toBeGreaterThan(300);
	});

	test.each(['601s.mp3', '0s.mp3', '5s-vbr.wav', '5s.ogg', 'five.mp3'])(
		'/audio/%s is 404',
		async (name) => {
			expect((await fetchAudio(name)).status).toBe(404);
		},
	);
});

const hasFfprobe = spawnSync('ffprobe', ['-version']).status === 0;
const withFfprobe = hasFfprobe ? describe : describe.skip;
if (!hasFfprobe) {
	// eslint-disable-next-line no-console
	console.warn(
		'simulatorAudioFiles: ffprobe not found, its checks are skipped (scripts/provision-ffmpeg.sh installs it)',
	);
}

withFfprobe(
	'ffprobe reads each file at its length (skipped without ffprobe: run scripts/provision-ffmpeg.sh)',
	() => {
		let folder: string;
		beforeAll(() => (folder = mkdtempSync(path.join(tmpdir(), 'sim-audio-'))));
		afterAll(() => rmSync(folder, { recursive: true, force: true }));

		test.each([
			['5s.mp3', 'mp3', 5],
			['4.2s.mp3', 'mp3', 4.2],
			['4.2s-vbr.mp3', 'mp3', 4.2],
			['90s-vbr.mp3', 'mp3', 90],
			['7.5s.wav', 'pcm_s16le', 7.5],
			['12.3s.m4a', 'aac', 12.3],
			['12.3s.m4a?sim-moov=start', 'aac', 12.3],
			['oversized.mp3', 'mp3', 360],
		])('%s: %s, %s s', async (name, codec, seconds) => {
			const file = path.join(folder, name.replace(/\?.*$/, name.includes('?') ? '-first.m4a' : ''));
			writeFileSync(file, await bytesOf(name));
			// Run without blocking: a blocked event loop lets the simulator drop the kept-alive socket the next fetch reuses.
			const probe = await promisify(execFile)('ffprobe', ['-v', 'error', '-show_entries', 'format=duration:stream=codec_name', '-of', 'json', file], {
				encoding: 'utf8',
			});
			expect(probe.stderr).toBe('');
			const info = JSON.parse(probe.stdout) as {
				format: { duration: string };
				streams: Array<{ codec_name: string }>;
			};
			expect(info.streams.map((stream) => stream.codec_name)).toEqual([codec]);
			// ffprobe estimates a CBR MP3 without a header from its size (128 kbit/s nominal): within 0.5 %.
			expect(Math.abs(Number(info.format.duration) - seconds)).toBeLessThanOrEqual(
				seconds * 0.005 + FRAME,
			);
		});
	},
);

describe('serving', () => {
	test('GET: 200, the whole file, Accept-Ranges; the Authorization sent is recorded', async () => {
		const response = await fetchAudio('3s.mp3', { authorization: 'Bearer should-not-be-here' });
		const body = Buffer.from(await response.arrayBuffer());
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('audio/mpeg');
		expect(response.headers.get('accept-ranges')).toBe('bytes');
		expect(Number(response.headers.get('content-length'))).toBe(body.length);
		const [request] = sim.requestsTo('audio');
		expect(request.headers.authorization).toBe('Bearer should-not-be-here');
		expect(request.headers.host).toBe(new URL(sim.videoOrigin).host);
	});

	test('Range: 206 with Content-Range, open-ended and suffix ranges; 416 past the end', async () => {
		const whole = await bytesOf('8s.wav');
		const first = await fetchAudio('8s.wav', { range: 'bytes=0-43' });
		expect(first.status).toBe(206);
		expect(first.headers.get('content-range')).toBe(`bytes 0-43/${whole.length}`);
		expect(Buffer.from(await first.arrayBuffer())).toEqual(whole.subarray(0, 44));
		const tail = await fetchAudio('8s.wav', { range: 'bytes=-100' });
		expect(tail.headers.get('content-range')).toBe(
			`bytes ${whole.length - 100}-${whole.length - 1}/${whole.length}`,
		);
		expect(Buffer.from(await tail.arrayBuffer())).toEqual(whole.subarray(whole.length - 100));
		const rest = await fetchAudio('8s.wav', { range: `bytes=${whole.length - 10}-` });
		expect(Buffer.from(await rest.arrayBuffer())).toEqual(whole.subarray(whole.length - 10));
		const past = await fetchAudio('8s.wav', { range: `bytes=${whole.length}-` });
		expect(past.status).toBe(416);
		expect(past.headers.get('content-range')).toBe(`bytes */${whole.length}`);
	});

	test('sim-no-range: Range ignored, 200 with the whole body', async () => {
		const response = await fetchAudio('8s.m4a?sim-no-range=1', { range: 'bytes=0-99' });
		expect(response.status).toBe(200);
		expect(response.headers.get('content-range')).toBeNull();
		expect(Buffer.from(await response.arrayBuffer())).toEqual(await bytesOf('8s.m4a'));
	});

	test('sim-redirect: one 302 to the same file without the flag', async () => {
		const response = await fetchAudio('6s-vbr.mp3?sim-redirect=1&x=2');
		expect(response.status).toBe(302);
		expect(response.headers.get('location')).toBe('/audio/6s-vbr.mp3?x=2');
		const followed = await fetch(`${sim.videoOrigin}/audio/6s-vbr.mp3?sim-redirect=1`);
		expect(followed.status).toBe(200);
		expect(sim.requestsTo('audio')).toHaveLength(3);
	});

	test('sim-status=403 answers 403; sim-slow-ms waits before answering; HEAD sends no body', async () => {
		expect((await fetchAudio('6s.mp3?sim-status=403')).status).toBe(403);
		const started = Date.now();
		expect((await fetchAudio('6s.mp3?sim-slow-ms=150')).status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(140);
		const head = await fetchAudio('6s.mp3', {}, 'HEAD');
		expect(head.status).toBe(200);
		expect(Number(head.headers.get('content-length'))).toBe((await bytesOf('6s.mp3')).length);
	});
});
