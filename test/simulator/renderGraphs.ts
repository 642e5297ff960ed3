import { FPS, mouthBox, type MouthBox } from './mouth';

/**
 * The ffmpeg command lines of the simulator's renders. Both overlay the talking mouth (mouth.ts), read as
 * raw RGBA frames from `mouth.file`, on the frame the face is in, so it moves with the face.
 *
 * Talking head (avatar models): the portrait covers a 5 % larger frame (528×704), gets the mouth, rocks a
 * little and drifts inside the 480×640 window; the speech draws a centred wave strip near the bottom.
 * Lip Sync: the input video's frames, looped or cut to the speech's length, fitted into 1280×720 (black
 * bars), the mouth drawn on them, the new speech as the only sound.
 */
export const AVATAR_SIZE = { width: 480, height: 640 };
export const LIP_SYNC_SIZE = { width: 1280, height: 720 };

const MARGIN = { x: Math.round(AVATAR_SIZE.width * 0.05), y: Math.round(AVATAR_SIZE.height * 0.05) };
/** The frame the portrait is scaled to cover before it sways: the mouth is placed on it. */
export const AVATAR_COVER = { width: AVATAR_SIZE.width + 2 * MARGIN.x, height: AVATAR_SIZE.height + 2 * MARGIN.y };
export const AVATAR_MOUTH = mouthBox(AVATAR_COVER.width, AVATAR_COVER.height);

export interface MouthInput {
	file: string;
	box: MouthBox;
}

const ENCODE = ['-r', String(FPS), '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '28', '-c:a', 'aac', '-b:a', '64k', '-movflags', '+faststart'];

function mouthInput(mouth: MouthInput): string[] {
	return ['-f', 'rawvideo', '-pix_fmt', 'rgba', '-video_size', `${mouth.box.width}x${mouth.box.height}`, '-framerate', String(FPS), '-i', mouth.file];
}

/** The talking head; `motion: false` keeps the portrait still (for tests that compare frames). */
export function ffmpegArguments(image: string, audio: string, durationSeconds: number, output: string, mouth: MouthInput, motion = true): string[] {
	const { width, height } = AVATAR_SIZE;
	const cover = `${AVATAR_COVER.width}:${AVATAR_COVER.height}`;
	const strip = { x: 40, width: width - 80, height: 64, bottom: 84 };
	const sway = motion
		? [`rotate=a='0.025*sin(2*PI*t/3.2)':c=none,`, `crop=${width}:${height}:x='${MARGIN.x}+${MARGIN.x * 0.75}*sin(2*PI*t/5)':y='${MARGIN.y}+${MARGIN.y * 0.45}*sin(2*PI*t/3.7)',`]
		: [`crop=${width}:${height}:${MARGIN.x}:${MARGIN.y},`];
	const graph = [
		`[0:v]scale=${cover}:force_original_aspect_ratio=increase,crop=${cover},setsar=1[cover];`,
		`[cover][2:v]overlay=${mouth.box.x}:${mouth.box.y}:eof_action=repeat,`,
		...sway,
		`drawbox=x=${strip.x}:y=ih-${strip.bottom}:w=${strip.width}:h=${strip.height}:color=black@0.3:t=fill[face];`,
		`[1:a]asplit[wave_in][audio];`,
		`[wave_in]showwaves=s=${strip.width}x${strip.height}:mode=cline:rate=${FPS}:scale=cbrt:draw=full:colors=0xffffff,format=rgba[wave];`,
		`[face][wave]overlay=${strip.x}:H-${strip.bottom},format=yuv420p[video]`,
	].join('');
	return [
		'-hide_banner', '-loglevel', 'error', '-nostdin', '-y',
		'-loop', '1', '-framerate', String(FPS), '-i', image,
		'-i', audio,
		...mouthInput(mouth),
		'-filter_complex', graph,
		'-map', '[video]', '-map', '[audio]',
		'-t', durationSeconds.toFixed(3),
		...ENCODE,
		output,
	];
}

/** Where a `width`×`height` input video sits in the 1280×720 output, and its mouth on it. */
export function lipSyncLayout(width: number, height: number): { width: number; height: number; mouth: MouthBox } {
	const scale = Math.min(LIP_SYNC_SIZE.width / width, LIP_SYNC_SIZE.height / height);
	const fitted = {
		width: Math.min(LIP_SYNC_SIZE.width, 2 * Math.round((width * scale) / 2)),
		height: Math.min(LIP_SYNC_SIZE.height, 2 * Math.round((height * scale) / 2)),
	};
	return { ...fitted, mouth: mouthBox(fitted.width, fitted.height) };
}

/** Lip Sync: `layout` from `lipSyncLayout` of the input video's size. */
export function lipSyncArguments(video: string, audio: string, durationSeconds: number, output: string, mouth: MouthInput, layout: { width: number; height: number }): string[] {
	const graph = [
		`[0:v]fps=${FPS},scale=${layout.width}:${layout.height},setsar=1[content];`,
		`[content][2:v]overlay=${mouth.box.x}:${mouth.box.y}:eof_action=repeat,`,
		`pad=${LIP_SYNC_SIZE.width}:${LIP_SYNC_SIZE.height}:(ow-iw)/2:(oh-ih)/2:color=black,format=yuv420p[video]`,
	].join('');
	return [
		'-hide_banner', '-loglevel', 'error', '-nostdin', '-y',
		'-stream_loop', '-1', '-i', video,
		'-i', audio,
		...mouthInput(mouth),
		'-filter_complex', graph,
		'-map', '[video]', '-map', '1:a:0',
		'-t', durationSeconds.toFixed(3),
		...ENCODE,
		output,
	];
}
