import { createReadStream, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import path from 'node:path';

/** The demo's sample media, made by this project (examples/media/generate.sh; the clip: generate-clip.sh). */
export const MEDIA_DIR = path.resolve(__dirname, '../../examples/media');

const SAMPLES: Record<string, { file: string; type: string }> = {
	'/samples/portrait.png': { file: 'portrait.png', type: 'image/png' },
	'/samples/speech.mp3': { file: 'speech.mp3', type: 'audio/mpeg' },
	'/samples/clip.mp4': { file: 'sample-clip.mp4', type: 'video/mp4' },
};

export function isSamplePath(pathname: string): boolean {
	return pathname.startsWith('/samples/');
}

/** Public links to the sample portrait, speech and video clip (for Lip Sync) on a simulator (what the demo's examples use). */
export function sampleUrls(simulatorUrl: string): { portrait: string; speech: string; clip: string } {
	return { portrait: `${simulatorUrl}/samples/portrait.png`, speech: `${simulatorUrl}/samples/speech.mp3`, clip: `${simulatorUrl}/samples/clip.mp4` };
}

/**
 * Rewrites the examples' sample links to `samples`: `https://images.example.com/…` to the portrait,
 * `https://audio.example.com/…` to the speech, `https://videos.example.com/…` to the clip (in JSON text:
 * a link ends at a quote, a backslash or white space).
 */
export function withSampleMedia(samples: ReturnType<typeof sampleUrls>): (json: string) => string {
	const links: Array<[RegExp, string]> = [
		[/https:\/\/images\.example\.com\/[^"\\\s]*/g, samples.portrait],
		[/https:\/\/audio\.example\.com\/[^"\\\s]*/g, samples.speech],
		[/https:\/\/videos\.example\.com\/[^"\\\s]*/g, samples.clip],
	];
	return (json) => links.reduce((text, [link, sample]) => text.replace(link, sample), json);
}

/** Streams a file with its length, so players and downloaders know its size up front. */
export function streamFile(response: ServerResponse, file: string, type: string) {
	response.writeHead(200, { 'content-type': type, 'content-length': statSync(file).size });
	createReadStream(file).pipe(response);
}

export function serveSample(pathname: string, response: ServerResponse) {
	const sample = SAMPLES[pathname];
	if (!sample) {
		response.writeHead(404, { 'content-type': 'text/plain' });
		response.end(`No sample at ${pathname}; there are ${Object.keys(SAMPLES).join(', ')}`);
		return;
	}
	streamFile(response, path.join(MEDIA_DIR, sample.file), sample.type);
}
