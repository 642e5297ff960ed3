import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';

import { chargeOf, NO_CHARGE, type Charge } from './billing';
import { sendError, sendJson } from './envelope';
import type { SimulatedJob } from './server';
import type { SpeechSynthesis } from './speech';
import { generationId, videoModel } from './videoModels';

/**
 * `GET /v2/logs` of the simulator: the usage ledger. A speech synthesis is listed at once; a video job
 * only once its time has passed (completed: its charge; failed: zero), whether or not anyone polled it.
 * Requests refused before they ran (400, 401, 403, 429) are not listed. Tests can add rows of their own.
 */
export type LogStatus = 'succeeded' | 'failed';
export const LOG_STATUSES: LogStatus[] = ['succeeded', 'failed'];

export interface UsageLogRow {
	created: string;
	status: LogStatus;
	origin: 'api';
	model: string;
	cost: { usd: number; credits: number };
	tokens: { input: number; output: number; total: number };
	request_id: string;
	inference_id: string;
	client_request_id: string | null;
}

/** A row to add to the ledger; anything left out gets a plausible value (`created`: now). */
export interface LogRowSeed {
	created?: string | number | Date;
	status?: LogStatus;
	model?: string;
	/** Default: the model's price when succeeded, 0 when failed. */
	usd?: number;
	request_id?: string;
	inference_id?: string;
	client_request_id?: string | null;
}

export interface UsageSeeding {
	model?: string;
	status?: LogStatus;
	usd?: number;
	/** When the newest seeded row was made (default one second ago); each next one `spacingMs` earlier. */
	newest?: number;
	/** Default one minute. */
	spacingMs?: number;
}

/** At most `reads` reads per sliding `windowMs`; 429 with `Retry-After` beyond. */
export interface LogReadLimit {
	reads: number;
	windowMs: number;
}

export const DEFAULT_LOG_READ_LIMIT: LogReadLimit = { reads: 200, windowMs: 60_000 };
export const MAX_WINDOW_DAYS = 92;
export const MAX_MODEL_FILTERS = 50;
export const MAX_LIMIT = 100;
export const DEFAULT_LIMIT = 50;
/** Without `period` or `start`/`end` the simulator lists the last 24 hours (the service does not say). */
export const DEFAULT_WINDOW_MS = 24 * 3_600_000;

const DAY_MS = 86_400_000;

/** What the ledger lists besides its seeded rows (the simulator itself). */
export interface LedgerSource {
	readonly jobs: Map<string, SimulatedJob>;
	readonly syntheses: SpeechSynthesis[];
	statusOf(job: SimulatedJob, at?: number): { status: string; final: boolean };
}

interface LogsQuery {
	from: number;
	to: number;
	models?: string[];
	statuses?: string[];
	limit: number;
	offset: number;
}

/** The service keeps an `X-Client-Request-Id` only when it is 1–128 of these; any other is dropped silently. */
const CLIENT_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function validClientRequestId(header: string | string[] | undefined): string | undefined {
	return typeof header === 'string' && CLIENT_REQUEST_ID.test(header) ? header : undefined;
}

export class UsageLedger {
	/** 429 answers given so far. */
	refusedReads = 0;

	private readonly seeded: UsageLogRow[] = [];

	private readonly readTimes: number[] = [];

	constructor(
		private readonly source: LedgerSource,
		public readLimit: LogReadLimit = DEFAULT_LOG_READ_LIMIT,
	) {}

	reset(readLimit: LogReadLimit = DEFAULT_LOG_READ_LIMIT) {
		this.seeded.length = 0;
		this.readTimes.length = 0;
		this.refusedReads = 0;
		this.readLimit = readLimit;
	}

	add(seeds: LogRowSeed[]): UsageLogRow[] {
		const rows = seeds.map(rowOfSeed);
		this.seeded.push(...rows);
		return rows;
	}

	/** `count` rows one `spacingMs` apart back from `newest` (mind the default 24 h window), e.g. to page past 100. */
	seed(
		count: number,
		{ newest = Date.now() - 1000, spacingMs = 60_000, ...row }: UsageSeeding = {},
	) {
		return this.add(
			Array.from({ length: count }, (_, index) => ({
				...row,
				created: newest - index * spacingMs,
			})),
		);
	}

