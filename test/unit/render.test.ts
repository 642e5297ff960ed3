import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { inputSource, VideoRenderer } from '../simulator/render';
import { MEDIA_DIR, sampleUrls, withSampleMedia } from '../simulator/samples';
import { SIMULATOR_API_KEY, startSimulator, type Simulator } from '../simulator/server';

/**
 * The renderer runs with stand-in ffmpeg/ffprobe scripts, so these tests need no ffmpeg: they check what
 * is rendered when, and what the simulator serves. The real render is checked by the demo's e2e test.
 */
const tools = mkdtempSync(path.join(tmpdir(), 'fake-ffmpeg-'));
const calls = path.join(tools, 'calls.log');
const fakeFfmpeg = path.join(tools, 'ffmpeg');
const fakeFfprobe = path.join(tools, 'ffprobe');
writeFileSync(
	fakeFfmpeg,
	// A decode to stdout (the mouth's loudness) prints no PCM: the mouth stays closed. Renders are logged.
	`#!/bin/sh\n[ "$2" = -version ] && exit 0\nfor last; do :; done\n[ "$last" = - ] && exit 0\necho "$*" >> '${calls}'\nprintf FAKE-MP4 > "$last"\n`,
);
writeFileSync(fakeFfprobe, '#!/bin/sh\ncase "$*" in *width,height*) echo 384x480 ;; *) echo 7.5 ;; esac\n');
chmodSync(fakeFfmpeg, 0o755);
chmodSync(fakeFfprobe, 0o755);
const renders = () => (statSync(calls, { throwIfNoEntry: false }) ? readFileSync(calls, 'utf8').trim().split('\n') : []);
const PNG_DATA_URI = `data:image/png;base64,${readFileSync(path.join(MEDIA_DIR, 'portrait.png')).toString('base64')}`;

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator({ jobDurationMs: 0, renderer: { ffmpeg: fakeFfmpeg, ffprobe: fakeFfprobe } });
});
afterEach(() => rmSync(calls, { force: true }));
afterAll(async () => {
	await sim.close();
	rmSync(tools, { recursive: true, force: true });
});

async function createJob(target: Simulator, imageUrl: string, audioUrl: string): Promise<string> {
	return await createBody(target, { model: 'bytedance/omnihuman', image_url: imageUrl, audio_url: audioUrl });
}

