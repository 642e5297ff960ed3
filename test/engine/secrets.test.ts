import type { Fault, Route } from '../simulator/faults';
import { NODE } from '../harness/workflows';
import { allText, createAndWait, FAST, useFixture } from '../support/fixture';

const SECRET = 'sk-omnihuman-secret-7f3a9c2e51b8';
const fx = useFixture({ apiKeys: [SECRET] });

/** Everything a user or an operator could see: the whole run (items, errors, contexts) and n8n's log. */
async function exposedText(parameters = createAndWait(), continueOnFail = false) {
	fx.engine.logs.length = 0;
	const result = await fx.run(parameters, { credentials: fx.credentials({ apiKey: SECRET }), node: { continueOnFail } });
	return { result, text: `${allText(result.run)}\n${fx.engine.logs.join('\n')}` };
}

const faults: Array<[string, Route, Fault, Record<string, unknown>?]> = [
	['a 401 on create that echoes the key', 'create', { type: 'echo-key' }],
	['a 401 on poll that echoes the key', 'poll', { type: 'echo-key' }],
	['a 400 whose message repeats the key', 'create', { type: 'status', status: 400, message: `Bad request from ${SECRET}` }],
	['a 500 on poll', 'poll', { type: 'status', status: 500 }],
	['an HTML 502 page', 'poll', { type: 'html', status: 502 }],
	['a dropped connection on create', 'create', { type: 'drop' }],
	['a hanging poll (request timeout)', 'poll', { type: 'hang' }, { requestTimeout: 0.2, maxWait: 0.5 }],
	['a malformed poll answer', 'poll', { type: 'malformed' }],
	['a 403 video download', 'video', { type: 'status', status: 403 }, { downloadVideo: true }],
	['a video that breaks off', 'video', { type: 'drop' }, { downloadVideo: true }],
];

describe.each([false, true])('the API key never appears (Continue On Fail %s)', (continueOnFail) => {
	test.each(faults)('after %s', async (_label, route, fault, options = {}) => {
		fx.sim.faults.add(route, fault, route === 'poll' ? 50 : 1);
		const { result, text } = await exposedText(createAndWait({ maxWait: 0.5, ...options }), continueOnFail);
		expect(fx.sim.requests.some((request) => request.headers.authorization === `Bearer ${SECRET}`)).toBe(true);
		expect(continueOnFail ? result.json(NODE)[0].error : result.nodeError(NODE)).toBeDefined();
		expect(text).not.toContain(SECRET);
	});

	test.each<[string, Record<string, string>, Record<string, unknown>?]>([
		['a failed job', { audioUrl: 'https://audio.example.com/a.mp3?sim-outcome=error-message' }],
		['Max Wait', { audioUrl: 'https://audio.example.com/a.mp3?sim-outcome=stuck' }],
		['bad input', { imageUrl: 'file:///etc/passwd' }],
		['a success with download', {}, { downloadVideo: true }],
	])('after %s', async (_label, extra, options = {}) => {
		const { text } = await exposedText(createAndWait({ ...FAST, maxWait: 0.4, ...options }, extra), continueOnFail);
		expect(text).not.toContain(SECRET);
	});
});

test('connection refused and a wrong Base URL do not expose the key', async () => {
	const result = await fx.run(createAndWait(), { credentials: fx.credentials({ apiKey: SECRET, baseUrl: 'http://127.0.0.1:9' }) });
	expect(result.nodeError(NODE)).toBeDefined();
	expect(allText(result.run)).not.toContain(SECRET);
});

test('the key is sent only to the Base URL, never to the video host', async () => {
	await exposedText(createAndWait({ downloadVideo: true }));
	const video = fx.sim.requestsTo('video');
	expect(video).toHaveLength(1);
	expect(video[0].headers.authorization).toBeUndefined();
	expect(fx.sim.requestsTo('create')[0].headers.authorization).toBe(`Bearer ${SECRET}`);
});

test('control: the check above would catch a leak', () => {
	expect(allText({ error: new Error('x', { cause: { headers: { authorization: `Bearer ${SECRET}` } } }) })).toContain(SECRET);
});