	/** Every row listed at `at`, newest first (what `GET /v2/logs` pages through before its filters). */
	rows(at = Date.now()): UsageLogRow[] {
		const rows = [...this.seeded, ...this.liveRows(at)].reverse();
		// A stable sort over the reversed list: of rows made at the same time, the last recorded comes first.
		return rows.sort((a, b) => Date.parse(b.created) - Date.parse(a.created));
	}

	/** Answers an authorized `GET /v2/logs`. */
	serve(url: URL, response: ServerResponse) {
		const now = Date.now();
		const retryAfter = this.refusal(now);
		if (retryAfter) {
			this.refusedReads++;
			return sendError(response, 429, 'Too many requests: rate limit exceeded', url.pathname, {
				'retry-after': retryAfter,
			});
		}
		const query = parseLogsQuery(url.searchParams, now);
		if (typeof query === 'string') return sendError(response, 400, query, url.pathname);
		const matching = this.rows(now).filter((row) => {
			const created = Date.parse(row.created);
			return (
				created >= query.from &&
				created <= query.to &&
				(!query.models || query.models.includes(row.model)) &&
				(!query.statuses || query.statuses.includes(row.status))
			);
		});
		const data = matching.slice(query.offset, query.offset + query.limit);
		const pagination = {
			limit: query.limit,
			offset: query.offset,
			total: matching.length,
			has_more: query.offset + data.length < matching.length,
		};
		sendJson(response, 200, { data, pagination });
	}

	/** `Retry-After` seconds when this read is over the limit; otherwise counts it and returns undefined. */
	private refusal(now: number): string | undefined {
		const { reads, windowMs } = this.readLimit;
		while (this.readTimes.length > 0 && this.readTimes[0] <= now - windowMs) this.readTimes.shift();
		if (this.readTimes.length >= reads)
			return String(Math.max(1, Math.ceil((this.readTimes[0] + windowMs - now) / 1000)));
		this.readTimes.push(now);
		return undefined;
	}

	private liveRows(at: number): UsageLogRow[] {
		const rows = this.source.syntheses.map((synthesis) =>
			logRow(
				synthesis.at,
				'succeeded',
				synthesis.model,
				synthesis.charge,
				synthesis.requestId,
				synthesis.id,
				synthesis.clientRequestId,
			),
		);
		for (const job of this.source.jobs.values()) {
			const { status, final } = this.source.statusOf(job, at);
			if (!final) continue;
			const succeeded = status === 'completed' || status === 'succeeded';
			rows.push(
				logRow(
					job.createdAt,
					succeeded ? 'succeeded' : 'failed',
					job.model,
					succeeded ? job.charge : NO_CHARGE,
					job.requestId,
					job.id,
					job.clientRequestId,
				),
			);
		}
		return rows;
	}
}

function logRow(
	createdAt: number,
	status: LogStatus,
	model: string,
	charge: Charge,
	requestId: string,
	inferenceId: string,
	clientRequestId: string | undefined,
): UsageLogRow {
	return {
		created: new Date(createdAt).toISOString(),
		status,
		origin: 'api',
		model,
		cost: { usd: charge.usd, credits: charge.credits },
		tokens: { input: 0, output: 0, total: 0 },
		request_id: requestId,
		inference_id: inferenceId,
		client_request_id: clientRequestId ?? null,
	};
}

function rowOfSeed(seed: LogRowSeed): UsageLogRow {
	const model = seed.model ?? 'bytedance/omnihuman';
	const status = seed.status ?? 'succeeded';
	const video = videoModel(model);
	const usd = seed.usd ?? (status === 'failed' ? 0 : (video?.priceUsd ?? 0));
	const uuid = randomUUID();
	const created = seed.created === undefined ? Date.now() : new Date(seed.created).getTime();
	return logRow(
		created,
		status,
		model,
		chargeOf(usd),
		seed.request_id ?? `req-${uuid}`,
		seed.inference_id ?? (video ? generationId(video, model, uuid) : uuid),
		seed.client_request_id ?? undefined,
	);
}