async function createBody(target: Simulator, body: Record<string, unknown>): Promise<string> {
	const response = await fetch(`${target.url}/v2/video/generations`, {
		method: 'POST',
		headers: { authorization: `Bearer ${SIMULATOR_API_KEY}`, 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	return ((await response.json()) as { id: string }).id;
}

async function downloadVideo(target: Simulator, id: string) {
	const response = await fetch(`${target.videoOrigin}/videos/${target.jobs.get(id)!.uuid}.mp4`);
	return { length: response.headers.get('content-length'), bytes: Buffer.from(await response.arrayBuffer()) };
}

describe('inputSource: only what the simulator can read here', () => {
	test.each(['http://127.0.0.1:9/a.png', 'https://localhost/a.png', 'http://[::1]:8080/a.mp3'])('fetches %s', (url) => {
		expect(inputSource(url, 'image')).toEqual({ kind: 'fetch', url: new URL(url).href });
	});
	test.each(['https://images.example.com/a.png', 'http://10.0.0.1/a.png', 'file:///etc/passwd', 'not a url', 42])('leaves %p alone', (value) => {
		expect(inputSource(value, 'image')).toBeUndefined();
	});
	test('decodes an image data URI, but not for audio', () => {
		expect(inputSource('data:image/png;base64,AAEC', 'image')).toEqual({ kind: 'bytes', bytes: Buffer.from([0, 1, 2]) });
		expect(inputSource('data:image/png;base64,AAEC', 'audio')).toBeUndefined();
		expect(inputSource('data:image/png;base64,AAEC')).toBeUndefined();
	});
	test('decodes audio and video data URIs where they are taken (Lip Sync), and only those', () => {
		expect(inputSource('data:audio/mpeg;base64,AAEC', 'audio')).toEqual({ kind: 'bytes', bytes: Buffer.from([0, 1, 2]) });
		expect(inputSource('data:video/mp4;base64,AAEC', 'video')).toEqual({ kind: 'bytes', bytes: Buffer.from([0, 1, 2]) });
		expect(inputSource('data:video/mp4;base64,AAEC', 'audio')).toBeUndefined();
		expect(inputSource('data:audio/mpeg;base64,AAEC', 'video')).toBeUndefined();
		expect(inputSource('data:image/gif;base64,AAEC', 'image')).toBeUndefined();
	});
});

test('serves the sample portrait, speech and clip with their type and length, 404 for anything else', async () => {
	const { portrait, speech, clip } = sampleUrls(sim.url);
	for (const [url, type, file] of [[portrait, 'image/png', 'portrait.png'], [speech, 'audio/mpeg', 'speech.mp3'], [clip, 'video/mp4', 'sample-clip.mp4']]) {
		const response = await fetch(url);
		const bytes = Buffer.from(await response.arrayBuffer());
		expect([response.status, response.headers.get('content-type')]).toEqual([200, type]);
		expect(Number(response.headers.get('content-length'))).toBe(bytes.length);
		expect(bytes.equals(readFileSync(path.join(MEDIA_DIR, file)))).toBe(true);
	}
	expect((await fetch(`${sim.url}/samples/other.png`)).status).toBe(404);
});

test('a job made from readable inputs gets the rendered MP4, rendered once, for the speech length', async () => {
	const { portrait, speech } = sampleUrls(sim.url);
	const id = await createJob(sim, portrait, speech);
	const first = await downloadVideo(sim, id);
	const second = await downloadVideo(sim, id);
	expect([first.bytes.toString(), first.length]).toEqual(['FAKE-MP4', '8']);
	expect(second.bytes.toString()).toBe('FAKE-MP4');
	expect(renders()).toHaveLength(1);
	expect(renders()[0]).toMatch(/-t 7\.500 /);
	expect(renders()[0]).toMatch(/-c:v libx264 .*-c:a aac/);
	expect(renders()[0]).toMatch(/-f rawvideo -pix_fmt rgba -video_size 58x32 -framerate 25 -i \S+\.mouth /);
	expect(renders()[0]).toMatch(/\[cover\]\[2:v\]overlay=235:380:/);
});

test('an image given as a data URI is rendered too', async () => {
	const id = await createJob(sim, PNG_DATA_URI, sampleUrls(sim.url).speech);
	expect((await downloadVideo(sim, id)).bytes.toString()).toBe('FAKE-MP4');
});

test('inputs on other hosts keep the placeholder video and run no ffmpeg', async () => {
	const id = await createJob(sim, 'https://images.example.com/a.png', 'https://audio.example.com/a.mp3');
	const { bytes } = await downloadVideo(sim, id);
	expect(bytes.length).toBe(sim.videoBytes);
	expect(bytes.subarray(4, 8).toString()).toBe('ftyp');
	expect(renders()).toEqual([]);
});

test('an input that answers 404 keeps the placeholder and says why', async () => {
	const messages: string[] = [];
	sim.renderer.log = (message) => messages.push(message);
	const id = await createJob(sim, `${sim.url}/samples/missing.png`, sampleUrls(sim.url).speech);
	expect((await downloadVideo(sim, id)).bytes.length).toBe(sim.videoBytes);
	expect(messages.join('\n')).toMatch(/placeholder served.*missing\.png answered HTTP 404/);
	sim.renderer.log = undefined;
});

test('without ffmpeg the placeholder stays, and the log says ffmpeg is missing', async () => {
	const messages: string[] = [];
	const bare = await startSimulator({ jobDurationMs: 0, renderer: { ffmpeg: path.join(tools, 'no-ffmpeg'), log: (message) => messages.push(message) } });
	try {
		const { portrait, speech } = sampleUrls(bare.url);
		const { bytes } = await downloadVideo(bare, await createJob(bare, portrait, speech));
		expect(bytes.length).toBe(bare.videoBytes);
		expect(messages).toEqual(['ffmpeg is not on the PATH: simulated videos stay placeholder bytes']);
	} finally {
		await bare.close();
	}
});

test('dispose deletes the rendered files', async () => {
	const renderer = new VideoRenderer({ ffmpeg: fakeFfmpeg, ffprobe: fakeFfprobe });
	renderer.start('job-1', PNG_DATA_URI, sampleUrls(sim.url).speech);
	const video = await renderer.videoFor('job-1');
	expect(statSync(video!.file).size).toBe(8);
	await renderer.dispose();
	expect(statSync(video!.file, { throwIfNoEntry: false })).toBeUndefined();
});

describe('Lip Sync renders (stand-in ffmpeg)', () => {
	const lipSync = (extra: Record<string, unknown>) => ({ model: 'pixverse/lip-sync', video_url: sampleUrls(sim.url).clip, ...extra });

	test('a readable video and audio_url: the video looped to the speech, 1280×720, the mouth on the fitted frame', async () => {
		const id = await createBody(sim, lipSync({ audio_url: sampleUrls(sim.url).speech }));
		expect((await downloadVideo(sim, id)).bytes.toString()).toBe('FAKE-MP4');
		expect(renders()).toHaveLength(1);
		// 384×480 fits 720 high as 576×720; its mouth box is 64×36 at 50 % / 56.25 %.
		expect(renders()[0]).toMatch(/^-hide_banner .*-stream_loop -1 -i \S+\.video -i \S+\.audio /);
		expect(renders()[0]).toMatch(/scale=576:720,setsar=1\[content\];\[content\]\[2:v\]overlay=256:387:.*pad=1280:720:/);
		expect(renders()[0]).toMatch(/-video_size 64x36 .*-map 1:a:0 -t 7\.500 /);
	});

	test('a data URI video with a script (no speech engine): rendered from silence', async () => {
		const clip = `data:video/mp4;base64,${readFileSync(path.join(MEDIA_DIR, 'sample-clip.mp4')).toString('base64')}`;
		const id = await createBody(sim, { model: 'pixverse/lip-sync', video_url: clip, lip_sync_tts_content: 'Hello there', lip_sync_tts_speaker: 'Ava' });
		expect((await downloadVideo(sim, id)).bytes.toString()).toBe('FAKE-MP4');
		expect(renders()).toHaveLength(1);
	});

	test.each([
		['a video on another host', { video_url: 'https://videos.example.com/clip.mp4', lip_sync_tts_content: 'Hi', lip_sync_tts_speaker: 'Auto' }],
		['audio on another host', { audio_url: 'https://audio.example.com/a.mp3' }],
	])('%s keeps the placeholder and runs no ffmpeg', async (_label, extra) => {
		const id = await createBody(sim, lipSync(extra));
		const { bytes } = await downloadVideo(sim, id);
		expect(bytes.length).toBe(sim.videoBytes);
		expect(renders()).toEqual([]);
	});
});

test('the demo points images., audio. and videos.example.com links at the sample media', () => {
	const samples = sampleUrls('http://127.0.0.1:1');
	const json = JSON.stringify({ a: 'https://images.example.com/p.png', b: 'https://audio.example.com/s.mp3?x=1', c: 'https://videos.example.com/sample-clip.mp4', d: 'https://example.com/x' });
	expect(JSON.parse(withSampleMedia(samples)(json))).toEqual({ a: samples.portrait, b: samples.speech, c: samples.clip, d: 'https://example.com/x' });
});
