import { AFTER, NODE } from '../harness/workflows';
import { SIMULATOR_API_KEY } from '../simulator/server';
import { videoBytes } from '../simulator/video';
import { AUDIO_URL, FAST, IMAGE_URL, createAndWait, items, useFixture } from '../support/fixture';

const fx = useFixture();
const UUID_ID = /^[0-9a-f-]{36}:bytedance\/omnihuman$/;

describe('Create', () => {
	test('submits once and outputs the id at once, without polling', async () => {
		const result = await fx.run({ operation: 'create', imageUrl: IMAGE_URL, audioUrl: AUDIO_URL });
		const [output] = result.json(NODE);
		// The create answer's charge (the simulator's OmniHuman price, $2.94) is kept as the item's usage.
		expect(output).toEqual({ id: expect.stringMatching(UUID_ID), status: 'queued', model: 'bytedance/omnihuman', usage: { credits: 5_880_000, usdSpent: 2.94 } });
		const creates = fx.sim.requestsTo('create');
		expect(creates).toHaveLength(1);
		expect(creates[0].body).toEqual({ model: 'bytedance/omnihuman', image_url: IMAGE_URL, audio_url: AUDIO_URL });
		expect(creates[0].headers.authorization).toBe(`Bearer ${SIMULATOR_API_KEY}`);
		expect(creates[0].headers['content-type']).toMatch(/application\/json/);
		expect(fx.sim.requestsTo('poll')).toHaveLength(0);
		expect(result.json(AFTER)).toEqual([{ video: null, generation: output.id }]);
	});

	test('logs every created generation id (on record even if the process dies before saving the run)', async () => {
		fx.engine.logs.length = 0;
		const result = await fx.run({ operation: 'create', imageUrl: IMAGE_URL, audioUrl: AUDIO_URL });
		const [{ id }] = result.json(NODE);
		expect(fx.engine.logs.filter((line) => line.startsWith(`info OmniHuman: generation ${String(id)} created for item 0`))).toHaveLength(1);
	});

	test('sends the chosen model', async () => {
		const result = await fx.run({ operation: 'create', model: 'bytedance/omnihuman/v1.5', imageUrl: IMAGE_URL, audioUrl: AUDIO_URL });
		expect(fx.sim.requestsTo('create')[0].body).toMatchObject({ model: 'bytedance/omnihuman/v1.5' });
		expect(result.json(NODE)[0]).toMatchObject({ id: expect.stringMatching(/:bytedance\/omnihuman\/v1\.5$/), model: 'bytedance/omnihuman/v1.5' });
	});

	test('accepts a base64 data URI as Image URL', async () => {
		const dataUri = `data:image/png;base64,${Buffer.from([0x89, 0x50, 0x4e, 0x47]).toString('base64')}`;
		await fx.run({ operation: 'create', imageUrl: dataUri, audioUrl: AUDIO_URL });
		expect(fx.sim.requestsTo('create')[0].body).toMatchObject({ image_url: dataUri });
	});
});

describe('Create and Wait', () => {
	test('outputs the finished video, and the next node reads videoUrl directly', async () => {
		const result = await fx.run(createAndWait());
		const [output] = result.json(NODE);
		const job = [...fx.sim.jobs.values()][0];
		expect(output).toEqual({
			id: job.id,
			status: 'completed',
			videoUrl: `${fx.sim.videoOrigin}/videos/${job.uuid}.mp4`,
			model: 'bytedance/omnihuman',
			usage: { credits: 5_880_000, usdSpent: 2.94 },
			elapsedSeconds: expect.any(Number),
			polls: expect.any(Number),
		});
		expect(output.elapsedSeconds).toBeGreaterThanOrEqual(0.15);
		expect(output.polls).toBe(fx.sim.requestsTo('poll').length);
		expect(result.json(AFTER)).toEqual([{ video: output.videoUrl, generation: job.id }]);
		expect(fx.sim.requestsTo('poll').every((request) => request.query.generation_id === job.id)).toBe(true);
		expect(result.output(NODE)[0].pairedItem).toEqual({ item: 0 });
		expect(result.status).toBe('success');
	});

	test('reads usage reported as tokens_used (v1.5)', async () => {
		fx.sim.setBilling({ reporting: 'tokens' });
		const result = await fx.run(createAndWait({}, { model: 'bytedance/omnihuman/v1.5' }));
		expect(result.json(NODE)[0]).toMatchObject({ model: 'bytedance/omnihuman/v1.5', usage: { credits: 5_040_000 } });
	});

	test('accepts "succeeded" as completion', async () => {
		fx.sim.nextOutcomes.push('succeeded');
		const result = await fx.run(createAndWait());
		expect(result.json(NODE)[0]).toMatchObject({ status: 'succeeded', videoUrl: expect.stringContaining('/videos/') });
	});

	test('Download Video adds the MP4 as binary, streamed into the binary data store, without the API key', async () => {
		fx.sim.videoBytes = 300_000;
		const result = await fx.run(createAndWait({ downloadVideo: true, binaryPropertyName: 'video' }));
		const [item] = result.output(NODE);
		const job = [...fx.sim.jobs.values()][0];
		expect(item.binary?.video).toMatchObject({ mimeType: 'video/mp4', fileName: `${job.uuid}.mp4`, fileExtension: 'mp4', bytes: 300_000 });
		expect(item.binary?.video.id).toMatch(/^filesystem-v2:/);
		const stored = await fx.engine.binaryData.getAsBuffer(item.binary!.video);
		expect(stored.equals(videoBytes(300_000))).toBe(true);
		const [download] = fx.sim.requestsTo('video');
		expect(download.headers.authorization).toBeUndefined();
	});

	test('without Download Video there is no binary and no download', async () => {
		const result = await fx.run(createAndWait());
		expect(result.output(NODE)[0].binary).toBeUndefined();
		expect(fx.sim.requestsTo('video')).toHaveLength(0);
	});
});

