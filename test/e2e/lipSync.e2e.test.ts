import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { withSignedInEditor } from '../real-n8n/editorBrowser';
import { importThroughEditor } from '../real-n8n/editorImport';
import { listExecutions, nodeOutput, waitForExecution } from '../real-n8n/executions';
import type { N8nInstance } from '../real-n8n/instance';
import { EXAMPLES_DIR } from '../real-n8n/prepare';
import { useRealN8n } from '../real-n8n/useRealN8n';
import { viewVideoOnPage, type ViewerVideo } from '../real-n8n/videoViewer';
import { LIP_SYNC_MODEL_ID, SHORT_ID } from '../simulator/lipSync';
import { MEDIA_DIR, sampleUrls, withSampleMedia } from '../simulator/samples';
import type { Simulator } from '../simulator/server';

/**
 * The acceptance: a Lip Sync example imported through the editor's own import (workflow menu →
 * Import → From file), run from the editor against the simulator, produces a playable video. The example
 * gets the simulator's sample clip and speech (as `npm run demo` gives them) before the import.
 */
// 5698/5699 are spend.e2e's server and task-runner broker ports; this file uses 5700 and 5701.
const PORT = Number(process.env.E2E_LIPSYNC_PORT ?? 5700);
const EXAMPLE = path.join(EXAMPLES_DIR, '10-lip-sync.json');
/** The example's id: the harness imports the examples through the CLI, so this one is already stored. */
const CLI_IMPORTED_ID = 'OmniHumanLipSync10';
const NODE = 'Re-voice the clip';
/** `setupOwner`'s defaults. */
const OWNER = { email: 'owner@example.com', password: 'Omnihuman-demo-1' };

let sim: Simulator;
let n8n: N8nInstance;
let folder: string;

useRealN8n({ port: PORT, folderPrefix: 'omnihuman-e2e-lipsync-' }, (started) => {
	({ sim, n8n } = started);
});

beforeAll(() => {
	folder = mkdtempSync(path.join(tmpdir(), 'omnihuman-e2e-lipsync-files-'));
});

afterAll(() => {
	if (folder) rmSync(folder, { recursive: true, force: true });
});

interface Probe {
	streams: Array<{ codec_type: string; codec_name: string; width?: number; height?: number }>;
	format: { duration: string };
}

async function ffprobe(file: string): Promise<Probe> {
	const { stdout } = await promisify(execFile)('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type,codec_name,width,height:format=duration', '-of', 'json', file]);
	return JSON.parse(stdout) as Probe;
}

