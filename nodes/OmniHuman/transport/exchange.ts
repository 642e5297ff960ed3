/**
 * One HTTP exchange with the service, as plain data. The node's adapter (`n8nSender`) produces these;
 * unit tests produce them by hand. Nothing here throws: failures are values the caller decides about.
 */
export interface ApiRequest {
	method: 'GET' | 'POST';
	/** Path below the credential's Base URL (`/v2/...`), or an absolute URL for the video download. */
	url: string;
	qs?: Record<string, string>;
	body?: Record<string, unknown>;
	/** Extra request headers (the paid requests' `X-Client-Request-Id`). */
	headers?: Record<string, string>;
	timeoutMs: number;
	/**
	 * `stream` returns the body unread (video download); `arraybuffer` returns bytes as a Buffer, and a JSON
	 * answer parsed as usual (speech, whose answer may be the audio itself).
	 */
	encoding?: 'stream' | 'arraybuffer';
}

export type HttpHeaders = Record<string, string | string[] | undefined>;

export type Exchange =
	| { kind: 'response'; statusCode: number; headers: HttpHeaders; body: unknown }
	/** The request did not get an HTTP answer. `refused`: no connection was made, so nothing reached the service. */
	| { kind: 'network'; code: string; refused: boolean; timedOut: boolean; message: string }
	/** The execution was stopped while the request was in flight. */
	| { kind: 'cancelled' }
	/** The request could not be sent at all (for example the credential refused the Base URL). */
	| { kind: 'refused-locally'; message: string };

export type SendRequest = (request: ApiRequest) => Promise<Exchange>;

export function headerValue(headers: HttpHeaders, name: string): string | undefined {
	const wanted = name.toLowerCase();
	for (const [key, value] of Object.entries(headers)) {
		if (key.toLowerCase() !== wanted) continue;
		return Array.isArray(value) ? value[0] : value;
	}
	return undefined;
}