describe('Image from a binary property', () => {
	const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('rest-of-png')]);
	const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('jfif')]);
	const webp = Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 data', 'latin1');

	test.each([
		['PNG', png, 'image/png'],
		['JPEG', jpeg, 'image/jpeg'],
		['WebP', webp, 'image/webp'],
	])('sends a %s as a base64 data URI of its real type', async (_label, bytes, mimeType) => {
		const input = [{ json: {}, binary: { photo: { data: bytes.toString('base64'), mimeType: 'application/octet-stream', fileName: 'x' } } }];
		const result = await fx.run(
			{ operation: 'create', imageSource: 'binary', imageBinaryProperty: 'photo', audioUrl: AUDIO_URL },
			{ items: input },
		);
		expect(result.error).toBeUndefined();
		expect(fx.sim.requestsTo('create')[0].body).toMatchObject({ image_url: `data:${mimeType};base64,${bytes.toString('base64')}` });
	});

	test('reads an image stored in the binary data service (filesystem mode)', async () => {
		const stored = await fx.engine.binaryData.store({ type: 'execution', workflowId: 'w', executionId: 'e' }, png, {
			data: '',
			mimeType: 'image/png',
			fileName: 'p.png',
		});
		const result = await fx.run(
			{ operation: 'create', imageSource: 'binary', imageBinaryProperty: 'data', audioUrl: AUDIO_URL },
			{ items: [{ json: {}, binary: { data: stored } }] },
		);
		expect(result.error).toBeUndefined();
		expect(fx.sim.requestsTo('create')[0].body).toMatchObject({ image_url: `data:image/png;base64,${png.toString('base64')}` });
	});
});

describe('Get', () => {
	test('returns the status of an existing job without creating one', async () => {
		fx.sim.jobDurationMs = 10_000;
		const created = await fx.run({ operation: 'create', imageUrl: IMAGE_URL, audioUrl: AUDIO_URL });
		const id = String(created.json(NODE)[0].id);
		const result = await fx.run({ operation: 'get', generationId: id, options: FAST });
		expect(result.json(NODE)[0]).toEqual({ id, status: 'queued', model: 'bytedance/omnihuman', elapsedSeconds: expect.any(Number), polls: 1 });
		expect(fx.sim.requestsTo('create')).toHaveLength(1);
	});

	test('with Wait for Completion resumes the job to the video, never creating a second one', async () => {
		fx.sim.jobDurationMs = 400;
		const created = await fx.run({ operation: 'create', imageUrl: IMAGE_URL, audioUrl: AUDIO_URL });
		const id = String(created.json(NODE)[0].id);
		const result = await fx.run({ operation: 'get', generationId: id, waitForCompletion: true, options: { ...FAST, downloadVideo: true } });
		expect(result.json(NODE)[0]).toMatchObject({ id, status: 'completed', videoUrl: expect.stringContaining('/videos/') });
		expect(result.output(NODE)[0].binary?.data.mimeType).toBe('video/mp4');
		expect(fx.sim.requestsTo('poll').length).toBeGreaterThan(1);
		expect(fx.sim.requestsTo('create')).toHaveLength(1);
	});

	test('of a finished job returns the video link at once, and downloads it when asked', async () => {
		const done = await fx.run(createAndWait());
		const [{ id: rawId, videoUrl }] = done.json(NODE);
		const id = String(rawId);
		const result = await fx.run({ operation: 'get', generationId: id, options: { ...FAST, downloadVideo: true } });
		expect(result.json(NODE)[0]).toMatchObject({ id, status: 'completed', videoUrl, polls: 1 });
		expect(result.output(NODE)[0].binary?.data.bytes).toBe(fx.sim.videoBytes);
	});

	test('takes the id from an expression on the incoming item', async () => {
		const done = await fx.run(createAndWait());
		const { id } = done.json(NODE)[0];
		const result = await fx.run({ operation: 'get', generationId: '={{ $json.generation }}', options: FAST }, { items: [{ json: { generation: id } }] });
		expect(result.json(NODE)[0]).toMatchObject({ id, status: 'completed' });
	});
});

describe('several items', () => {
	test('outputs stay in input order with exact pairedItem, even when later jobs finish first', async () => {
		const durations = [1600, 1200, 800, 400, 0];
		const result = await fx.run(createAndWait({}, { audioUrl: '={{ "https://audio.example.com/a.mp3?sim-duration=" + $json.ms + "&row=" + $json.row }}' }), {
			items: items(5, (row) => ({ row, ms: durations[row] })),
		});
		const output = result.output(NODE);
		expect(output.map((item) => item.pairedItem)).toEqual([0, 1, 2, 3, 4].map((item) => ({ item })));
		const rows = output.map((item) => [...fx.sim.jobs.values()].find((job) => job.id === item.json.id)?.request.audio_url);
		expect(rows).toEqual(durations.map((ms, row) => `https://audio.example.com/a.mp3?sim-duration=${ms}&row=${row}`));
		// The last item's job was due first (0 ms) and the first item's last, 400 ms apart or more.
		const dueOrder = [...fx.sim.jobs.values()].sort((a, b) => a.createdAt + a.durationMs - (b.createdAt + b.durationMs)).map((job) => job.request.audio_url);
		expect(dueOrder[0]).toContain('row=4');
		expect(dueOrder[4]).toContain('row=0');
	});
});
