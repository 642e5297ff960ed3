/**
 * The talking mouth of the simulator's rendered videos: how open it is in each video frame (from the
 * speech's loudness) and the frames of a mouth drawn at that opening, overlaid on the face by ffmpeg.
 *
 * Loudness: the speech is decoded by ffmpeg to 8 kHz mono s16le PCM; each 1/25 s window's RMS level, in
 * dB below the clip's loud level (its 90th percentile), sets the opening: 0 (closed) at 24 dB below or
 * under an absolute −50 dBFS gate (silence), fully open from 6 dB below. It opens at once and closes by at
 * most a third per frame, so the mouth does not flicker between syllables and is shut 3 frames into a pause.
 *
 * Drawing: a dark ellipse (teeth showing along its top when wide open) in a box of `mouthBox` on the frame
 * the face is in, as raw RGBA frames (transparent when closed), one per video frame: ffmpeg reads them as a
 * second video input and overlays them, so a closed mouth leaves the face's pixels exactly as they were.
 */
export const FPS = 25;
export const PCM_SAMPLE_RATE = 8000;

/**
 * Where the mouth is, as fractions of the face's frame: the sample portrait (examples/media/portrait.svg,
 * 512×640) has its lips centred at (256, 360), i.e. 50 % across and 56.25 % down. Other portraits and
 * videos get the same place: a centred head-and-shoulders framing puts the mouth about there.
 */
export const MOUTH_CENTRE = { x: 0.5, y: 0.5625 };
/** Width of the mouth box as a fraction of the frame's width (the sample's lips are 68 of 512 px wide). */
export const MOUTH_WIDTH = 0.11;
/** Fully open, the mouth is this fraction of the box width tall. */
export const MOUTH_OPEN_HEIGHT = 0.55;

const GATE_DB = -50;
const CLOSED_BELOW_LOUD_DB = 24;
const OPEN_BELOW_LOUD_DB = 6;
const CLOSE_PER_FRAME = 1 / 3;

export interface MouthBox {
	x: number;
	y: number;
	width: number;
	height: number;
}

const even = (value: number) => Math.max(2, 2 * Math.round(value / 2));

/** The mouth's box (even sizes) on a `frameWidth`×`frameHeight` frame showing the face. */
export function mouthBox(frameWidth: number, frameHeight: number): MouthBox {
	const width = even(frameWidth * MOUTH_WIDTH);
	const height = even(width * MOUTH_OPEN_HEIGHT);
	return { x: Math.round(frameWidth * MOUTH_CENTRE.x - width / 2), y: Math.round(frameHeight * MOUTH_CENTRE.y - height / 2), width, height };
}

/** RMS level in dBFS of each 1/25 s window of 16-bit mono PCM (−120 for digital silence). */
export function frameLevels(pcm: Buffer, sampleRate = PCM_SAMPLE_RATE): number[] {
	const samples = Math.floor(pcm.length / 2);
	const window = sampleRate / FPS;
	const levels: number[] = [];
	for (let start = 0; start < samples; start += window) {
		const end = Math.min(samples, Math.floor(start + window));
		let sum = 0;
		for (let index = Math.floor(start); index < end; index++) sum += (pcm.readInt16LE(index * 2) / 32768) ** 2;
		const rms = Math.sqrt(sum / Math.max(1, end - Math.floor(start)));
		levels.push(rms > 1e-6 ? 20 * Math.log10(rms) : -120);
	}
	return levels;
}

/** How open the mouth is (0–1) in each of `frames` video frames, from the speech's PCM. */
export function mouthOpenness(pcm: Buffer, frames: number, sampleRate = PCM_SAMPLE_RATE): number[] {
	const levels = frameLevels(pcm, sampleRate);
	const voiced = levels.filter((level) => level > GATE_DB).sort((a, b) => a - b);
	const loud = voiced.length > 0 ? voiced[Math.floor(voiced.length * 0.9)] : 0;
	const openness: number[] = [];
	let previous = 0;
	for (let frame = 0; frame < frames; frame++) {
		const level = levels[frame] ?? -120;
		const target = level <= GATE_DB ? 0 : clamp((level - (loud - CLOSED_BELOW_LOUD_DB)) / (CLOSED_BELOW_LOUD_DB - OPEN_BELOW_LOUD_DB));
		previous = Math.max(target, previous - CLOSE_PER_FRAME);
		if (previous < 0.05) previous = 0;
		openness.push(previous);
	}
	return openness;
}

const INSIDE = [58, 14, 20];
const TEETH = [236, 230, 220];

/** One RGBA frame per openness value, each `box.width`×`box.height`, concatenated (ffmpeg `-f rawvideo -pix_fmt rgba`). */
export function mouthFrames(openness: number[], box: Pick<MouthBox, 'width' | 'height'>): Buffer {
	const { width, height } = box;
	const frameBytes = width * height * 4;
	const frames = Buffer.alloc(frameBytes * openness.length);
	const cache = new Map<number, Buffer>();
	openness.forEach((open, index) => {
		const key = Math.round(open * 100);
		let frame = cache.get(key);
		if (!frame) cache.set(key, (frame = drawMouth(key / 100, width, height)));
		frame.copy(frames, index * frameBytes);
	});
	return frames;
}

function drawMouth(open: number, width: number, height: number): Buffer {
	const frame = Buffer.alloc(width * height * 4);
	const a = (width / 2) * (0.8 + 0.2 * open);
	const b = (height / 2) * open;
	if (b < 0.75) return frame;
	const teethLine = height / 2 - b * 0.45;
	for (let y = 0; y < height; y++) {
		for (let x = 0; x < width; x++) {
			const dx = (x + 0.5 - width / 2) / a;
			const dy = (y + 0.5 - height / 2) / b;
			// Distance to the edge in pixels, roughly: one pixel of anti-aliasing.
			const coverage = clamp((1 - Math.hypot(dx, dy)) * Math.min(a, b) + 0.5);
			if (coverage === 0) continue;
			const colour = b > 5 && y + 0.5 < teethLine ? TEETH : INSIDE;
			const offset = (y * width + x) * 4;
			frame[offset] = colour[0];
			frame[offset + 1] = colour[1];
			frame[offset + 2] = colour[2];
			frame[offset + 3] = Math.round(coverage * 255);
		}
	}
	return frame;
}

function clamp(value: number): number {
	return Math.min(1, Math.max(0, value));
}