/** The query's window, filters and page, or the 400 message naming what is wrong. */
export function parseLogsQuery(params: URLSearchParams, now: number): LogsQuery | string {
	for (const name of ['period', 'start', 'end', 'limit', 'offset']) {
		if (params.getAll(name).length > 1) return `${name} must be given at most once`;
	}
	const period = params.get('period');
	const start = params.get('start');
	const end = params.get('end');
	let from = now - DEFAULT_WINDOW_MS;
	let to = now;
	if (period !== null && (start !== null || end !== null))
		return 'Give either period or start and end, not both';
	if (period !== null) {
		const match = /^([1-9]\d*)([hd])$/.exec(period);
		if (!match) return 'period must be a positive whole number of hours or days, e.g. 24h or 7d';
		from = now - Number(match[1]) * (match[2] === 'h' ? 3_600_000 : DAY_MS);
	} else if (start !== null || end !== null) {
		if (start === null || end === null) return 'start and end must be given together';
		const startMs = isoTime(start);
		const endMs = isoTime(end);
		if (startMs === undefined) return 'start must be an ISO-8601 date or time';
		if (endMs === undefined) return 'end must be an ISO-8601 date or time';
		if (endMs < startMs) return 'end must not be before start';
		[from, to] = [startMs, endMs];
	}
	if (to - from > MAX_WINDOW_DAYS * DAY_MS)
		return `The window must be at most ${MAX_WINDOW_DAYS} days`;

	const models = params.getAll('model');
	if (models.length > MAX_MODEL_FILTERS) return `At most ${MAX_MODEL_FILTERS} model filters`;
	const statuses = params.getAll('status');
	const badStatus = statuses.find((status) => !(LOG_STATUSES as string[]).includes(status));
	if (badStatus !== undefined) {
		return badStatus.includes(',')
			? 'status must be repeated (status=succeeded&status=failed), not a comma list'
			: `status must be one of: ${LOG_STATUSES.join(', ')}`;
	}
	const limit = wholeNumber(params.get('limit')) ?? (params.has('limit') ? NaN : DEFAULT_LIMIT);
	if (!(limit >= 1 && limit <= MAX_LIMIT))
		return `limit must be a whole number from 1 to ${MAX_LIMIT}`;
	const offset = wholeNumber(params.get('offset')) ?? (params.has('offset') ? NaN : 0);
	if (!(offset >= 0)) return 'offset must be a whole number, 0 or more';
	return {
		from,
		to,
		...(models.length > 0 && { models }),
		...(statuses.length > 0 && { statuses }),
		limit,
		offset,
	};
}

function wholeNumber(value: string | null): number | undefined {
	return value !== null && /^\d+$/.test(value) ? Number(value) : undefined;
}

const ISO_TIME =
	/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/** Milliseconds of an ISO-8601 date or time, UTC when it has no offset; undefined when not a real one. */
function isoTime(text: string): number | undefined {
	const match = ISO_TIME.exec(text);
	if (!match) return undefined;
	const [, year, month, day, hour = '0', minute = '0', second = '0', fraction = '0', offset] =
		match;
	const parts = [year, month, day, hour, minute, second].map(Number);
	const utc = Date.UTC(
		parts[0],
		parts[1] - 1,
		parts[2],
		parts[3],
		parts[4],
		parts[5],
		Math.floor(Number(`0.${fraction}`) * 1000),
	);
	const back = new Date(utc);
	const sameParts = [
		back.getUTCFullYear(),
		back.getUTCMonth() + 1,
		back.getUTCDate(),
		back.getUTCHours(),
		back.getUTCMinutes(),
		back.getUTCSeconds(),
	];
	if (sameParts.some((value, index) => value !== parts[index])) return undefined;
	if (!offset || offset.toUpperCase() === 'Z') return utc;
	const [, sign, offsetHours, offsetMinutes] = /^([+-])(\d{2}):?(\d{2})$/.exec(offset)!;
	const offsetMs = (Number(offsetHours) * 60 + Number(offsetMinutes)) * 60_000;
	return sign === '+' ? utc - offsetMs : utc + offsetMs;
}
