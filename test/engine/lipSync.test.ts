import type { INodeParameters } from 'n8n-workflow';

import { NODE } from '../harness/workflows';
import { parseClientRequestId } from '../../nodes/OmniHuman/spend/clientRequestId';
import { AUDIO_URL, FAST, items, useFixture } from '../support/fixture';

const fx = useFixture();
const VIDEO_URL = 'https://videos.example.com/clip.mp4';

const lipSync = (extra: INodeParameters = {}, options: Record<string, unknown> = {}): INodeParameters => ({
	resource: 'lipSync',
	operation: 'createAndWait',
	videoUrl: VIDEO_URL,
	audioUrl: AUDIO_URL,
	options: { ...FAST, ...options } as INodeParameters,
	...extra,
});

const creates = () => fx.sim.requestsTo('create');

describe('Lip Sync re-voices a video, with each speech source, and sends exactly its documented body', () => {
	test('Audio URL: { model, video_url, audio_url }; a short id, polled until succeeded', async () => {
		const result = await fx.run(lipSync());
		expect(result.status).toBe('success');
		expect(creates().map((request) => request.body)).toEqual([{ model: 'pixverse/lip-sync', video_url: VIDEO_URL, audio_url: AUDIO_URL }]);
		const [output] = result.json(NODE);
		expect(output).toMatchObject({ status: 'succeeded', model: 'pixverse/lip-sync', videoUrl: expect.stringContaining('/videos/') });
		expect(String(output.id)).toMatch(/^[A-Za-z0-9_-]{21}$/);
		expect(fx.sim.requestsTo('poll').every((request) => request.query.generation_id === output.id)).toBe(true);
		expect(parseClientRequestId(creates()[0].headers['x-client-request-id'])).toMatchObject({ kind: 'video', itemIndex: 0 });
	});

	test("Built-in Voice: PixVerse's two fields instead of audio_url, and no speech synthesis", async () => {
		const result = await fx.run(lipSync({ audioSource: 'builtInVoice', script: 'Hola a todos, gracias por venir.', speaker: 'Ava' }));
		expect(result.status).toBe('success');
		expect(fx.sim.requestsTo('tts')).toHaveLength(0);
		expect(creates().map((request) => request.body)).toEqual([
			{ model: 'pixverse/lip-sync', video_url: VIDEO_URL, lip_sync_tts_content: 'Hola a todos, gracias por venir.', lip_sync_tts_speaker: 'Ava' },
		]);
	});

	test("Text: the node's speech model speaks the script first; its link is the job's audio_url", async () => {
		const result = await fx.run(lipSync({ audioSource: 'text', script: 'Bonjour à tous.', speechModel: 'openai/tts-1', voice: 'nova' }));
		expect(result.status).toBe('success');
		expect(fx.sim.requestsTo('tts')).toHaveLength(1);
		const [output] = result.json(NODE);
		expect(creates().map((request) => request.body)).toEqual([{ model: 'pixverse/lip-sync', video_url: VIDEO_URL, audio_url: output.audioUrl }]);
	});

	test('a video from an input binary field is sent inline as a data URI', async () => {
		const mp4 = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypisom'), Buffer.alloc(64)]);
		const input = [{ json: {}, binary: { clip: { data: mp4.toString('base64'), mimeType: 'application/octet-stream', fileName: 'clip.mp4' } } }];
		const result = await fx.run(lipSync({ videoSource: 'binary', videoBinaryProperty: 'clip' }), { items: input });
		expect(result.status).toBe('success');
		expect((creates()[0].body as { video_url: string }).video_url).toBe(`data:video/mp4;base64,${mp4.toString('base64')}`);
	});

	test('Create, then Get of the short id: the model falls back to the resource’s', async () => {
		const created = await fx.run(lipSync({ operation: 'create' }));
		const [job] = created.json(NODE);
		expect(job).toMatchObject({ status: 'queued', model: 'pixverse/lip-sync' });
		const got = await fx.run({ resource: 'lipSync', operation: 'get', generationId: String(job.id), waitForCompletion: true, options: FAST as INodeParameters });
		expect(got.json(NODE)[0]).toMatchObject({ id: job.id, status: 'succeeded', model: 'pixverse/lip-sync' });
		expect(creates()).toHaveLength(1);
	});

	test('Get of a short id from the Talking Avatar resource still works (status read, no model)', async () => {
		const [job] = (await fx.run(lipSync({ operation: 'create' }))).json(NODE);
		const got = await fx.run({ operation: 'get', generationId: String(job.id), waitForCompletion: true, options: FAST as INodeParameters });
		expect(got.json(NODE)[0]).toMatchObject({ id: job.id, status: 'succeeded', model: null });
	});
});

