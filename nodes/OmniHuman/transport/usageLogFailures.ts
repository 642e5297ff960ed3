import type { Exchange } from './exchange';
import { failureFromStatus, serviceMessage, type ApiFailure } from './failure';

/** The transport's mapping, with the words that fit a usage-log read (there is no generation or image here). */
export function logsFailure(
	exchange: Extract<Exchange, { kind: 'response' }>,
	now: number,
): ApiFailure {
	const { statusCode, headers, body } = exchange;
	const failure = failureFromStatus(statusCode, headers, body, now);
	const words = serviceMessage(body);
	const withWords = (base: string) => (words ? `${base}: ${words}` : base);
	switch (statusCode) {
		case 400:
		case 422:
			return {
				...failure,
				message: withWords(`The AI/ML API refused the usage-log query (HTTP ${statusCode})`),
				description:
					'Check Period (Start and End: End not before Start, at most 92 days apart) and the Models and Status filters.',
			};
		case 403:
			return {
				...failure,
				message: withWords('The AI/ML API refused to show the usage logs (HTTP 403)'),
				description:
					'This API key may not read the usage logs of its account: check the key and its permissions in the AI/ML API dashboard.',
			};
		case 404:
			return {
				...failure,
				message: withWords('The AI/ML API has no usage logs at this address (HTTP 404)'),
				description:
					"Check the Base URL in the node's 'AI/ML API' credential: it must point at the AI/ML API (or a proxy that passes /v2/logs on).",
			};
		case 504:
			// A gateway that gave up on a read, not a generation that timed out: reading again is free.
			return {
				...failure,
				kind: 'transient',
				message: withWords('The AI/ML API did not answer the usage-log read in time (HTTP 504)'),
			};
		case 429:
			return {
				...failure,
				description:
					'The usage logs allow 200 reads a minute per key, shared with every workflow and tool that uses it. Try again in a minute, or choose a shorter period.',
			};
		default:
			return failure;
	}
}

function seconds(ms: number): string {
	return `${Math.round(ms / 1000)} s`;
}

/** The last trouble (a 429, a 5xx, a dropped connection) once waiting again would pass the deadline. */
export function outOfTime(failure: ApiFailure, startedAt: number, deadline: number): ApiFailure {
	const limit = `gave up after ${seconds(deadline - startedAt)}, the longest a usage read waits`;
	return {
		...failure,
		kind: 'fatal',
		message: `${failure.message} (${limit})`,
	};
}

export function stopped(): ApiFailure {
	return { kind: 'cancelled', message: 'The execution was stopped', mayHaveReachedService: false };
}

export function tooSlow(
	read: number,
	total: number | undefined,
	startedAt: number,
	options: { deadline: number },
): ApiFailure {
	const rows = `${read}${total === undefined ? '' : ` of ${total}`} rows read`;
	return {
		kind: 'fatal',
		message: `Reading the usage logs took longer than ${seconds(options.deadline - startedAt)} (${rows})`,
		description:
			'The service allows 200 reads of 100 rows a minute. Choose a shorter period, or filter by model or status.',
		mayHaveReachedService: false,
	};
}

export function tooMany(read: number): ApiFailure {
	return {
		kind: 'fatal',
		message: `The usage logs hold more than ${read} rows for this query`,
		description: 'Choose a shorter period, or filter by model or status.',
		mayHaveReachedService: false,
	};
}
