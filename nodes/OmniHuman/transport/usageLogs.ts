import type { ApiResult } from './api';
import type { Exchange, SendRequest } from './exchange';
import { failureFromNetwork, unreadableAnswer, type ApiFailure } from './failure';
import { logsFailure, outOfTime, stopped, tooMany, tooSlow } from './usageLogFailures';

export const LOGS_PATH = '/v2/logs';
/** The service's largest page. */
export const LOGS_PAGE_SIZE = 100;

/** `period` (`24h`, `7d`) or `start` + `end` (ISO-8601), never both; repeated `model` and `status` filters. */
export interface UsageLogQuery {
	period?: string;
	start?: string;
	end?: string;
	models?: string[];
	statuses?: Array<'succeeded' | 'failed'>;
}

/** One paid request in the service's usage logs. */
export interface UsageLogRow {
	created: string;
	status: string;
	model: string;
	usd: number;
	credits: number;
	requestId?: string;
	/** The generation id of a video job. */
	inferenceId?: string;
	clientRequestId?: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
const amount = (value: unknown) =>
	typeof value === 'number' && Number.isFinite(value) ? value : 0;

/** The query string, built here: repeated parameters must stay repeated (`model=a&model=b`), never a list. */
export function logsUrl(query: UsageLogQuery, offset: number, limit = LOGS_PAGE_SIZE): string {
	const pairs: Array<[string, string]> = [];
	if (query.period) pairs.push(['period', query.period]);
	if (query.start) pairs.push(['start', query.start]);
	if (query.end) pairs.push(['end', query.end]);
	for (const model of query.models ?? []) pairs.push(['model', model]);
	for (const status of query.statuses ?? []) pairs.push(['status', status]);
	pairs.push(['limit', String(limit)], ['offset', String(offset)]);
	const search = pairs.map(([key, value]) => `${key}=${encodeURIComponent(value)}`).join('&');
	return `${LOGS_PATH}?${search}`;
}

export function parseLogRow(raw: unknown): UsageLogRow | undefined {
	if (!isRecord(raw)) return undefined;
	const cost = isRecord(raw.cost) ? raw.cost : {};
	const model = text(raw.model);
	if (!model) return undefined;
	return {
		created: text(raw.created) ?? '',
		status: text(raw.status) ?? '',
		model,
		usd: amount(cost.usd),
		credits: amount(cost.credits),
		...(text(raw.request_id) && { requestId: text(raw.request_id) }),
		...(text(raw.inference_id) && { inferenceId: text(raw.inference_id) }),
		...(text(raw.client_request_id) && { clientRequestId: text(raw.client_request_id) }),
	};
}

interface LogPage {
	rows: UsageLogRow[];
	/** Rows the service sent, readable or not: the next page's offset moves by this many. */
	sent: number;
	hasMore: boolean;
	total?: number;
}

function pageOf(body: unknown): LogPage | undefined {
	if (!isRecord(body) || !Array.isArray(body.data)) return undefined;
	const rows = body.data.map(parseLogRow).filter((row): row is UsageLogRow => row !== undefined);
	const pagination = isRecord(body.pagination) ? body.pagination : {};
	const total = typeof pagination.total === 'number' ? pagination.total : undefined;
	const offset = typeof pagination.offset === 'number' ? pagination.offset : undefined;
	const hasMore =
		typeof pagination.has_more === 'boolean'
			? pagination.has_more
			: total !== undefined && offset !== undefined && offset + body.data.length < total;
	return { rows, sent: body.data.length, hasMore: hasMore && body.data.length > 0, total };
}

export interface LogReadOptions {
	/** One request's limit (the node's Request Timeout). */
	timeoutMs: number;
	/** Waits after a 429 (the endpoint allows 200 reads a minute); false when the wait was stopped. */
	sleep: (ms: number) => Promise<boolean>;
	now: () => number;
	/** No page is read after this time (ms since epoch); 429s are waited through until then. */
	deadline: number;
	/** Stop early once this returns true for a page (a search that found what it looked for). */
	enough?: (rows: UsageLogRow[]) => boolean;
}

/** The read options for a run's clock: its sleep rejects when the item is stopped, which ends the read. */
export function logReadOptions(
	clock: { now(): number; sleep(ms: number): Promise<void> },
	timeoutMs: number,
	maxReadMs: number,
): LogReadOptions {
	return {
		timeoutMs,
		now: () => clock.now(),
		deadline: clock.now() + maxReadMs,
		sleep: async (ms) => {
			try {
				await clock.sleep(ms);
				return true;
			} catch {
				return false;
			}
		},
	};
}

/** 100,000 rows: far more than the 200 reads a minute allow within any read limit the node sets. */
const MAX_PAGES = 1000;
const FIRST_BACKOFF_MS = 1000;
const MAX_BACKOFF_MS = 60_000;

/**
 * Reads every page of `GET /v2/logs` for `query`, newest first. Reading costs nothing, so 429s, 5xx,
 * dropped connections and unreadable pages are retried (honouring `Retry-After`) until `deadline`.
 * A row that arrives while pages are read pushes the older ones one place down: a row seen twice
 * (same request id) is kept once.
 */
export async function readUsageLogs(
	send: SendRequest,
	query: UsageLogQuery,
	options: LogReadOptions,
): Promise<ApiResult<UsageLogRow[]>> {
	const startedAt = options.now();
	const rows: UsageLogRow[] = [];
	const seen = new Set<string>();
	let offset = 0;
	let backoff = FIRST_BACKOFF_MS;
	for (let page = 0; page < MAX_PAGES; ) {
		const exchange: Exchange = await send({
			method: 'GET',
			url: logsUrl(query, offset),
			timeoutMs: options.timeoutMs,
		});
		const read = readPage(exchange, options.now());
		if (!read.ok) {
			const { failure } = read;
			if (failure.kind !== 'rate-limited' && failure.kind !== 'transient') return read;
			const wait = failure.retryAfterMs ?? backoff;
			if (options.now() + wait > options.deadline)
				return { ok: false, failure: outOfTime(failure, startedAt, options.deadline) };
			if (!(await options.sleep(wait))) return { ok: false, failure: stopped() };
			backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
			continue;
		}
		for (const row of read.value.rows) {
			if (row.requestId !== undefined) {
				if (seen.has(row.requestId)) continue;
				seen.add(row.requestId);
			}
			rows.push(row);
		}
		offset += read.value.sent;
		page++;
		if (!read.value.hasMore || options.enough?.(read.value.rows)) return { ok: true, value: rows };
		if (options.now() > options.deadline)
			return { ok: false, failure: tooSlow(rows.length, read.value.total, startedAt, options) };
		backoff = FIRST_BACKOFF_MS;
	}
	return { ok: false, failure: tooMany(rows.length) };
}

function readPage(exchange: Exchange, now: number): ApiResult<LogPage> {
	if (exchange.kind === 'cancelled') return { ok: false, failure: stopped() };
	if (exchange.kind === 'refused-locally') {
		const failure: ApiFailure = {
			kind: 'fatal',
			message: exchange.message,
			mayHaveReachedService: false,
		};
		return { ok: false, failure };
	}
	if (exchange.kind === 'network') {
		const failure = failureFromNetwork(exchange);
		// A refused connection is a wrong Base URL far more often than a passing fault.
		return { ok: false, failure: exchange.refused ? { ...failure, kind: 'fatal' } : failure };
	}
	if (exchange.statusCode < 200 || exchange.statusCode >= 300)
		return { ok: false, failure: logsFailure(exchange, now) };
	const page = pageOf(exchange.body);
	if (!page) {
		const failure: ApiFailure = {
			...unreadableAnswer(exchange.statusCode),
			message: `The AI/ML API answered HTTP ${exchange.statusCode} with a body that is not a page of usage logs`,
		};
		return { ok: false, failure };
	}
	return { ok: true, value: page };
}
