/**
 * Where a scripted fault applies (`tts`: POST /v1/tts; `speech`: GET of a synthesized speech link; `logs`: GET /v2/logs;
 * `prices`: the price list, `GET /v1/models` and `GET /model/<id>`; `audio`: the audio files, `/audio/…`, which take no fault).
 */
export type Route = 'create' | 'poll' | 'billing' | 'logs' | 'video' | 'tts' | 'speech' | 'prices' | 'audio';

/** What the simulator does instead of answering normally. */
export type Fault =
	| { type: 'status'; status: number; message?: string; retryAfter?: string; statusCodeAsString?: boolean }
	/** A non-JSON error page, as proxies send. */
	| { type: 'html'; status: number }
	/** HTTP 200 with a body that is not valid JSON. */
	| { type: 'malformed' }
	/** Close the socket without any answer (connection reset); on `video`/`speech`, part-way through the file. */
	| { type: 'drop' }
	/** Read the request, never answer (the client must time out). */
	| { type: 'hang' }
	/** 401 whose message repeats the key it was sent, as careless services do. */
	| { type: 'echo-key' }
	/** Video route: a chain of `hops` 302 redirects (a CDN hand-off), or one redirect to `location`. */
	| { type: 'redirect'; hops: number; location?: string };

/** How a created job ends. */
export type JobOutcome =
	| 'completed'
	| 'succeeded'
	/** `status: "error"` with `{ name, message }`. */
	| 'error-message'
	/** `status: "failed"` with `{ detail: [{ loc, msg, type }] }`. */
	| 'failed-detail'
	/** Stays in statuses the contract does not list (`waiting`, `active`, then `rendering`), never finishes. */
	| 'unknown-status'
	/** `completed` but no `video.url`. */
	| 'completed-no-url'
	/** Never finishes (`generating` forever). */
	| 'stuck';

export const JOB_OUTCOMES: JobOutcome[] = ['completed', 'succeeded', 'error-message', 'failed-detail', 'unknown-status', 'completed-no-url', 'stuck'];

interface ScriptedFault {
	route: Route;
	fault: Fault;
	remaining: number;
}

/** A queue of faults per route, used up in order, each for a given number of requests. */
export class FaultScript {
	private readonly queue: ScriptedFault[] = [];

	add(route: Route, fault: Fault, times = 1) {
		this.queue.push({ route, fault, remaining: times });
	}

	take(route: Route): Fault | undefined {
		const index = this.queue.findIndex((entry) => entry.route === route);
		if (index === -1) return undefined;
		const entry = this.queue[index];
		entry.remaining--;
		if (entry.remaining <= 0) this.queue.splice(index, 1);
		return entry.fault;
	}

	clear() {
		this.queue.length = 0;
	}
}
