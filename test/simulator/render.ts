import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Renders a real, playable MP4 for a simulated job from the portrait and speech it was created with:
 * the portrait with a gentle sway and zoom, a sound-wave strip that follows the speech, the speech as AAC.
 * Only inputs the simulator can read here are used (http(s) on this machine, image data URIs); when they
 * cannot be read or ffmpeg is missing, there is no render and the simulator keeps its placeholder bytes.
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
}

/** Readable input: bytes to write to a file for ffmpeg, or undefined when the simulator cannot read it. */
type InputSource = { kind: 'fetch'; url: string } | { kind: 'bytes'; bytes: Buffer };

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
const IMAGE_DATA_URI = /^data:image\/(png|jpeg|webp);base64,([A-Za-z0-9+/=]+)$/;
const MAX_INPUT_BYTES = 32 * 1024 * 1024;
const MAX_SECONDS = 30;
const WIDTH = 480;
const HEIGHT = 640;

export function inputSource(value: unknown, acceptImageDataUri: boolean): InputSource | undefined {
	if (typeof value !== 'string') return undefined;
	const dataUri = acceptImageDataUri ? IMAGE_DATA_URI.exec(value) : null;
	if (dataUri) return { kind: 'bytes', bytes: Buffer.from(dataUri[2], 'base64') };
	try {
		const url = new URL(value);
		if ((url.protocol === 'http:' || url.protocol === 'https:') && LOOPBACK.has(url.hostname)) return { kind: 'fetch', url: url.href };
	} catch {
		return undefined;
	}
	return undefined;
}

/**
 * The filter graph: the portrait covers a slightly larger frame, rocks a little and drifts inside the
 * 480×640 window; the speech draws a centred wave strip near the bottom.
 */
export function ffmpegArguments(image: string, audio: string, durationSeconds: number, output: string): string[] {
	const margin = { x: Math.round(WIDTH * 0.05), y: Math.round(HEIGHT * 0.05) };
	const cover = `${WIDTH + 2 * margin.x}:${HEIGHT + 2 * margin.y}`;
	const strip = { x: 40, width: WIDTH - 80, height: 64, bottom: 84 };
	const graph = [
		`[0:v]scale=${cover}:force_original_aspect_ratio=increase,crop=${cover},setsar=1,`,
		`rotate=a='0.025*sin(2*PI*t/3.2)':c=none,`,
		`crop=${WIDTH}:${HEIGHT}:x='${margin.x}+${margin.x * 0.75}*sin(2*PI*t/5)':y='${margin.y}+${margin.y * 0.45}*sin(2*PI*t/3.7)',`,
		`drawbox=x=${strip.x}:y=ih-${strip.bottom}:w=${strip.width}:h=${strip.height}:color=black@0.3:t=fill[face];`,
		`[1:a]asplit[wave_in][audio];`,
		`[wave_in]showwaves=s=${strip.width}x${strip.height}:mode=cline:rate=25:scale=cbrt:draw=full:colors=0xffffff,format=rgba[wave];`,
		`[face][wave]overlay=${strip.x}:H-${strip.bottom},format=yuv420p[video]`,
	].join('');
	return [
		'-hide_banner', '-loglevel', 'error', '-nostdin', '-y',
		'-loop', '1', '-framerate', '25', '-i', image,
		'-i', audio,
		'-filter_complex', graph,
		'-map', '[video]', '-map', '[audio]',
		'-t', durationSeconds.toFixed(3), '-r', '25',
		'-c:v', 'libx264', '-preset', 'veryfast', '-crf', '28',
		'-c:a', 'aac', '-b:a', '64k',
		'-movflags', '+faststart',
		output,
	];
}

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

	/** Starts rendering a job's video in the background, once per job, when its inputs are readable here. */
	start(jobKey: string, imageUrl: unknown, audioUrl: unknown): void {
		if (this.renders.has(jobKey)) return;
		const image = inputSource(imageUrl, true);
		const audio = inputSource(audioUrl, false);
		if (!image || !audio) return;
		const render = this.render(jobKey, image, audio).catch((error: unknown) => {
			this.log?.(`no video rendered for job ${jobKey} (placeholder served): ${error instanceof Error ? error.message : String(error)}`);
			return undefined;
		});
		this.renders.set(jobKey, render);
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

	private async render(jobKey: string, image: InputSource, audio: InputSource): Promise<RenderedVideo | undefined> {
		if (!(await this.hasFfmpeg())) return undefined;
		await this.slot();
		try {
			if (this.disposed) return undefined;
			const started = Date.now();
			const folder = await (this.folder ??= mkdtemp(path.join(tmpdir(), 'omnihuman-sim-')));
			const safeKey = jobKey.replace(/[^A-Za-z0-9-]/g, '_');
			const imageFile = path.join(folder, `${safeKey}.image`);
			const audioFile = path.join(folder, `${safeKey}.audio`);
			await Promise.all([this.saveInput(image, imageFile), this.saveInput(audio, audioFile)]);
			const durationSeconds = Math.min(await this.audioSeconds(audioFile), MAX_SECONDS);
			const file = path.join(folder, `${safeKey}.mp4`);
			await this.run(this.options.ffmpeg ?? 'ffmpeg', ffmpegArguments(imageFile, audioFile, durationSeconds, file));
			await Promise.all([rm(imageFile, { force: true }), rm(audioFile, { force: true })]);
			const rendered = { file, bytes: (await stat(file)).size, renderMs: Date.now() - started, durationSeconds };
			this.log?.(`rendered the video of job ${jobKey}: ${durationSeconds.toFixed(2)} s, ${rendered.bytes} bytes in ${(rendered.renderMs / 1000).toFixed(1)} s`);
			return rendered;
		} finally {
			this.release();
		}
	}

	private async saveInput(source: InputSource, file: string): Promise<void> {
		if (source.kind === 'bytes') return await writeFile(file, source.bytes);
		const response = await fetch(source.url, { signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000) });
		if (!response.ok) throw new Error(`${source.url} answered HTTP ${response.status}`);
		const bytes = Buffer.from(await response.arrayBuffer());
		if (bytes.length > MAX_INPUT_BYTES) throw new Error(`${source.url} is larger than ${MAX_INPUT_BYTES} bytes`);
		await writeFile(file, bytes);
	}

	private async audioSeconds(file: string): Promise<number> {
		const output = await this.run(this.options.ffprobe ?? 'ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file]);
		const seconds = Number.parseFloat(output);
		if (!Number.isFinite(seconds) || seconds <= 0) throw new Error(`ffprobe found no duration in the audio (${output.trim() || 'no output'})`);
		return seconds;
	}

	private async hasFfmpeg(): Promise<boolean> {
		this.ffmpegPresent ??= this.run(this.options.ffmpeg ?? 'ffmpeg', ['-hide_banner', '-version']).then(
			() => true,
			() => {
				this.log?.('ffmpeg is not on the PATH: simulated videos stay placeholder bytes');
				return false;
			},
		);
		return await this.ffmpegPresent;
	}

	/** Runs a program without blocking the event loop; resolves with its stdout, rejects with its stderr's end. */
	private async run(program: string, args: string[]): Promise<string> {
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
			let stdout = '';
			let stderr = '';
			child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
			child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
			child.on('error', reject);
			child.on('close', (code, signal) =>
				code === 0 ? resolve(stdout) : reject(new Error(`${path.basename(program)} failed (${signal ?? `exit ${code}`}): ${stderr.trim()}`)),
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
