import { spawn, execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { PROJECT_ROOT } from '../real-n8n/runtime';
import { viewVideoInEditor } from '../real-n8n/videoViewer';
import { MEDIA_DIR } from '../simulator/samples';

const PORT = Number(process.env.E2E_DEMO_PORT ?? 5694);

interface Probe {
	streams: Array<{ codec_type: string; codec_name: string; width?: number; height?: number }>;
	format: { duration: string };
}

async function ffprobe(file: string): Promise<Probe> {
	const { stdout } = await promisify(execFile)('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type,codec_name,width,height:format=duration', '-of', 'json', file]);
	return JSON.parse(stdout) as Probe;
}

/** The demo's video must be a real one: the sample portrait as H.264 video with the sample speech as audio. */
async function expectPlayableVideo(videoUrl: string) {
	const folder = mkdtempSync(path.join(tmpdir(), 'demo-video-'));
	try {
		const response = await fetch(videoUrl);
		expect([response.status, response.headers.get('content-type')]).toEqual([200, 'video/mp4']);
		const file = path.join(folder, 'video.mp4');
		writeFileSync(file, Buffer.from(await response.arrayBuffer()));
		const [video, speech] = await Promise.all([ffprobe(file), ffprobe(path.join(MEDIA_DIR, 'speech.mp3'))]);
		expect(video.streams.map((stream) => `${stream.codec_type}:${stream.codec_name}`).sort()).toEqual(['audio:aac', 'video:h264']);
		expect(Math.abs(Number(video.format.duration) - Number(speech.format.duration))).toBeLessThanOrEqual(0.5);
	} finally {
		rmSync(folder, { recursive: true, force: true });
	}
}

/** The printed asynchronous curls, as printed: 202 with a status URL, which answers the job's status with the same header. */
async function expectAsyncCurlsWork(output: string) {
	const post = /^DEMO_ASYNC_CURL: (.+)$/m.exec(output)![1];
	const status = /^DEMO_STATUS_CURL: (.+)$/m.exec(output)![1];
	expect(post).toMatch(/-H 'X-API-Key: [\w-]{16,}'/);
	const [, json, code] = /^([\s\S]*) (\d{3})$/.exec((await promisify(execFile)('bash', ['-c', `${post} -w ' %{http_code}'`])).stdout)!;
	expect(code).toBe('202');
	const accepted = JSON.parse(json) as { id: string; statusUrl: string };
	expect(accepted.statusUrl).toBe(`http://127.0.0.1:${PORT}/webhook/omnihuman/jobs/status?id=${encodeURIComponent(accepted.id)}`);
	const { stdout } = await promisify(execFile)('bash', ['-c', status.replace('<statusUrl>', accepted.statusUrl)]);
	expect(JSON.parse(stdout)).toMatchObject({ id: accepted.id, status: expect.stringMatching(/^(queued|generating|completed)$/) });
}

/** The README's first command, as a newcomer runs it: it prints a curl that must return a video URL, and Ctrl-C ends it. */
test('npm run demo: the printed curl returns a playable video of the sample portrait and speech, n8n\'s viewer plays it; Ctrl-C stops everything', async () => {
	const demo = spawn('npm', ['run', 'demo'], {
		cwd: PROJECT_ROOT,
		env: { ...process.env, N8N_PORT: String(PORT), AIMLAPI_API_KEY: '', DEMO_JOB_SECONDS: '2' },
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	let output = '';
	demo.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
	const curl = await new Promise<string>((resolve, reject) => {
		demo.stdout.on('data', (chunk: Buffer) => {
			output += chunk.toString();
			const line = /^DEMO_CURL: (.+)$/m.exec(output)?.[1];
			if (line && /^DEMO_STATUS_CURL: /m.test(output)) resolve(line);
		});
		demo.on('exit', (code) => reject(new Error(`demo exited (${code}) before printing the curl:\n${output}`)));
	});
	try {
		expect(output).toMatch(new RegExp(`Editor: +http://127\\.0\\.0\\.1:${PORT}/home/workflows`));
		expect(output).toMatch(/Login: +\S+@\S+ \/ \S+/);
		const { stdout } = await promisify(execFile)('bash', ['-c', curl]);
		const answer = JSON.parse(stdout) as { videoUrl: string };
		expect(answer).toMatchObject({ id: expect.stringMatching(/:bytedance\/omnihuman$/), videoUrl: expect.stringMatching(/^http:\/\/localhost:\d+\/videos\/.+\.mp4$/) });
		expect(curl).toMatch(/"image_url":"http:\/\/127\.0\.0\.1:\d+\/samples\/portrait\.png","audio_url":"http:\/\/127\.0\.0\.1:\d+\/samples\/speech\.mp3"/);
		expect(output).toMatch(/Credential "AI\/ML API": the simulator's key sim-test-key-\S+, Base URL http:\/\/127\.0\.0\.1:\d+/);
		await expectPlayableVideo(answer.videoUrl);
		await expectAsyncCurlsWork(output);
		// Example 1 (Download Video on) uses the sample media in the demo: n8n's own viewer plays the result.
		const [, email, password] = /Login: +(\S+@\S+) \/ (\S+)/.exec(output)!;
		const viewer = await viewVideoInEditor({ url: `http://127.0.0.1:${PORT}` }, { email, password }, 'OmniHumanManual1', 'OmniHuman');
		const speech = await ffprobe(path.join(MEDIA_DIR, 'speech.mp3'));
		expect(viewer).toMatchObject({ width: 480, height: 640, error: null });
		expect(viewer.playedSeconds).toBeGreaterThan(1);
		expect(Math.abs(viewer.durationSeconds - Number(speech.format.duration))).toBeLessThanOrEqual(0.5);
		expect(output).toMatch(/\[demo\] rendered the video of job \S+: [\d.]+ s, \d+ bytes in [\d.]+ s/);
	} finally {
		const exited = new Promise((resolve) => demo.on('exit', resolve));
		process.kill(-demo.pid!, 'SIGINT');
		let timer: NodeJS.Timeout | undefined;
		const outcome = await Promise.race([exited.then(() => 'exited'), new Promise((resolve) => (timer = setTimeout(() => resolve('timeout'), 20_000)))]);
		clearTimeout(timer);
		if (outcome === 'timeout') process.kill(-demo.pid!, 'SIGKILL');
		expect(outcome).toBe('exited');
	}
	expect(output).toMatch(/\[demo\] stopping n8n and the simulator/);
	const deadline = Date.now() + 15_000;
	let listening = true;
	while (listening && Date.now() < deadline) {
		listening = await fetch(`http://127.0.0.1:${PORT}/healthz`).then(() => true, () => false);
		if (listening) await new Promise((resolve) => setTimeout(resolve, 250));
	}
	expect(listening).toBe(false);
}, 900_000);
