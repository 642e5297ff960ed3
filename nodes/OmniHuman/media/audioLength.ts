// TEMPORARY STUB until h/media merges
export type AudioFormat = 'mp3' | 'wav' | 'm4a' | 'aac';
export type AudioMeasure =
	| { ok: true; format: AudioFormat; seconds: number; bytesRead: number }
	| { ok: false; reason: string; format?: AudioFormat; bytesRead: number };