describe('Lip Sync refuses bad input before anything is paid', () => {
	test.each([
		['a video data URI of another type', { videoUrl: 'data:image/png;base64,AAAA' }, /^Video URL is a data URI of type "image\/png"/],
		['an image as the binary video', { videoSource: 'binary' }, /is not on this item/],
		['a speaker PixVerse does not have', { audioSource: 'builtInVoice', script: 'Hola', speaker: 'Zed' }, /^Speaker "Zed" is not a voice of PixVerse Lip Sync/],
		['an empty built-in script', { audioSource: 'builtInVoice', script: '  ', speaker: 'Ava' }, /^Script/],
	])('%s', async (_name, extra, message) => {
		const result = await fx.run(lipSync(extra as INodeParameters));
		expect(result.status).toBe('error');
		expect(result.nodeError(NODE)?.message).toMatch(message);
		expect(creates()).toHaveLength(0);
		expect(fx.sim.requestsTo('tts')).toHaveLength(0);
	});

	test.each([
		['Video URL', { videoUrl: '' }],
		['Audio URL', { audioUrl: '' }],
	])('an empty %s is refused by n8n itself (a required field), before the node runs', async (field, extra) => {
		await expect(fx.run(lipSync(extra))).rejects.toThrow(`Parameter "${field}" is required`);
		expect(creates()).toHaveLength(0);
	});

	test('Built-in Voice is not a speech source of the talking-avatar models', async () => {
		const result = await fx.run({ operation: 'createAndWait', imageUrl: 'https://images.example.com/p.png', audioSource: 'builtInVoice', script: 'Hi', options: FAST as INodeParameters });
		expect(result.nodeError(NODE)?.message).toMatch(/^Audio Source "builtInVoice" is not a speech source of OmniHuman/);
		expect(creates()).toHaveLength(0);
	});
});

describe("Lip Sync keeps the node's promises", () => {
	test('paid once under Retry On Fail: the retried tries resume the job', async () => {
		const audio = `${AUDIO_URL}?sim-duration=1000`;
		const result = await fx.run(lipSync({ audioUrl: audio }, { maxWait: 0.4, pollInterval: 0.05 }), { node: { retryOnFail: true, maxTries: 5, waitBetweenTries: 0 } });
		expect(result.status).toBe('success');
		expect(creates()).toHaveLength(1);
	});

	test('counted against Max Spend per Execution', async () => {
		fx.sim.setBilling({ videoPrices: { 'pixverse/lip-sync': 1 } });
		const result = await fx.run(lipSync({ audioUrl: '={{ "https://audio.example.com/a.mp3?row=" + $json.row }}' }, { maxSpendPerExecution: 2.5, maxConcurrentJobs: 5 }), { items: items(5), node: { continueOnFail: true } });
		expect(creates()).toHaveLength(2);
		expect(result.json(NODE).filter((item) => item.error)).toHaveLength(3);
	});
});

describe("Kling Avatar's Provider", () => {
	test.each([
		['auto', undefined],
		['kling', 'kling'],
		['fal', 'fal'],
	])('%s → provider %s', async (provider, sent) => {
		const result = await fx.run({ operation: 'create', model: 'klingai/avatar-standard', provider, imageUrl: 'https://images.example.com/p.png', audioUrl: AUDIO_URL, options: FAST as INodeParameters });
		expect(result.status).toBe('success');
		expect(creates()[0].body).toEqual({ model: 'klingai/avatar-standard', image_url: 'https://images.example.com/p.png', audio_url: AUDIO_URL, ...(sent && { provider: sent }) });
	});
});
