import { Container } from '@n8n/di';
import { mock } from 'jest-mock-extended';
import { BinaryDataService } from 'n8n-core';
import type { IBinaryData, IExecuteFunctions, INodeExecutionData, INodeParameters, INodeType } from 'n8n-workflow';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { OMNIHUMAN_TYPE } from '../harness/nodeTypes';
import { NODE } from '../harness/workflows';
import { silentMp3, silentWav } from '../simulator/placeholderAudio';
import { MEDIA_DIR } from '../simulator/samples';
import { createAndWait, FAST, useFixture } from '../support/fixture';

const fx = useFixture();
const SPEECH = readFileSync(path.join(MEDIA_DIR, 'speech.mp3'));
const VIDEO_URL = 'https://videos.example.com/clip.mp4';

/** An item holding `bytes` in memory (as a Code node or a Webhook's raw body leaves it: no stored file). */
const inMemory = (bytes: Buffer, fileName = 'speech.mp3', mimeType = 'audio/mpeg'): INodeExecutionData[] => [
	{ json: {}, binary: { data: { data: bytes.toString('base64'), mimeType, fileName } } },
];

const avatar = (options: Record<string, unknown> = {}, extra: INodeParameters = {}) => createAndWait(options, { audioSource: 'binary', ...extra });
const lipSync = (extra: INodeParameters = {}): INodeParameters => ({
	resource: 'lipSync',
	operation: 'createAndWait',
	videoUrl: VIDEO_URL,
	audioSource: 'binary',
	options: FAST as INodeParameters,
	...extra,
});

/** The signed link's JWT payload (n8n signs `{ id }` with its own secret). */
function tokenOf(link: string): { id: string; iat: number; exp: number; token: string } {
	const token = new URL(link).searchParams.get('token') ?? '';
	return { ...(JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { id: string; iat: number; exp: number }), token };
}

/** Changes the node's execution context before `execute()` runs: the n8n boundary, for what the harness cannot vary. */
function patchingContext(patch: (context: IExecuteFunctions) => void): () => void {
	const nodeType = fx.engine.nodeTypes.getByName(OMNIHUMAN_TYPE) as INodeType;
	const execute = nodeType.execute!;
	nodeType.execute = async function (this: IExecuteFunctions) {
		patch(this);
		return await execute.call(this);
	} as typeof execute;
	return () => (nodeType.execute = execute);
}

const creates = () => fx.sim.requestsTo('create');
const audioUrlSent = () => (creates()[0].body as { audio_url: string }).audio_url;

describe('Audio Source "Binary File": Lip Sync sends the audio inline, as base64', () => {
	test('the MP3 as a data URI in audio_url, exactly its bytes; the service side decodes them', async () => {
		const result = await fx.run(lipSync({ audioBinaryProperty: 'voice' }), { items: [{ json: {}, binary: { voice: inMemory(SPEECH)[0].binary!.data } }] });
		expect(result.status).toBe('success');
		expect(creates().map((request) => request.body)).toEqual([{ model: 'pixverse/lip-sync', video_url: VIDEO_URL, audio_url: `data:audio/mpeg;base64,${SPEECH.toString('base64')}` }]);
		const [output] = result.json(NODE);
		expect((await fx.sim.audioIntake.of(String(output.id)))?.bytes?.equals(SPEECH)).toBe(true);
	});

	test('a WAV goes as audio/wav, whatever type the binary declares', async () => {
		const wav = silentWav(2);
		const result = await fx.run(lipSync(), { items: inMemory(wav, 'voice.bin', 'application/octet-stream') });
		expect(result.status).toBe('success');
		expect(audioUrlSent()).toBe(`data:audio/wav;base64,${wav.toString('base64')}`);
	});
});

describe('Audio Source "Binary File": the avatar models get a short-lived signed n8n link to the file', () => {
	test('audio held in memory is stored first; the link reads exactly its bytes and lives Max Wait + Request Timeout', async () => {
		const result = await fx.run(avatar({ maxWait: 5, requestTimeout: 30 }), { items: inMemory(SPEECH) });
		expect(result.status).toBe('success');
		const link = audioUrlSent();
		expect(link).toMatch(/^http:\/\/localhost:5678\/rest\/binary-data\/signed\?token=[\w-]+\.[\w-]+\.[\w-]+$/);
		const token = tokenOf(link);
		expect(token.exp - token.iat).toBe(5 + 30);
		// n8n's signed route resolves the token to one stored file: these bytes.
		const id = fx.engine.binaryData.validateSignedToken(token.token);
		expect(id).toBe(token.id);
		expect((await fx.engine.binaryData.getAsBuffer({ id } as IBinaryData)).equals(SPEECH)).toBe(true);
	});

	test('a binary n8n already stored is linked as it is (no copy)', async () => {
		const stored = await fx.engine.binaryData.store({ type: 'execution', workflowId: 'test', executionId: '0' }, SPEECH, { mimeType: 'audio/mpeg', fileName: 'speech.mp3', data: '' } as IBinaryData);
		expect(stored.id).toBeDefined();
		const result = await fx.run(avatar(), { items: [{ json: {}, binary: { data: stored } }] });
		expect(result.status).toBe('success');
		expect(tokenOf(audioUrlSent()).id).toBe(stored.id);
	});

	test("n8n's Retry On Fail resumes the job: a new link per try does not make a new job", async () => {
		fx.sim.jobDurationMs = 1200;
		// Each try waits 0.5 s and stores the in-memory audio again (a new file, so a new link); the third sees the job finish.
		const result = await fx.run(avatar({ maxWait: 0.5, pollInterval: 0.05 }), { items: inMemory(SPEECH), node: { retryOnFail: true, maxTries: 3, waitBetweenTries: 0 } });
		expect(result.status).toBe('success');
		expect(creates()).toHaveLength(1);
		expect(result.json(NODE)[0]).toMatchObject({ status: 'completed', id: [...fx.sim.jobs.keys()][0] });
	});
});

