import type { INodeParameters } from 'n8n-workflow';

import type { Simulator } from '../simulator/server';

/**
 * Every service fault the node is tested against, with its named outcome. The engine test
 * (faultMatrix.test.ts) drives each row; README's "What happens when…" table is generated from the
 * same rows (`npm run fault-table`), and a unit test checks the README still matches.
 */
export interface FaultRow {
	/** The fault, in a user's words. */
	when: string;
	phase: 'create' | 'poll' | 'download' | 'get';
	arrange?: (sim: Simulator) => void;
	/** Node options for this row (merged over fast test intervals). */
	options?: Record<string, unknown>;
	/** Parameters overriding Create and Wait (e.g. a Get). */
	parameters?: INodeParameters | ((sim: Simulator) => INodeParameters);
	/** Credential overrides (e.g. an unreachable Base URL). */
	credentials?: Record<string, unknown>;
	outcome: 'retried' | 'fails';
	/** What the user reads: for `fails`, the error message's pattern; for `retried`, the output is the video. */
	message?: RegExp;
	/** The README's wording of what happens. */
	says: string;
	/** Create requests the service receives. */
	creates: number;
	/** Extra assertion on the simulator's log. */
	check?: (sim: Simulator) => void;
}

const twice = (route: 'create' | 'poll' | 'video', fault: Parameters<Simulator['faults']['add']>[1], times = 2) => (sim: Simulator) => sim.faults.add(route, fault, times);
const gapBetweenCreates = (minimumMs: number) => (sim: Simulator) => {
	const [first, second] = sim.requestsTo('create');
	if (second.at - first.at < minimumMs) throw new Error(`second create after ${second.at - first.at} ms, expected ≥ ${minimumMs} ms`);
};

