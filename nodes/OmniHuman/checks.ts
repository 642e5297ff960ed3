import { inputError, type ItemScope } from './errors';
/**
 * Checks of what the user typed or mapped, each returning a plain-words problem (or nothing).
 * They run before any paid request is sent.
 */
export const IMAGE_MIME_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;
export type ImageMimeType = (typeof IMAGE_MIME_TYPES)[number];

export type Checked<T> = { ok: true; value: T } | { ok: false; problem: string };

function describeType(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** Text that came from a parameter or an expression: objects, lists and empty strings are rejected. */
export function checkText(value: unknown): Checked<string> {
	if (typeof value === 'number' && Number.isFinite(value))
		return { ok: true, value: String(value) };
	if (typeof value !== 'string') {
		return {
			ok: false,
			problem: `must be text, but it is ${describeType(value)} (check the expression: map a single field, e.g. {{ $json.url }})`,
		};
	}
	if (value.trim() === '') return { ok: false, problem: 'is empty' };
	return { ok: true, value };
}

export function checkHttpUrl(value: unknown): Checked<string> {
	const text = checkText(value);
	if (!text.ok) return text;
	const trimmed = text.value.trim();
	let url: URL;
	try {
		url = new URL(trimmed);
	} catch {
		return {
			ok: false,
			problem: `"${preview(trimmed)}" is not a URL: use a full http(s) link such as https://example.com/file`,
		};
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		return {
			ok: false,
			problem: `uses "${url.protocol}", but only http:// and https:// links are accepted`,
		};
	}
	if (!url.hostname) return { ok: false, problem: `"${preview(trimmed)}" has no host name` };
	return { ok: true, value: trimmed };
}

const DATA_URI = /^data:([^;,]*)(;[^,]*)?,/i;

/** An http(s) URL or a base64 data URI of one of `mimeTypes` (`what` names them in the problem). */
function checkMediaReference(
	value: unknown,
	mimeTypes: readonly string[],
	what: string,
): Checked<string> {
	const text = checkText(value);
	if (!text.ok) return text;
	const trimmed = text.value.trim();
	const dataUri = DATA_URI.exec(trimmed);
	if (!dataUri) return checkHttpUrl(trimmed);
	const mimeType = dataUri[1].toLowerCase();
	if (!mimeTypes.includes(mimeType)) {
		return {
			ok: false,
			problem: `is a data URI of type "${mimeType || 'unknown'}"; only ${what} are accepted`,
		};
	}
	if (!/;base64$/i.test(dataUri[2] ?? ''))
		return { ok: false, problem: 'is a data URI that is not base64-encoded' };
	return { ok: true, value: trimmed };
}

/** An http(s) URL or a base64 data URI of a PNG, JPEG or WebP image. */
export function checkImageReference(value: unknown): Checked<string> {
	return checkMediaReference(value, IMAGE_MIME_TYPES, 'PNG, JPEG and WebP images');
}

/** The file's own first bytes decide its type, not its name or declared MIME type. */
export function sniffImageType(bytes: Uint8Array): ImageMimeType | undefined {
	const starts = (...signature: number[]) =>
		signature.every((byte, index) => bytes[index] === byte);
	if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
	if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
	const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
	if (bytes.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
	return undefined;
}

/** MP4 and MOV carry `ftyp` at byte 4 (`qt  ` is QuickTime); WebM and Matroska start with EBML's magic. */
export function sniffVideoType(bytes: Uint8Array): string | undefined {
	const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
	if (bytes.length >= 12 && ascii(4, 8) === 'ftyp')
		return ascii(8, 12) === 'qt  ' ? 'video/quicktime' : 'video/mp4';
	if ([0x1a, 0x45, 0xdf, 0xa3].every((byte, index) => bytes[index] === byte)) return 'video/webm';
	return undefined;
}

const VIDEO_MIME_TYPES = ['video/mp4', 'video/quicktime', 'video/webm'];

/** An http(s) URL or a base64 data URI of an MP4, MOV or WebM video. */
export function checkVideoReference(value: unknown): Checked<string> {
	return checkMediaReference(value, VIDEO_MIME_TYPES, 'MP4, MOV and WebM videos');
}

export function checkGenerationId(value: unknown): Checked<string> {
	const text = checkText(value);
	if (!text.ok) return text;
	return { ok: true, value: text.value.trim() };
}

export interface WaitTiming {
	pollIntervalSeconds: number;
	maxWaitSeconds: number;
}

/** Numbers typed in the field arrive as numbers; numbers mapped by an expression may arrive as text. */
export function toNumber(value: unknown): unknown {
	if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
	return value;
}

/** A number above 0, named with its unit in the problem ("seconds", "MB"). */
export function checkPositiveNumber(raw: unknown, unit: string): Checked<number> {
	const value = toNumber(raw);
	if (typeof value !== 'number' || !Number.isFinite(value)) {
		return { ok: false, problem: `must be a number of ${unit}, but it is ${describeType(value)}` };
	}
	if (value <= 0) return { ok: false, problem: `must be more than 0 ${unit} (got ${value})` };
	return { ok: true, value };
}

/** An amount of money, 0 or more ("US dollars" in the problem). */
export function checkNonNegativeNumber(raw: unknown): Checked<number> {
	const value = toNumber(raw);
	if (typeof value !== 'number' || !Number.isFinite(value)) {
		return {
			ok: false,
			problem: `must be an amount of US dollars, but it is ${describeType(value)}`,
		};
	}
	if (value < 0) return { ok: false, problem: `must be 0 or more US dollars (got ${value})` };
	return { ok: true, value };
}

export function checkWaitTiming(
	pollInterval: unknown,
	maxWait: unknown,
): Checked<WaitTiming> & { field?: string } {
	const interval = checkPositiveNumber(pollInterval, 'seconds');
	if (!interval.ok) return { ...interval, field: 'Poll Interval' };
	const limit = checkPositiveNumber(maxWait, 'seconds');
	if (!limit.ok) return { ...limit, field: 'Max Wait' };
	if (limit.value < interval.value) {
		return {
			ok: false,
			field: 'Max Wait',
			problem: `(${limit.value} s) is shorter than Poll Interval (${interval.value} s): raise Max Wait or lower Poll Interval`,
		};
	}
	return { ok: true, value: { pollIntervalSeconds: interval.value, maxWaitSeconds: limit.value } };
}

export function checkWholeNumber(raw: unknown, minimum: number): Checked<number> {
	const value = toNumber(raw);
	if (typeof value !== 'number' || !Number.isFinite(value)) {
		return { ok: false, problem: `must be a number, but it is ${describeType(value)}` };
	}
	if (!Number.isInteger(value) || value < minimum)
		return { ok: false, problem: `must be a whole number of at least ${minimum} (got ${value})` };
	return { ok: true, value };
}

export function preview(text: string, length = 80): string {
	return text.length > length ? `${text.slice(0, length)}…` : text;
}

/** The value, or an error naming the field and what is wrong with it. */
export function requireValid<T>(
	run: ItemScope,
	field: string,
	checked: Checked<T>,
	hint?: string,
): T {
	if (!checked.ok) throw inputError(run, field, checked.problem, hint);
	return checked.value;
}
