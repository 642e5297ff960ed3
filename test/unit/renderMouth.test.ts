import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { createVideo } from '../simulator/client';
import { FPS, mouthBox, mouthFrames, mouthOpenness, PCM_SAMPLE_RATE } from '../simulator/mouth';
import { AVATAR_COVER, AVATAR_MOUTH, AVATAR_SIZE } from '../simulator/renderGraphs';
import { MEDIA_DIR, sampleUrls } from '../simulator/samples';
import { startSimulator, type Simulator } from '../simulator/server';

/**
 * The rendered talking head's mouth, with the real ffmpeg (skipped without it): the speech is 1 s of tone,
 * 1 s of silence, 1 s of tone, and the frames at known times are read back from the MP4.
 */
const hasFfmpeg = ['ffmpeg', 'ffprobe'].every((program) => spawnSync(program, ['-version']).status === 0);
const hasEspeak = spawnSync('espeak-ng', ['--version']).status === 0;
const describeWithFfmpeg = hasFfmpeg ? describe : describe.skip;
const testWithEspeak = hasEspeak ? test : test.skip;
const run = promisify(execFile);

const folder = mkdtempSync(path.join(tmpdir(), 'render-mouth-'));
let media: Server;
let mediaUrl = '';
let still: Simulator;
let swaying: Simulator;

/** A 3 s WAV: `loud` (0–1, 1–2, 2–3 s) says which seconds are a 220 Hz tone; the others are digital silence. */
async function speechFile(name: string, loud: [boolean, boolean, boolean]) {
	const on = loud.map((value, second) => (value ? `between(t,${second},${second + 1})` : '0')).join('+');
	const file = path.join(folder, name);
	await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', `aevalsrc='if(${on},0.5*sin(2*PI*220*t),0)':s=22050:d=3`, file]);
	return `${mediaUrl}/${name}`;
}

/** Renders a talking head of the sample portrait on `sim` and saves it; returns the file and the render time. */
async function renderHead(sim: Simulator, audioUrl: string, name: string) {
	return await renderJob(sim, { model: 'bytedance/omnihuman', image_url: sampleUrls(sim.url).portrait, audio_url: audioUrl }, name);
}

async function renderJob(sim: Simulator, body: Record<string, unknown>, name: string) {
	const created = await createVideo(sim, body);
	expect(created.status).toBe(200);
	const job = sim.jobs.get(created.json.id as string)!;
	const rendered = await sim.renderer.videoFor(job.uuid);
	expect(rendered).toBeDefined();
	const file = path.join(folder, name);
	writeFileSync(file, readFileSync(rendered!.file));
	return { file };
}

/** The luma of a region of the frame at `seconds`, averaged down to a `grid` (columns × rows) of values. */
async function region(file: string, seconds: number, box: { x: number; y: number; width: number; height: number }, grid = [8, 4]): Promise<number[]> {
	const filter = `crop=${box.width}:${box.height}:${box.x}:${box.y},scale=${grid[0]}:${grid[1]}:flags=area,format=gray`;
	const { stdout } = await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-ss', seconds.toFixed(2), '-i', file, '-frames:v', '1', '-vf', filter, '-f', 'rawvideo', '-'], {
		encoding: 'buffer',
	});
	return [...(stdout as Buffer)];
}

interface Probe {
	streams: Array<{ codec_type: string; codec_name: string; width?: number; height?: number; duration?: string }>;
	format: { duration: string };
}

async function probe(file: string): Promise<Probe> {
	const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type,codec_name,width,height,duration:format=duration', '-of', 'json', file]);
	return JSON.parse(stdout) as Probe;
}

/** The loudest sample of the file's sound, in dBFS (about −91 for digital silence). */
async function maxVolume(file: string): Promise<number> {
	const { stderr } = await run('ffmpeg', ['-hide_banner', '-nostdin', '-i', file, '-af', 'volumedetect', '-f', 'null', '-']);
	return Number(/max_volume: (-?[\d.]+) dB/.exec(stderr)![1]);
}

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
const largestDifference = (a: number[], b: number[]) => Math.max(...a.map((value, index) => Math.abs(value - b[index])));

/** Still portrait: the cover frame is cropped at its margin, so the mouth box sits at a known place in the output. */
const margin = { x: (AVATAR_COVER.width - AVATAR_SIZE.width) / 2, y: (AVATAR_COVER.height - AVATAR_SIZE.height) / 2 };
const STILL_MOUTH = { ...AVATAR_MOUTH, x: AVATAR_MOUTH.x - margin.x, y: AVATAR_MOUTH.y - margin.y };
/** The eyes of the sample portrait (218 and 294, 268 of 512×640) in the still output: nothing there should move. */
const STILL_EYES = { x: 200, y: 260, width: 96, height: 36 };
/** A box the swaying mouth never leaves (the sway drifts up to ±18 px across and ±15 px down, and rocks 1.4°). */
const SWAY_MOUTH = { x: STILL_MOUTH.x - 26, y: STILL_MOUTH.y - 22, width: STILL_MOUTH.width + 52, height: STILL_MOUTH.height + 44 };