describe('Audio Source "Binary File" refuses what cannot work before anything is paid', () => {
	test.each([
		['a binary that is no audio', () => inMemory(Buffer.from('%PDF-1.7 not audio at all')), {}, /^Audio Binary Field "data" is not an MP3, WAV, M4A or AAC recording \(file "speech.mp3", declared as audio\/mpeg\)/],
		['audio longer than the model takes (31 s for OmniHuman)', () => inMemory(silentMp3(31)), {}, /^Audio Binary Field "data" plays 31\.0 s, too long for OmniHuman \(under 30 s\)/],
		['an M4A whose length cannot be read (its header only)', () => inMemory(Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypM4A \0\0\0\0M4A isom')]), 'voice.m4a', 'audio/mp4'), {}, /^Audio Binary Field "data": the length of this M4A could not be read from its bytes/],
		['a WAV over the 5 MB the node reads', () => inMemory(silentWav(170), 'long.wav', 'audio/wav'), { model: 'klingai/avatar-standard' }, /^Audio Binary Field holds 5\.19 MB of audio, above the 5 MB/],
		['a missing binary field', () => inMemory(SPEECH), { audioBinaryProperty: 'voice' }, /^Audio Binary Field "voice" is not on this item/],
	])('%s', async (_name, items, extra, message) => {
		const result = await fx.run(avatar({}, extra as INodeParameters), { items: items() });
		expect(result.status).toBe('error');
		expect(result.nodeError(NODE)?.message).toMatch(message);
		expect(fx.sim.requests).toHaveLength(0);
	});

	test('a stored file n8n says is over 5 MB is refused without reading it', async () => {
		const stored = await fx.engine.binaryData.store({ type: 'execution', workflowId: 'test', executionId: '0' }, SPEECH, { mimeType: 'audio/mpeg', fileName: 'speech.mp3', data: '' } as IBinaryData);
		const result = await fx.run(avatar(), { items: [{ json: {}, binary: { data: { ...stored, bytes: 6 * 1024 * 1024 } } }] });
		expect(result.nodeError(NODE)?.message).toMatch(/^Audio Binary Field holds 6\.00 MB of audio, above the 5 MB/);
		expect(fx.sim.requests).toHaveLength(0);
	});

	test('n8n without signed links (no createBinarySignedUrl): the error names it', async () => {
		const restore = patchingContext((context) => delete (context.helpers as Partial<IExecuteFunctions['helpers']>).createBinarySignedUrl);
		try {
			const result = await fx.run(avatar(), { items: inMemory(SPEECH) });
			expect(result.nodeError(NODE)?.message).toMatch(/needs n8n to make signed links to binary data, and this n8n version cannot/);
			expect(fx.sim.requests).toHaveLength(0);
		} finally {
			restore();
		}
	});

	test('binary data kept in memory (binary data mode "default"): the error names the mode to set', async () => {
		const memory = new BinaryDataService({ mode: 'default', availableModes: ['filesystem'], localStoragePath: fx.engine.binaryDataDir, signingSecret: 'test-signing-secret', dbMaxFileSize: 512 } as never, mock(), mock());
		Container.set(BinaryDataService, memory);
		try {
			const result = await fx.run(avatar(), { items: inMemory(SPEECH) });
			expect(result.nodeError(NODE)?.message).toMatch(/needs n8n to store binary data as files, and this n8n keeps it in memory/);
			expect(result.nodeError(NODE)?.description).toMatch(/N8N_DEFAULT_BINARY_DATA_MODE/);
			expect(fx.sim.requests).toHaveLength(0);
		} finally {
			Container.set(BinaryDataService, fx.engine.binaryData);
		}
	});

	test("n8n's public URL not set while the service is on the internet: the link would point at localhost", async () => {
		// Only the node's own reading of the credential sees a public service; its requests still go to the simulator.
		const restore = patchingContext((context) => {
			const read = context.getCredentials.bind(context);
			context.getCredentials = (async (type: string, itemIndex?: number) => ({ ...(await read(type, itemIndex)), baseUrl: 'https://api.aimlapi.com' })) as typeof context.getCredentials;
		});
		try {
			const result = await fx.run(avatar(), { items: inMemory(SPEECH) });
			expect(result.nodeError(NODE)?.message).toMatch(/needs n8n's public URL: the link n8n makes points at http:\/\/localhost:5678, which the AI\/ML API cannot reach/);
			expect(result.nodeError(NODE)?.description).toMatch(/WEBHOOK_URL/);
			expect(fx.sim.requests).toHaveLength(0);
		} finally {
			restore();
		}
	});
});
