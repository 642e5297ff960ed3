import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { espeakVoiceOf, type LipSyncSpeech } from './lipSync';
import { FPS, mouthFrames, mouthOpenness, PCM_SAMPLE_RATE, type MouthBox } from './mouth';
import { silentWav } from './placeholderAudio';
import { AVATAR_MOUTH, ffmpegArguments, lipSyncArguments, lipSyncLayout } from './renderGraphs';
import { inputSource, saveInput } from './renderInputs';
import { estimateSpeechSeconds, spokenWords } from './speechModels';
import { speak, type SpeechEngineOptions } from './spokenAudio';

export { ffmpegArguments } from './renderGraphs';
export { inputSource, type DataUriKind } from './renderInputs';

/** Longest render: the speech's first 30 s. */
const MAX_SECONDS = 30;

/**
 * Renders a real, playable MP4 for a simulated job. Talking head (avatar models): the job's portrait with
 * a gentle sway and zoom, a mouth that opens with the speech's loudness, a sound-wave strip, the speech as
 * AAC. Lip Sync: the job's video looped or cut to the new speech, the mouth drawn on it, the new speech
 * (its `audio_url`, or its script spoken by espeak-ng when the simulator has a speech engine, else silence
 * of the script's estimated length). Only inputs the simulator can read here are used (http(s) on this
 * machine, data URIs); when they cannot be read or ffmpeg is missing, there is no render and the simulator
 * keeps its placeholder bytes. The graphs are in renderGraphs.ts, the mouth in mouth.ts.
 */

export interface RenderedVideo {
	file: string;
	bytes: number;
	renderMs: number;
	durationSeconds: number;
}

export interface RendererOptions {
	/** ffmpeg and ffprobe executables (default: from the PATH). */
	ffmpeg?: string;
	ffprobe?: string;
	/** Renders running at once (each ffmpeg uses a core or two). */
	maxParallel?: number;
	/** Gives up on one input download, or one ffmpeg run, after this long. */
	timeoutMs?: number;
	/** Told about every finished render or reason for not rendering. */
	log?: (message: string) => void;
	/** Speaks Lip Sync scripts (`lip_sync_tts_content`); without it they are silence of the estimated length. */
	speech?: SpeechEngineOptions;
	/** false: the talking head's portrait stands still (no sway), for tests that compare frames. */
	motion?: boolean;
}

/** A render's temporary files: `file('audio')` names one and has it deleted after the render. */
type Scratch = (extension: string) => string;

export class VideoRenderer {
	log?: (message: string) => void;

	private readonly renders = new Map<string, Promise<RenderedVideo | undefined>>();

	private readonly waiting: Array<() => void> = [];

	private readonly children = new Set<ChildProcess>();

	private running = 0;

	private folder?: Promise<string>;

	private ffmpegPresent?: Promise<boolean>;

	private disposed = false;

	constructor(private readonly options: RendererOptions = {}) {
		this.log = options.log;
	}

	/** Starts rendering a talking head in the background, once per job, when its inputs are readable here. */
	start(jobKey: string, imageUrl: unknown, audioUrl: unknown): void {
		const image = inputSource(imageUrl, 'image');
		const audio = inputSource(audioUrl);
		if (!image || !audio) return;
		this.launch(jobKey, async (scratch, output) => {
			const [imageFile, audioFile] = [scratch('image'), scratch('audio')];
			await Promise.all([saveInput(image, imageFile, this.options.timeoutMs), saveInput(audio, audioFile, this.options.timeoutMs)]);
			const seconds = Math.min(await this.audioSeconds(audioFile), MAX_SECONDS);
			const mouth = { file: scratch('mouth'), box: AVATAR_MOUTH };
			await this.writeMouth(audioFile, seconds, mouth.box, mouth.file);
			await this.run(this.ffmpeg, ffmpegArguments(imageFile, audioFile, seconds, output, mouth, this.options.motion ?? true));
			return seconds;
		});
	}

	/** Starts rendering a Lip Sync job (its video re-voiced) when its video and speech are readable here. */
	startLipSync(jobKey: string, job: { videoUrl: string; speech: LipSyncSpeech }): void {
		const video = inputSource(job.videoUrl, 'video');
		const audio = job.speech.source === 'audio_url' ? inputSource(job.speech.url, 'audio') : undefined;
		if (!video || (job.speech.source === 'audio_url' && !audio)) return;
		const { speech } = job;
		this.launch(jobKey, async (scratch, output) => {
			const [videoFile, audioFile] = [scratch('video'), scratch('audio')];
			await Promise.all([saveInput(video, videoFile, this.options.timeoutMs), audio ? saveInput(audio, audioFile, this.options.timeoutMs) : this.speakScript(speech, audioFile)]);
			const seconds = Math.min(await this.audioSeconds(audioFile), MAX_SECONDS);
			const layout = lipSyncLayout(...(await this.videoSize(videoFile)));
			const mouth = { file: scratch('mouth'), box: layout.mouth };
			await this.writeMouth(audioFile, seconds, mouth.box, mouth.file);
			await this.run(this.ffmpeg, lipSyncArguments(videoFile, audioFile, seconds, output, mouth, layout));
			return seconds;
		});
	}

	/** The job's rendered video once ready, or undefined when it has none (the placeholder then stands). */
	async videoFor(jobKey: string): Promise<RenderedVideo | undefined> {
		return await this.renders.get(jobKey);
	}

	/** Ends renders under way, then deletes every rendered file. */
	async dispose(): Promise<void> {
		this.disposed = true;
		for (const child of this.children) child.kill('SIGKILL');
		await Promise.all(this.renders.values());
		this.renders.clear();
		if (this.folder) await rm(await this.folder, { recursive: true, force: true });
	}

