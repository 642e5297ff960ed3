import { checkText, preview, type Checked } from '../checks';
import { inputError } from '../errors';
import type { ItemRun } from '../nodeRun';
import type { UsageLogQuery } from '../transport/usageLogs';

/** The service's widest window for `start` + `end`. */
export const MAX_CUSTOM_DAYS = 92;
const DAY_MS = 24 * 60 * 60 * 1000;

/** What the service takes as `period`: a positive number of hours or days (`24h`, `7d`). */
const RELATIVE_PERIOD = /^[1-9]\d{0,5}[hd]$/;

const ISO_DATE_TIME =
	/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

const EXAMPLE = 'use a date and time such as 2026-07-01T00:00:00 (or with an offset: …T00:00:00Z)';

/** Wall-clock fields read as if they were UTC, or undefined when they name no real moment (Feb 30, 25:00). */
function utcOf(fields: number[]): number | undefined {
	const [year, month, day, hour, minute, second, ms] = fields;
	const time = Date.UTC(year, month - 1, day, hour, minute, second, ms);
	const back = new Date(time);
	const same =
		back.getUTCFullYear() === year &&
		back.getUTCMonth() === month - 1 &&
		back.getUTCDate() === day &&
		back.getUTCHours() === hour &&
		back.getUTCMinutes() === minute &&
		back.getUTCSeconds() === second;
	return same ? time : undefined;
}

/** How far the zone's clocks are ahead of UTC at `instant`, in ms. */
function zoneOffsetMs(instant: number, timeZone: string): number {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone,
		hourCycle: 'h23',
		year: 'numeric',
		month: 'numeric',
		day: 'numeric',
		hour: 'numeric',
		minute: 'numeric',
		second: 'numeric',
	}).formatToParts(new Date(instant));
	const part = (type: Intl.DateTimeFormatPartTypes) =>
		Number(parts.find((entry) => entry.type === type)?.value ?? 0);
	const wall = Date.UTC(
		part('year'),
		part('month') - 1,
		part('day'),
		part('hour'),
		part('minute'),
		part('second'),
	);
	return wall - (instant - (((instant % 1000) + 1000) % 1000));
}

/** A wall-clock time in `timeZone` as an instant (twice, so a time near a DST change lands right). */
function inZone(wall: number, timeZone: string): number {
	try {
		const first = wall - zoneOffsetMs(wall, timeZone);
		return wall - zoneOffsetMs(first, timeZone);
	} catch {
		return wall; // Not a time zone Intl knows: UTC, as the service reads a time without offset.
	}
}

function offsetMs(zone: string): number {
	if (/^z$/i.test(zone)) return 0;
	const [, sign, hours, minutes = '0'] = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone) ?? [];
	return (sign === '-' ? -1 : 1) * (Number(hours) * 60 + Number(minutes)) * 60_000;
}

/**
 * A moment from a Date & Time field: n8n's picker gives wall-clock text without offset, read in the
 * workflow's time zone (as n8n's own nodes do); text with `Z` or an offset, a Date or a Luxon DateTime
 * (from an expression such as `{{ $now.minus({ days: 1 }) }}`) is taken as it is.
 */
export function instantOf(raw: unknown, timeZone: string): Checked<number> {
	if (raw instanceof Date) {
		const time = raw.getTime();
		return Number.isNaN(time)
			? { ok: false, problem: 'is an invalid date' }
			: { ok: true, value: time };
	}
	const toMillis = (raw as { toMillis?: unknown } | null)?.toMillis;
	if (typeof raw === 'object' && raw !== null && typeof toMillis === 'function') {
		const time = Number(toMillis.call(raw));
		return Number.isFinite(time)
			? { ok: true, value: time }
			: { ok: false, problem: 'is an invalid date' };
	}
	const text = checkText(raw);
	if (!text.ok) return text;
	const trimmed = text.value.trim();
	const match = ISO_DATE_TIME.exec(trimmed);
	if (!match)
		return { ok: false, problem: `"${preview(trimmed)}" is not a date and time: ${EXAMPLE}` };
	const [, year, month, day, hour = '0', minute = '0', second = '0', fraction = '', zone] = match;
	const fields = [year, month, day, hour, minute, second, fraction.padEnd(3, '0').slice(0, 3)];
	const wall = utcOf(fields.map(Number));
	if (wall === undefined)
		return { ok: false, problem: `"${preview(trimmed)}" is not a real date and time` };
	return { ok: true, value: zone ? wall - offsetMs(zone) : inZone(wall, timeZone) };
}

type Window = Pick<UsageLogQuery, 'period' | 'start' | 'end'>;

/** Which window of the logs to read: `period=24h` and the like, or Custom's Start and End, checked before any request. */
export function readPeriod(run: ItemRun): Window {
	const raw = run.context.getNodeParameter('period', run.itemIndex, '24h');
	const period = typeof raw === 'string' ? raw.trim() : raw;
	if (period !== 'custom') {
		if (typeof period === 'string' && RELATIVE_PERIOD.test(period)) return { period };
		throw inputError(
			run,
			'Period',
			`must be Last 24 Hours, Last 7 Days, Last 30 Days or Custom (got ${JSON.stringify(period)})`,
			'An expression may also give a number of hours or days, such as "48h" or "14d".',
		);
	}
	const timeZone = run.context.getTimezone();
	const moment = (name: string, field: string) => {
		const checked = instantOf(run.context.getNodeParameter(name, run.itemIndex, ''), timeZone);
		if (!checked.ok) throw inputError(run, field, checked.problem);
		return checked.value;
	};
	const start = moment('periodStart', 'Start');
	const end = moment('periodEnd', 'End');
	const iso = (time: number) => new Date(time).toISOString();
	if (end < start) throw inputError(run, 'End', `(${iso(end)}) is before Start (${iso(start)})`);
	if (end - start > MAX_CUSTOM_DAYS * DAY_MS)
		throw inputError(
			run,
			'End',
			`(${iso(end)}) is more than ${MAX_CUSTOM_DAYS} days after Start (${iso(start)}): the usage logs answer at most ${MAX_CUSTOM_DAYS} days at a time`,
			`Move Start or End closer, or read a longer time in parts of up to ${MAX_CUSTOM_DAYS} days.`,
		);
	return { start: iso(start), end: iso(end) };
}