test('examples/10-lip-sync.json imported from the editor and run from it: one pixverse/lip-sync job, a playable 1280×720 H.264+AAC video of the speech\'s length', async () => {
	const samples = sampleUrls(sim.url);
	const original = readFileSync(EXAMPLE, 'utf8');
	const file = path.join(folder, '10-lip-sync.json');
	writeFileSync(file, withSampleMedia(samples)(original));
	const example = JSON.parse(readFileSync(file, 'utf8')) as { name: string; nodes: Array<{ name: string; parameters: Record<string, unknown> }> };
	const exampleNode = example.nodes.find((node) => node.name === NODE)!;
	// The example's links are the placeholders; the imported copy has the simulator's samples instead.
	expect(JSON.parse(original).nodes.find((node: { name: string }) => node.name === NODE).parameters).toMatchObject({
		videoUrl: 'https://videos.example.com/sample-clip.mp4',
		audioUrl: 'https://audio.example.com/speech.mp3',
	});
	expect(exampleNode.parameters).toMatchObject({ resource: 'lipSync', operation: 'createAndWait', videoUrl: samples.clip, audioUrl: samples.speech, options: { downloadVideo: true } });

	let workflowId = '';
	const viewer: ViewerVideo = await withSignedInEditor(n8n, OWNER, async (page) => {
		workflowId = await importThroughEditor(page, n8n, file, NODE);
		// The run starts from a fresh load of the saved workflow: what is run is what the editor stored.
		return await viewVideoOnPage(page, n8n, workflowId, NODE);
	});

	// The editor stored a new workflow (not the CLI-imported example) with the example's nodes and links.
	expect(workflowId).not.toBe(CLI_IMPORTED_ID);
	const stored = await n8n.rest<{ name: string; nodes: Array<{ name: string; type: string; parameters: Record<string, unknown> }> }>('GET', `/rest/workflows/${workflowId}`);
	expect(stored.name).toBe(example.name);
	expect(stored.nodes.map((node) => node.name).sort()).toEqual(example.nodes.map((node) => node.name).sort());
	const storedNode = stored.nodes.find((node) => node.name === NODE)!;
	expect(storedNode.type).toBe('n8n-nodes-omnihuman.omniHuman');
	expect(storedNode.parameters).toMatchObject({ resource: 'lipSync', videoUrl: samples.clip, audioUrl: samples.speech, options: { downloadVideo: true } });

	// The editor's run: one manual execution of that workflow, successful.
	const executions = await listExecutions(n8n, workflowId);
	expect(executions.map((execution) => execution.status)).toEqual(['success']);
	const execution = await waitForExecution(n8n, executions[0].id);
	expect(execution.status).toBe('success');
	expect(execution.workflowId).toBe(workflowId);

	// Exactly one create, with exactly the Lip Sync body: the sample clip re-voiced with the sample speech.
	const creates = sim.requestsTo('create');
	expect(creates).toHaveLength(1);
	expect(creates[0].body).toEqual({ model: LIP_SYNC_MODEL_ID, video_url: samples.clip, audio_url: samples.speech });
	const jobs = [...sim.jobs.values()];
	expect(jobs).toHaveLength(1);
	const [job] = jobs;
	expect(job.id).toMatch(SHORT_ID);
	expect(job.id).not.toContain(':');
	expect(job.lipSync).toEqual({ videoUrl: samples.clip, speech: { source: 'audio_url', url: samples.speech } });
	expect(job.reportedStatuses.at(-1)).toBe('succeeded');
	const [item, ...more] = nodeOutput(execution, NODE);
	expect(more).toHaveLength(0);
	expect(item.json).toMatchObject({ id: job.id, status: 'succeeded', model: LIP_SYNC_MODEL_ID, videoUrl: `${sim.videoOrigin}/videos/${job.uuid}.mp4` });

	// n8n's viewer plays it: 1280×720 (the 384×480 clip fitted, black bars), as long as the speech (the
	// 4 s clip looped to the 7.8 s speech), no media error.
	const [speech, clip] = await Promise.all([ffprobe(path.join(MEDIA_DIR, 'speech.mp3')), ffprobe(path.join(MEDIA_DIR, 'sample-clip.mp4'))]);
	const speechSeconds = Number(speech.format.duration);
	expect(speechSeconds).toBeGreaterThan(Number(clip.format.duration) + 1);
	expect(viewer).toMatchObject({ width: 1280, height: 720, error: null });
	expect(viewer.playedSeconds).toBeGreaterThan(1);
	expect(Math.abs(viewer.durationSeconds - speechSeconds)).toBeLessThanOrEqual(0.5);

	// The binary n8n stored is the simulator's render, byte for byte, and ffprobe reads H.264 + AAC from it.
	const binary = item.binary?.data;
	// The file is named after the generation id: a Lip Sync id whole (its `_` kept), a `<uuid>:<model>` id's uuid.
	expect(binary).toMatchObject({ mimeType: 'video/mp4', fileName: `${job.id}.mp4` });
	const downloaded = await n8n.binaryData(String(binary!.id));
	const rendered = await sim.renderer.videoFor(job.uuid);
	expect(rendered).toBeDefined();
	expect(downloaded.equals(readFileSync(rendered!.file))).toBe(true);
	const downloadedFile = path.join(folder, 'downloaded.mp4');
	writeFileSync(downloadedFile, downloaded);
	const video = await ffprobe(downloadedFile);
	expect(video.streams.map((stream) => `${stream.codec_type}:${stream.codec_name}`).sort()).toEqual(['audio:aac', 'video:h264']);
	expect(video.streams.find((stream) => stream.codec_type === 'video')).toMatchObject({ width: 1280, height: 720 });
	expect(Math.abs(Number(video.format.duration) - speechSeconds)).toBeLessThanOrEqual(0.5);
});