/** Frames in the tone (0.5, 2.5 s) and in the gap, after the mouth has closed (it closes within 3 frames, 0.12 s). */
const LOUD = [0.5, 2.5];
const SILENT = [1.4, 1.8];

beforeAll(async () => {
	media = createServer((request, response) => response.end(readFileSync(path.join(folder, path.basename(request.url ?? '')))));
	await new Promise<void>((resolve) => media.listen(0, '127.0.0.1', resolve));
	mediaUrl = `http://127.0.0.1:${(media.address() as AddressInfo).port}`;
	[still, swaying] = await Promise.all([
		startSimulator({ jobDurationMs: 0, renderer: { motion: false } }),
		startSimulator({ jobDurationMs: 0, speech: hasEspeak ? { espeak: 'espeak-ng' } : undefined }),
	]);
});
afterAll(async () => {
	await Promise.all([still?.close(), swaying?.close(), new Promise((resolve) => media?.close(resolve))]);
	rmSync(folder, { recursive: true, force: true });
});

describeWithFfmpeg('the talking head opens its mouth with the loudness of the speech', () => {
	test('still portrait: the mouth is open (darker) in the tone, closed in the gap; two silent frames are the same, the eyes never change', async () => {
		const { file } = await renderHead(still, await speechFile('gap.wav', [true, false, true]), 'still.mp4');
		const [loud1, loud2] = await Promise.all(LOUD.map((seconds) => region(file, seconds, STILL_MOUTH)));
		const [silent1, silent2] = await Promise.all(SILENT.map((seconds) => region(file, seconds, STILL_MOUTH)));
		expect(mean(silent1) - mean(loud1)).toBeGreaterThan(25);
		expect(mean(silent2) - mean(loud2)).toBeGreaterThan(25);
		expect(largestDifference(silent1, silent2)).toBeLessThanOrEqual(3);
		const [eyesLoud, eyesSilent] = await Promise.all([region(file, LOUD[0], STILL_EYES), region(file, SILENT[0], STILL_EYES)]);
		expect(largestDifference(eyesLoud, eyesSilent)).toBeLessThanOrEqual(3);
	}, 60_000);

	test('swaying portrait (the demo): against the same render from silence, the mouth differs in the tone only', async () => {
		const [speaking, silent] = await Promise.all([
			renderHead(swaying, await speechFile('gap-sway.wav', [true, false, true]), 'sway.mp4'),
			renderHead(swaying, await speechFile('silence.wav', [false, false, false]), 'sway-silent.mp4'),
		]);
		for (const seconds of LOUD) {
			const [open, closed] = await Promise.all([region(speaking.file, seconds, SWAY_MOUTH), region(silent.file, seconds, SWAY_MOUTH)]);
			expect(mean(closed) - mean(open)).toBeGreaterThan(8);
		}
		for (const seconds of SILENT) {
			const [gap, closed] = await Promise.all([region(speaking.file, seconds, SWAY_MOUTH), region(silent.file, seconds, SWAY_MOUTH)]);
			expect(largestDifference(gap, closed)).toBeLessThanOrEqual(5);
		}
	}, 60_000);
});

/** The fitted 576×720 clip sits 352 px in from the left of the 1280×720 output; its mouth box is 64×36 at (256, 387). */
const LIP_SYNC_MOUTH = { x: 352 + 256, y: 387, width: 64, height: 36 };

