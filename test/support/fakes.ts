import type { Clock } from '../../nodes/OmniHuman/nodeRun';
import type { ApiRequest, Exchange, SendRequest } from '../../nodes/OmniHuman/transport/exchange';

/** A clock that only moves when the code under test sleeps; every sleep is recorded. */
export class FakeClock implements Clock {
	time = 1_000_000;

	readonly sleeps: number[] = [];

	now = () => this.time;

	sleep = async (ms: number) => {
		this.sleeps.push(ms);
		this.time += ms;
	};
}

export const response = (statusCode: number, body: unknown, headers: Record<string, string> = {}): Exchange => ({
	kind: 'response',
	statusCode,
	headers,
	body,
});

/** Answers requests from a script (last answer repeats) and records what was sent. */
export function scriptedSend(answers: Array<Exchange | ((request: ApiRequest) => Exchange)>) {
	const sent: ApiRequest[] = [];
	const send: SendRequest = async (request) => {
		sent.push(request);
		const answer = answers[Math.min(sent.length - 1, answers.length - 1)];
		return typeof answer === 'function' ? answer(request) : answer;
	};
	return { send, sent };
}
