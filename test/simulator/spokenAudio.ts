import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Real speech for the simulator's `/v1/tts`, when asked for (`speech` option) and espeak-ng is here: the
 * script spoken by espeak-ng at the simulator's pace (150 words a minute × speed), as WAV, or as MP3
 * through ffmpeg. Without it the simulator serves silent placeholder audio of the same estimated length.
 */
export interface SpeechEngineOptions {
	/** espeak-ng executable (e.g. `espeak-ng`). */
	espeak: string;
	/** ffmpeg executable, for MP3 (default `ffmpeg`). */
	ffmpeg?: string;
	/** espeak-ng voice (default `en-us`). */
	voice?: string;
	timeoutMs?: number;
	log?: (message: string) => void;
}

const WORDS_PER_MINUTE = 150;

export function espeakArguments(options: SpeechEngineOptions, speed: number, wavFile: string): string[] {
	const wordsPerMinute = Math.round(Math.min(Math.max(WORDS_PER_MINUTE * speed, 80), 450));
	return ['-v', options.voice ?? 'en-us', '-s', String(wordsPerMinute), '-w', wavFile, '--stdin'];
}

/** The script spoken, as `format` bytes; rejects when a program is missing or fails. */
export async function speak(options: SpeechEngineOptions, script: string, format: 'mp3' | 'wav', speed: number): Promise<Buffer> {
	const folder = await mkdtemp(path.join(tmpdir(), 'omnihuman-speech-'));
	try {
		const wav = path.join(folder, 'speech.wav');
		await run(options.espeak, espeakArguments(options, speed, wav), options.timeoutMs, script);
		if (format === 'wav') return await readFile(wav);
		const mp3 = path.join(folder, 'speech.mp3');
		const ffmpegArgs = ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y', '-i', wav, '-ac', '1', '-ar', '22050', '-c:a', 'libmp3lame', '-b:a', '48k', mp3];
		await run(options.ffmpeg ?? 'ffmpeg', ffmpegArgs, options.timeoutMs);
		return await readFile(mp3);
	} finally {
		await rm(folder, { recursive: true, force: true });
	}
}

async function run(program: string, args: string[], timeoutMs = 30_000, input?: string): Promise<void> {
	await new Promise<void>((resolve, reject) => {
		const child = spawn(program, args, { stdio: ['pipe', 'ignore', 'pipe'] });
		const deadline = setTimeout(() => child.kill('SIGKILL'), timeoutMs).unref();
		let stderr = '';
		child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-1000)));
		child.on('error', (error) => {
			clearTimeout(deadline);
			reject(error);
		});
		child.on('close', (code, signal) => {
			clearTimeout(deadline);
			if (code === 0) resolve();
			else reject(new Error(`${path.basename(program)} failed (${signal ?? `exit ${code}`}): ${stderr.trim()}`));
		});
		child.stdin.on('error', () => undefined);
		child.stdin.end(input ?? '');
	});
}