describeWithFfmpeg('Lip Sync renders the video re-voiced', () => {
	test('an audio data URI over the sample clip: 1280×720 H.264 + AAC, cut to the speech, the mouth open in the tone only', async () => {
		await speechFile('lip-gap.wav', [true, false, true]);
		const audio = `data:audio/wav;base64,${readFileSync(path.join(folder, 'lip-gap.wav')).toString('base64')}`;
		const { file } = await renderJob(still, { model: 'pixverse/lip-sync', video_url: sampleUrls(still.url).clip, audio_url: audio }, 'lip.mp4');
		const probed = await probe(file);
		expect(probed.streams.map((stream) => `${stream.codec_type}:${stream.codec_name}:${stream.width ?? ''}x${stream.height ?? ''}`).sort()).toEqual(['audio:aac:x', 'video:h264:1280x720']);
		expect(Number(probed.format.duration)).toBeCloseTo(3, 0);
		const [loud, silent] = await Promise.all([region(file, LOUD[0], LIP_SYNC_MOUTH), region(file, SILENT[0], LIP_SYNC_MOUTH)]);
		expect(mean(silent) - mean(loud)).toBeGreaterThan(25);
	}, 60_000);

	test("speech longer than the 4 s clip loops the clip to the speech's length", async () => {
		const speechSeconds = Number((await probe(path.join(MEDIA_DIR, 'speech.mp3'))).format.duration);
		const { file } = await renderJob(still, { model: 'pixverse/lip-sync', video_url: sampleUrls(still.url).clip, audio_url: sampleUrls(still.url).speech }, 'lip-long.mp4');
		const video = (await probe(file)).streams.find((stream) => stream.codec_type === 'video')!;
		expect(speechSeconds).toBeGreaterThan(5);
		expect(Math.abs(Number(video.duration) - speechSeconds)).toBeLessThan(0.2);
	}, 60_000);

	test('a script without a speech engine: silence of its estimated length (10 words: 4 s)', async () => {
		const body = { model: 'pixverse/lip-sync', video_url: sampleUrls(still.url).clip, lip_sync_tts_content: 'one two three four five six seven eight nine ten', lip_sync_tts_speaker: 'Liam' };
		const { file } = await renderJob(still, body, 'lip-silent.mp4');
		expect(Number((await probe(file)).format.duration)).toBeCloseTo(4, 0);
		expect(await maxVolume(file)).toBeLessThan(-80);
	}, 60_000);

	testWithEspeak('a script with the espeak-ng engine is spoken, and the mouth moves', async () => {
		const body = { model: 'pixverse/lip-sync', video_url: sampleUrls(swaying.url).clip, lip_sync_tts_content: 'Good morning, this clip speaks again.', lip_sync_tts_speaker: 'Emily' };
		const { file } = await renderJob(swaying, body, 'lip-spoken.mp4');
		expect(await maxVolume(file)).toBeGreaterThan(-20);
		const duration = Number((await probe(file)).format.duration);
		expect(duration).toBeGreaterThan(1);
		const means = await Promise.all([0.2, 0.35, 0.5, 0.65, 0.8].map(async (share) => mean(await region(file, duration * share, LIP_SYNC_MOUTH))));
		expect(Math.max(...means) - Math.min(...means)).toBeGreaterThan(10);
	}, 60_000);
});

describe('the mouth from the loudness (no ffmpeg needed)', () => {
	/** 16-bit PCM at 8 kHz: `amplitude` (0–1) of a 220 Hz tone per 1/25 s frame. */
	const pcm = (amplitudes: number[]) => {
		const perFrame = PCM_SAMPLE_RATE / FPS;
		const buffer = Buffer.alloc(amplitudes.length * perFrame * 2);
		amplitudes.forEach((amplitude, frame) => {
			for (let index = 0; index < perFrame; index++) {
				const sample = frame * perFrame + index;
				buffer.writeInt16LE(Math.round(amplitude * 32767 * Math.sin((2 * Math.PI * 220 * sample) / PCM_SAMPLE_RATE)), sample * 2);
			}
		});
		return buffer;
	};

	test('silence keeps it shut; a tone opens it fully at once; after the tone it is shut within 3 frames', () => {
		expect(mouthOpenness(pcm(Array(10).fill(0)), 10)).toEqual(Array(10).fill(0));
		const openness = mouthOpenness(pcm([...Array(5).fill(0.5), ...Array(10).fill(0)]), 15);
		expect(openness.slice(0, 5)).toEqual(Array(5).fill(1));
		expect(openness[5]).toBeGreaterThan(0);
		expect(openness.slice(8)).toEqual(Array(7).fill(0));
	});

	test('loudness is relative to the clip: a quiet recording opens as wide as a loud one; 24 dB below its loud level is shut', () => {
		expect(mouthOpenness(pcm(Array(5).fill(0.02)), 5)).toEqual(Array(5).fill(1));
		const mixed = mouthOpenness(pcm([...Array(9).fill(0.5), 0.5 / 20, 0.5 / 20, 0.5 / 20, 0.5 / 20]), 13);
		expect(mixed.slice(12)).toEqual([0]);
		const halfway = mouthOpenness(pcm([...Array(9).fill(0.5), ...Array(6).fill(0.5 / 4)]), 15);
		expect(halfway[14]).toBeGreaterThan(0.3);
		expect(halfway[14]).toBeLessThan(0.9);
	});

	test('frames past the end of the speech are shut; a shut frame is fully transparent, an open one is not', () => {
		const openness = mouthOpenness(pcm([0.5]), 6);
		expect(openness.slice(4)).toEqual([0, 0]);
		const box = mouthBox(528, 704);
		const frames = mouthFrames([0, 1], box);
		const size = box.width * box.height * 4;
		expect(frames.length).toBe(2 * size);
		expect(frames.subarray(0, size).every((byte) => byte === 0)).toBe(true);
		const alpha = [...frames.subarray(size)].filter((_, index) => index % 4 === 3);
		expect(alpha.filter((value) => value === 255).length).toBeGreaterThan(alpha.length / 2);
	});

	test('the mouth box of the sample portrait: 50 % across, 56.25 % down (its lips at 256, 360 of 512×640)', () => {
		expect(mouthBox(512, 640)).toEqual({ x: 256 - 28, y: 360 - 15, width: 56, height: 30 });
		expect(AVATAR_MOUTH).toEqual({ x: 235, y: 380, width: 58, height: 32 });
	});
});
