import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { waitUntilPublished } from '../real-n8n/executions';
import type { N8nInstance } from '../real-n8n/instance';
import { useRealN8n } from '../real-n8n/useRealN8n';
import { MEDIA_DIR, sampleUrls } from '../simulator/samples';
import type { Simulator } from '../simulator/server';

/**
 * Issue 23 part 5 in a real n8n: a Webhook receives an MP3, the node (Audio Source "Binary File") hands the
 * service a signed n8n link, the simulator fetches it from n8n without a login and receives exactly the
 * posted bytes, and a talking head of the speech's length comes out. Twice: a body the Webhook stores as a
 * file (linked as it is), and a raw body n8n holds in memory (the node stores it first).
 */
const PORT = Number(process.env.E2E_BINARY_AUDIO_PORT ?? 5712);
const WORKFLOW_ID = 'E2eBinaryAudio01';
const WORKFLOW = path.join(__dirname, 'workflows', 'binary-audio-webhook.json');
const SPEECH = readFileSync(path.join(MEDIA_DIR, 'speech.mp3'));
/** Max Wait (120 s in the workflow) + the default Request Timeout (60 s). */
const LINK_SECONDS = 180;

let sim: Simulator;
let n8n: N8nInstance;
let folder: string;

useRealN8n({ port: PORT, folderPrefix: 'omnihuman-e2e-binary-audio-', extraWorkflows: [WORKFLOW], publish: [WORKFLOW_ID] }, async (started) => {
	({ sim, n8n } = started);
	await waitUntilPublished(n8n, WORKFLOW_ID);
});

beforeAll(() => {
	folder = mkdtempSync(path.join(tmpdir(), 'omnihuman-e2e-binary-audio-files-'));
});

afterAll(() => {
	if (folder) rmSync(folder, { recursive: true, force: true });
});

interface Probe {
	streams: Array<{ codec_type: string; codec_name: string }>;
	format: { duration: string };
}

async function ffprobe(file: string): Promise<Probe> {
	const { stdout } = await promisify(execFile)('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type,codec_name:format=duration', '-of', 'json', file]);
	return JSON.parse(stdout) as Probe;
}

test.each([
	['a body the Webhook stores as a file', 'binary-audio'],
	['a raw body n8n holds in memory (stored by the node first)', 'binary-audio-raw'],
])('%s: the simulator fetches the signed link from n8n, receives exactly the MP3, and a talking head comes out', async (_how, hookPath) => {
	const portrait = sampleUrls(sim.url).portrait;
	const response = await fetch(`${n8n.url}/webhook/${hookPath}?portrait=${encodeURIComponent(portrait)}`, {
		method: 'POST',
		headers: { 'content-type': 'audio/mpeg' },
		body: SPEECH,
	});
	const answer = (await response.json()) as { id?: string; status?: string; videoUrl?: string };
	expect({ status: response.status, answer }).toMatchObject({ status: 200, answer: { status: 'completed', videoUrl: expect.any(String) } });

	// One job, whose audio_url is n8n's signed link (built from WEBHOOK_URL), living Max Wait + Request Timeout.
	const creates = sim.requestsTo('create');
	expect(creates).toHaveLength(1);
	const audioUrl = (creates[0].body as { audio_url: string }).audio_url;
	expect(audioUrl.startsWith(`${n8n.url}/rest/binary-data/signed?token=`)).toBe(true);
	const token = JSON.parse(Buffer.from(new URL(audioUrl).searchParams.get('token')!.split('.')[1], 'base64url').toString()) as { iat: number; exp: number };
	expect(token.exp - token.iat).toBe(LINK_SECONDS);

	// The service side (no login, no cookie) got exactly the bytes the Webhook received.
	const received = await sim.audioIntake.of(String(answer.id));
	expect({ status: received?.status, error: received?.error, contentType: received?.contentType }).toEqual({ status: 200, error: undefined, contentType: 'audio/mpeg' });
	expect(received?.bytes?.length).toBe(SPEECH.length);
	expect(received?.bytes?.equals(SPEECH)).toBe(true);

	// The talking head: a video with sound as long as the speech (7.8 s), rendered from the fetched audio.
	const video = Buffer.from(await (await fetch(answer.videoUrl!)).arrayBuffer());
	const file = path.join(folder, `${hookPath}.mp4`);
	writeFileSync(file, video);
	const probe = await ffprobe(file);
	expect(probe.streams.map((stream) => stream.codec_type).sort()).toEqual(['audio', 'video']);
	expect(Number(probe.format.duration)).toBeCloseTo(7.8, 0);
});