export const FAULT_MATRIX: FaultRow[] = [
	// Create: nothing is re-sent unless the service said 429 (it then made no job).
	{ when: '429 with `Retry-After: 1`', phase: 'create', arrange: twice('create', { type: 'status', status: 429, retryAfter: '1' }, 1), outcome: 'retried', says: 'Sent again after the delay the service asked for', creates: 2, check: gapBetweenCreates(950) },
	{ when: '429 with an HTTP-date `Retry-After`', phase: 'create', arrange: (sim) => sim.faults.add('create', { type: 'status', status: 429, retryAfter: new Date(Date.now() + 2000).toUTCString() }), outcome: 'retried', says: 'Sent again at that date', creates: 2, check: gapBetweenCreates(500) },
	{ when: '429 without `Retry-After`', phase: 'create', arrange: twice('create', { type: 'status', status: 429 }), outcome: 'retried', says: 'The whole batch pauses (backoff from Poll Interval, doubling, at most 60 s), then creates resume at the pace the service accepts', creates: 3 },
	{ when: '429 that never ends', phase: 'create', arrange: twice('create', { type: 'status', status: 429, retryAfter: '2' }, 10), options: { maxRateLimitWait: 1 }, outcome: 'fails', message: /rate limiting.*\(HTTP 429\).*; still rate limited after 1 s \(Max Rate-Limit Wait\)/, says: 'Waits up to Max Rate-Limit Wait (default 1 hour), then fails saying no job was created', creates: 1 },
	...[500, 502, 503, 504].map<FaultRow>((status) => ({ when: `${status}`, phase: 'create', arrange: twice('create', { type: 'status', status }, 1), outcome: 'fails', message: new RegExp(`HTTP ${status}`), says: 'At once, not re-sent (a job may exist)', creates: 1 })),
	{ when: 'HTML error page (502 from a proxy)', phase: 'create', arrange: twice('create', { type: 'html', status: 502 }, 1), outcome: 'fails', message: /HTTP 502.*HTML page/, says: 'Says "answered with an HTML page"; not re-sent', creates: 1 },
	{ when: 'connection refused', phase: 'create', credentials: { baseUrl: 'http://127.0.0.1:9' }, outcome: 'fails', message: /Could not connect to the AI\/ML API \(ECONNREFUSED\)/, says: 'Check the Base URL (nothing was sent)', creates: 0 },
	{ when: 'connection reset mid-response', phase: 'create', arrange: twice('create', { type: 'drop' }, 1), outcome: 'fails', message: /connection to the AI\/ML API failed/, says: 'Not re-sent; the message warns a job may exist', creates: 1 },
	{ when: 'no answer (request timeout)', phase: 'create', arrange: twice('create', { type: 'hang' }, 1), options: { requestTimeout: 0.3 }, outcome: 'fails', message: /did not answer in time/, says: 'After Request Timeout, not re-sent', creates: 1 },
	{ when: 'malformed JSON (HTTP 200)', phase: 'create', arrange: twice('create', { type: 'malformed' }, 1), outcome: 'fails', message: /.+/, says: 'Not re-sent (the answer carries no id)', creates: 1 },
	{ when: '`statusCode` as a string (`"401"`)', phase: 'create', arrange: twice('create', { type: 'status', status: 401, statusCodeAsString: true }, 1), outcome: 'fails', message: /did not accept the API key \(HTTP 401\)/, says: 'Read like a number: "check the API key"', creates: 1 },
	{ when: '400 body validation', phase: 'create', arrange: twice('create', { type: 'status', status: 400, message: 'Body validation error!' }, 1), outcome: 'fails', message: /rejected the request \(HTTP 400\): Body validation error!/, says: "With the service's words", creates: 1 },
	{ when: '403 no credits', phase: 'create', arrange: (sim) => (sim.balance = 0), outcome: 'fails', message: /no credits left or not allowed \(HTTP 403\)/, says: 'Top up', creates: 1 },

	// Polling: the job exists; transient trouble never abandons it, and every error names it.
	{ when: '429 with `Retry-After`', phase: 'poll', arrange: twice('poll', { type: 'status', status: 429, retryAfter: '0' }, 3), outcome: 'retried', says: 'Polled again after the delay (never beyond Max Wait)', creates: 1 },
	{ when: '429 without `Retry-After`', phase: 'poll', arrange: twice('poll', { type: 'status', status: 429 }, 3), outcome: 'retried', says: 'Polled again with backoff', creates: 1 },
	...[500, 502, 503].map<FaultRow>((status) => ({ when: `${status}`, phase: 'poll', arrange: twice('poll', { type: 'status', status }, 3), outcome: 'retried', says: 'Polled again with backoff', creates: 1 })),
	{ when: '504 (Generation timeout)', phase: 'poll', arrange: twice('poll', { type: 'status', status: 504 }, 1), outcome: 'fails', message: /gave up on the generation \(HTTP 504\): Generation timeout/, says: 'The service gave up on the job', creates: 1 },
	{ when: 'HTML error page', phase: 'poll', arrange: twice('poll', { type: 'html', status: 502 }, 3), outcome: 'retried', says: 'Polled again', creates: 1 },
	{ when: 'connection reset', phase: 'poll', arrange: twice('poll', { type: 'drop' }, 3), outcome: 'retried', says: 'Polled again', creates: 1 },
	{ when: 'no answer (request timeout)', phase: 'poll', arrange: twice('poll', { type: 'hang' }, 1), options: { requestTimeout: 0.3 }, outcome: 'retried', says: 'Given up after Request Timeout, polled again', creates: 1 },
	{ when: 'malformed JSON', phase: 'poll', arrange: twice('poll', { type: 'malformed' }, 3), outcome: 'retried', says: 'Polled again', creates: 1 },
	{ when: '`statusCode` as a string (`"503"`)', phase: 'poll', arrange: twice('poll', { type: 'status', status: 503, statusCodeAsString: true }, 2), outcome: 'retried', says: 'Read like a number: polled again', creates: 1 },
	{ when: 'transient errors until Max Wait', phase: 'poll', arrange: twice('poll', { type: 'status', status: 503 }, 1000), options: { maxWait: 0.6 }, outcome: 'fails', message: /still running after 0\.6 s \(Max Wait; last status "queued"; last poll: .*HTTP 503/, says: 'At Max Wait with the id and the last error: resume with Get', creates: 1 },
	{ when: 'status `error` with `{name, message}`', phase: 'poll', arrange: (sim) => sim.nextOutcomes.push('error-message'), outcome: 'fails', message: /The generation failed.*No face was detected in the image/, says: "With the service's message", creates: 1 },
	{ when: 'status `failed` with `{detail: [...]}`', phase: 'poll', arrange: (sim) => sim.nextOutcomes.push('failed-detail'), outcome: 'fails', message: /The generation failed.*Audio longer than 30 seconds/, says: 'With the details joined', creates: 1 },
	{ when: 'unknown statuses (`waiting`, `active`, …)', phase: 'poll', arrange: (sim) => sim.nextOutcomes.push('unknown-status'), options: { maxWait: 0.6 }, outcome: 'fails', message: /still running after 0\.6 s.*last status "(waiting|active|rendering)"/, says: 'Counted as running; at Max Wait, fails naming the last status', creates: 1 },
	{ when: '`completed` without `video.url`', phase: 'poll', arrange: (sim) => sim.nextOutcomes.push('completed-no-url'), outcome: 'fails', message: /no video URL/i, says: 'No video URL', creates: 1 },

	// Download Video.
	...[403, 404].map<FaultRow>((status) => ({ when: `video URL answers ${status}`, phase: 'download', arrange: twice('video', { type: 'status', status }, 1), options: { downloadVideo: true }, outcome: 'fails', message: new RegExp(`HTTP ${status}`), says: 'With the id; the video URL is in the message', creates: 1 })),
	{ when: 'video stops mid-download', phase: 'download', arrange: twice('video', { type: 'drop' }, 1), options: { downloadVideo: true }, outcome: 'fails', message: /incomplete|broke off|truncated|ended/i, says: 'With the id, never a truncated file', creates: 1 },
	{ when: 'video URL redirects 3 times (CDN hand-off)', phase: 'download', arrange: twice('video', { type: 'redirect', hops: 3 }, 1), options: { downloadVideo: true }, outcome: 'retried', says: 'Followed (http/https only, at most 5 hops, never with the API key)', creates: 1, check: (sim) => {
		const video = sim.requestsTo('video');
		if (video.length !== 4 || video.some((request) => request.headers.authorization !== undefined)) throw new Error(`video requests: ${video.length}, with a key: ${video.filter((request) => request.headers.authorization).length}`);
	} },
	{ when: 'video URL redirects endlessly', phase: 'download', arrange: twice('video', { type: 'redirect', hops: 50 }, 1), options: { downloadVideo: true }, outcome: 'fails', message: /Could not download the video: the video link redirected more than 5 times/, says: 'Gives up after 5 redirects, with the id', creates: 1, check: (sim) => {
		if (sim.requestsTo('video').length > 6) throw new Error(`${sim.requestsTo('video').length} video requests`);
	} },
	{ when: 'video URL redirects to a non-http(s) scheme', phase: 'download', arrange: twice('video', { type: 'redirect', hops: 1, location: 'file:///etc/passwd' }, 1), options: { downloadVideo: true }, outcome: 'fails', message: /Could not download the video: the video link redirected to a link that is not http\(s\)/, says: 'Refused, with the id', creates: 1 },
	{ when: 'video above Max Video Size', phase: 'download', options: { downloadVideo: true, maxVideoSizeMb: 0.01 }, outcome: 'fails', message: /Max Video Size/, says: 'Before storing it', creates: 1 },

	// Get.
	{ when: 'unknown generation id (404)', phase: 'get', parameters: { operation: 'get', generationId: '00000000-0000-4000-8000-000000000000:bytedance/omnihuman' }, outcome: 'fails', message: /does not know this generation \(HTTP 404\)/, says: 'Check the id', creates: 0 },
	{ when: 'connection refused while waiting', phase: 'get', parameters: { operation: 'get', generationId: 'abc:bytedance/omnihuman', waitForCompletion: true }, credentials: { baseUrl: 'http://127.0.0.1:9' }, options: { maxWait: 0.5 }, outcome: 'fails', message: /Could not read the status of generation .* within 0\.5 s \(Max Wait\): Could not connect.*ECONNREFUSED/, says: 'Retried until Max Wait, then fails with the id and the connection error', creates: 0 },
];
