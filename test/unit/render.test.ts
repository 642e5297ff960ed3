import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { inputSource, VideoRenderer } from '../simulator/render';
import { MEDIA_DIR, sampleUrls } from '../simulator/samples';
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
	`#!/bin/sh\n[ "$2" = -version ] && exit 0\necho "$*" >> '${calls}'\nfor last; do :; done\nprintf FAKE-MP4 > "$last"\n`,
);
writeFileSync(fakeFfprobe, '#!/bin/sh\necho 7.5\n');
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
	const response = await fetch(`${target.url}/v2/video/generations`, {
		method: 'POST',
		headers: { authorization: `Bearer ${SIMULATOR_API_KEY}`, 'content-type': 'application/json' },
		body: JSON.stringify({ model: 'bytedance/omnihuman', image_url: imageUrl, audio_url: audioUrl }),
	});
	return ((await response.json()) as { id: string }).id;
}

async function downloadVideo(target: Simulator, id: string) {
	const response = await fetch(`${target.videoOrigin}/videos/${target.jobs.get(id)!.uuid}.mp4`);
	return { length: response.headers.get('content-length'), bytes: Buffer.from(await response.arrayBuffer()) };
}

describe('inputSource: only what the simulator can read here', () => {
	test.each(['http://127.0.0.1:9/a.png', 'https://localhost/a.png', 'http://[::1]:8080/a.mp3'])('fetches %s', (url) => {
		expect(inputSource(url, true)).toEqual({ kind: 'fetch', url: new URL(url).href });
	});
	test.each(['https://images.example.com/a.png', 'http://10.0.0.1/a.png', 'file:///etc/passwd', 'not a url', 42])('leaves %p alone', (value) => {
		expect(inputSource(value, true)).toBeUndefined();
	});
	test('decodes an image data URI, but not for audio', () => {
		expect(inputSource('data:image/png;base64,AAEC', true)).toEqual({ kind: 'bytes', bytes: Buffer.from([0, 1, 2]) });
		expect(inputSource('data:image/png;base64,AAEC', false)).toBeUndefined();
	});
});

test('serves the sample portrait and speech with their type and length, 404 for anything else', async () => {
	const { portrait, speech } = sampleUrls(sim.url);
	for (const [url, type, file] of [[portrait, 'image/png', 'portrait.png'], [speech, 'audio/mpeg', 'speech.mp3']]) {
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
