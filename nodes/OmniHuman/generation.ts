/**
 * The generation object returned by `POST/GET /v2/video/generations`, read defensively:
 * every field but `id` may be missing or null, and the service has several spellings.
 */
export type GenerationPhase = 'running' | 'completed' | 'failed';

export interface GenerationUsage {
	credits?: number;
	usdSpent?: number;
}

export interface Generation {
	id: string;
	status: string;
	phase: GenerationPhase;
	videoUrl?: string;
	errorMessage?: string;
	usage?: GenerationUsage;
}

const COMPLETED_STATUSES = new Set(['completed', 'succeeded', 'success']);
const FAILED_STATUSES = new Set(['error', 'failed', 'failure', 'cancelled', 'canceled']);

/** Anything not known to be final counts as still running (`queued`, `generating`, `waiting`, `active`, …). */
export function phaseOf(status: string): GenerationPhase {
	const normalized = status.trim().toLowerCase();
	if (COMPLETED_STATUSES.has(normalized)) return 'completed';
	if (FAILED_STATUSES.has(normalized)) return 'failed';
	return 'running';
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function finiteNumber(value: unknown): number | undefined {
	return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Both failure shapes: `{ name, message }` and `{ detail: [{ loc, msg, type }] }`. */
export function describeServiceError(error: unknown): string | undefined {
	if (typeof error === 'string') return error.trim() || undefined;
	if (!isRecord(error)) return undefined;
	if (typeof error.message === 'string' && error.message.trim() !== '') {
		return typeof error.name === 'string' && error.name && error.name !== 'Error'
			? `${error.name}: ${error.message}`
			: error.message;
	}
	if (Array.isArray(error.detail)) {
		const parts = error.detail.map((entry) => {
			if (!isRecord(entry)) return String(entry);
			const where = Array.isArray(entry.loc) ? entry.loc.join('.') : '';
			const message = typeof entry.msg === 'string' ? entry.msg : JSON.stringify(entry);
			return where ? `${where}: ${message}` : message;
		});
		return parts.join('; ') || undefined;
	}
	if (typeof error.detail === 'string') return error.detail;
	return undefined;
}

export function readUsage(meta: unknown): GenerationUsage | undefined {
	if (!isRecord(meta) || !isRecord(meta.usage)) return undefined;
	const { usage } = meta;
	const credits = finiteNumber(usage.credits_used) ?? finiteNumber(usage.tokens_used);
	const usdSpent = finiteNumber(usage.usd_spent);
	if (credits === undefined && usdSpent === undefined) return undefined;
	return { ...(credits !== undefined && { credits }), ...(usdSpent !== undefined && { usdSpent }) };
}

/** Returns undefined when the body is not a generation object at all. */
export function parseGeneration(body: unknown, fallbackId?: string): Generation | undefined {
	if (!isRecord(body)) return undefined;
	const id = typeof body.id === 'string' && body.id !== '' ? body.id : fallbackId;
	if (!id || typeof body.status !== 'string') return undefined;
	const video = isRecord(body.video) ? body.video : undefined;
	const videoUrl = typeof video?.url === 'string' && video.url !== '' ? video.url : undefined;
	const usage = readUsage(body.meta);
	const errorMessage = describeServiceError(body.error);
	return {
		id,
		status: body.status,
		phase: phaseOf(body.status),
		...(videoUrl && { videoUrl }),
		...(errorMessage && { errorMessage }),
		...(usage && { usage }),
	};
}

/** Real ids are `<uuid>:<model>`; the model part tells which model made it. */
export function modelOfId(id: string): string | undefined {
	const separator = id.indexOf(':');
	return separator > 0 && separator < id.length - 1 ? id.slice(separator + 1) : undefined;
}