	private get ffmpeg(): string {
		return this.options.ffmpeg ?? 'ffmpeg';
	}

	/** Runs `make` (which writes `output` and returns the video's length) in a render slot, once per job. */
	private launch(jobKey: string, make: (scratch: Scratch, output: string) => Promise<number>): void {
		if (this.renders.has(jobKey)) return;
		const render = this.render(jobKey, make).catch((error: unknown) => {
			this.log?.(`no video rendered for job ${jobKey} (placeholder served): ${error instanceof Error ? error.message : String(error)}`);
			return undefined;
		});
		this.renders.set(jobKey, render);
	}

	private async render(jobKey: string, make: (scratch: Scratch, output: string) => Promise<number>): Promise<RenderedVideo | undefined> {
		if (!(await this.hasFfmpeg())) return undefined;
		await this.slot();
		const temporary: string[] = [];
		try {
			if (this.disposed) return undefined;
			const started = Date.now();
			const folder = await (this.folder ??= mkdtemp(path.join(tmpdir(), 'omnihuman-sim-')));
			const base = path.join(folder, jobKey.replace(/[^A-Za-z0-9-]/g, '_'));
			const file = `${base}.mp4`;
			const durationSeconds = await make((extension) => {
				temporary.push(`${base}.${extension}`);
				return `${base}.${extension}`;
			}, file);
			const rendered = { file, bytes: (await stat(file)).size, renderMs: Date.now() - started, durationSeconds };
			this.log?.(`rendered the video of job ${jobKey}: ${durationSeconds.toFixed(2)} s, ${rendered.bytes} bytes in ${(rendered.renderMs / 1000).toFixed(1)} s`);
			return rendered;
		} finally {
			await Promise.all(temporary.map((file) => rm(file, { force: true })));
			this.release();
		}
	}

	/** A Lip Sync script as WAV: spoken by espeak-ng in the speaker's voice, or silence of its estimated length. */
	private async speakScript(speech: LipSyncSpeech, file: string): Promise<void> {
		if (speech.source !== 'lip_sync_tts_content') return;
		const engine = this.options.speech;
		if (engine) {
			try {
				const voice = espeakVoiceOf(speech.speaker, engine.voice);
				return await writeFile(file, await speak({ ...engine, voice }, spokenWords(speech.text).join(' '), 'wav', 1));
			} catch (error) {
				this.log?.(`Lip Sync script not spoken (silence instead): ${error instanceof Error ? error.message : String(error)}`);
			}
		}
		await writeFile(file, silentWav(Math.max(1, estimateSpeechSeconds(speech.text))));
	}

	/** The mouth's frames for `seconds` of the speech in `audioFile`, as raw RGBA (mouth.ts). */
	private async writeMouth(audioFile: string, seconds: number, box: MouthBox, file: string): Promise<void> {
		const args = ['-hide_banner', '-loglevel', 'error', '-nostdin', '-i', audioFile, '-t', seconds.toFixed(3), '-ac', '1', '-ar', String(PCM_SAMPLE_RATE), '-f', 's16le', '-'];
		const pcm = await this.run(this.ffmpeg, args);
		await writeFile(file, mouthFrames(mouthOpenness(pcm, Math.ceil(seconds * FPS) + 1), box));
	}

	private async audioSeconds(file: string): Promise<number> {
		const output = (await this.run(this.options.ffprobe ?? 'ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file])).toString();
		const seconds = Number.parseFloat(output);
		if (!Number.isFinite(seconds) || seconds <= 0) throw new Error(`ffprobe found no duration in the audio (${output.trim() || 'no output'})`);
		return seconds;
	}

	private async videoSize(file: string): Promise<[number, number]> {
		const args = ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height', '-of', 'csv=p=0:s=x', file];
		const output = (await this.run(this.options.ffprobe ?? 'ffprobe', args)).toString().trim();
		const [width, height] = output.split('x').map(Number);
		if (!(width > 0 && height > 0)) throw new Error(`ffprobe found no video stream in the video (${output || 'no output'})`);
		return [width, height];
	}

	private async hasFfmpeg(): Promise<boolean> {
		this.ffmpegPresent ??= this.run(this.ffmpeg, ['-hide_banner', '-version']).then(
			() => true,
			() => {
				this.log?.('ffmpeg is not on the PATH: simulated videos stay placeholder bytes');
				return false;
			},
		);
		return await this.ffmpegPresent;
	}

	/** Runs a program without blocking the event loop; resolves with its stdout, rejects with its stderr's end. */
	private async run(program: string, args: string[]): Promise<Buffer> {
		return await new Promise((resolve, reject) => {
			const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe'] });
			this.children.add(child);
			// Not spawn's own `timeout`: its timer outlives a program that is missing (no 'exit' then).
			const deadline = setTimeout(() => child.kill('SIGKILL'), this.options.timeoutMs ?? 60_000).unref();
			const settled = () => {
				clearTimeout(deadline);
				this.children.delete(child);
			};
			child.on('error', settled);
			child.on('close', settled);
			const stdout: Buffer[] = [];
			let stderr = '';
			child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
			child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
			child.on('error', reject);
			child.on('close', (code, signal) =>
				code === 0 ? resolve(Buffer.concat(stdout)) : reject(new Error(`${path.basename(program)} failed (${signal ?? `exit ${code}`}): ${stderr.trim()}`)),
			);
		});
	}

	private async slot(): Promise<void> {
		if (this.running < (this.options.maxParallel ?? 2)) {
			this.running++;
			return;
		}
		await new Promise<void>((resolve) => this.waiting.push(resolve));
	}

	private release() {
		const next = this.waiting.shift();
		if (next) next();
		else this.running--;
	}
}
