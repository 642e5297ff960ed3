/**
 * `npm run demo`: a real n8n on 127.0.0.1:5678 with this package installed from its packed tarball,
 * the AI/ML API credential and the example workflows imported, the webhook example live.
 * Talks to the local simulator, or to the real AI/ML API when AIMLAPI_API_KEY is set. Ctrl-C stops all.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';

import type { N8nInstance } from '../test/real-n8n/instance';
import { waitUntilPublished } from '../test/real-n8n/executions';
import { ASYNC_WEBHOOK_WORKFLOW_ID, prepareInstance, WEBHOOK_WORKFLOW_ID } from '../test/real-n8n/prepare';
import { PROJECT_ROOT, provisionRuntime } from '../test/real-n8n/runtime';
import { WEBHOOK_AUTH_HEADER } from '../test/real-n8n/webhookApi';
import { sampleUrls, withSampleMedia } from '../test/simulator/samples';
import { SIMULATOR_API_KEY, startSimulator, type Simulator } from '../test/simulator/server';

const PORT = Number(process.env.N8N_PORT ?? 5678);
const OWNER = { email: process.env.DEMO_EMAIL ?? 'demo@example.com', password: process.env.DEMO_PASSWORD ?? 'Omnihuman-demo-1' };
const realKey = process.env.AIMLAPI_API_KEY?.trim() || undefined;
/** What the webhook examples require in their X-API-Key header (a fresh random one unless set). */
const webhookSecret = process.env.DEMO_WEBHOOK_SECRET?.trim() || randomBytes(18).toString('base64url');
const say = (message: string) => console.log(`[demo] ${message}`);

/** Debian's ffmpeg renders the simulator's videos; without it the demo still runs, with placeholder videos. */
function provisionFfmpeg() {
	const result = spawnSync('bash', [path.join(PROJECT_ROOT, 'scripts/provision-ffmpeg.sh')], { stdio: ['ignore', 'inherit', 'inherit'] });
	if (result.status !== 0) say('ffmpeg could not be installed: the simulated videos will be placeholder bytes, not playable MP4s');
}

/** Points the examples' sample links (images., audio., videos.example.com) at the simulator's sample media. */
function useSampleMedia(simulatorUrl: string) {
	return withSampleMedia(sampleUrls(simulatorUrl));
}

async function main() {
	const startedAt = Date.now();
	say('provisioning Node 24 and n8n (cached after the first run; the first run takes several minutes)');
	const runtime = provisionRuntime();

	let sim: Simulator | undefined;
	let n8n: N8nInstance | undefined;
	let stopping = false;
	const shutdown = async (code: number) => {
		if (stopping) return;
		stopping = true;
		say('stopping n8n and the simulator');
		await n8n?.stop();
		await sim?.close();
		process.exit(code);
	};
	process.on('SIGINT', () => void shutdown(0));
	process.on('SIGTERM', () => void shutdown(0));

	try {
		if (!realKey) {
			provisionFfmpeg();
			sim = await startSimulator({
				jobDurationMs: Number(process.env.DEMO_JOB_SECONDS ?? 4) * 1000,
				port: Number(process.env.SIMULATOR_PORT ?? 0),
				renderer: { log: say },
				// Scripts (/v1/tts, Lip Sync's lip_sync_tts_content) spoken for real when espeak-ng is here, so the mouth moves.
				speech: spawnSync('espeak-ng', ['--version']).status === 0 ? { espeak: 'espeak-ng', log: say } : undefined,
			});
			say(`AI/ML API simulator on ${sim.url} (jobs take ${sim.jobDurationMs / 1000} s; set AIMLAPI_API_KEY to use the real service)`);
		} else {
			say('using the real AI/ML API (AIMLAPI_API_KEY is set): every job is billed; edit the example URLs first');
		}
		// One folder per port: demos on other ports (e.g. the e2e test's) must not wipe this one.
		const userFolder = path.join(PROJECT_ROOT, '.demo', `n8n-${PORT}`);
		rmSync(userFolder, { recursive: true, force: true });
		({ instance: n8n } = await prepareInstance({
			runtime,
			userFolder,
			port: PORT,
			apiKey: realKey ?? SIMULATOR_API_KEY,
			baseUrl: process.env.AIMLAPI_BASE_URL ?? sim?.url ?? 'https://api.aimlapi.com',
			webhookSecret,
			publish: [WEBHOOK_WORKFLOW_ID, ASYNC_WEBHOOK_WORKFLOW_ID],
			rewriteWorkflow: sim ? useSampleMedia(sim.url) : undefined,
			log: say,
		}));
		say(`starting n8n on ${n8n.url} (log: ${path.relative(PROJECT_ROOT, n8n.logFile)})`);
		await n8n.start();
		await n8n.setupOwner(OWNER.email, OWNER.password);
		await waitUntilPublished(n8n, WEBHOOK_WORKFLOW_ID);
		await waitUntilPublished(n8n, ASYNC_WEBHOOK_WORKFLOW_ID);

		const samples = sim ? sampleUrls(sim.url) : { portrait: 'https://<your portrait>.png', speech: 'https://<your speech, under 30 s>.mp3' };
		const body = JSON.stringify({ image_url: samples.portrait, audio_url: samples.speech });
		const auth = `-H '${WEBHOOK_AUTH_HEADER}: ${webhookSecret}'`;
		const credentialKey = sim ? `the simulator's key ${SIMULATOR_API_KEY}, Base URL ${sim.url}` : 'your AIMLAPI_API_KEY';
		console.log(
			[
				'',
				`  n8n is ready in ${Math.round((Date.now() - startedAt) / 1000)} s with n8n-nodes-omnihuman installed and the examples imported.`,
				'',
				`  Editor:   ${n8n.url}/home/workflows`,
				`  Login:    ${OWNER.email} / ${OWNER.password}`,
				`  Credential "AI/ML API": ${credentialKey}`,
				`  Webhook secret (header ${WEBHOOK_AUTH_HEADER}, credential "OmniHuman webhook key"): ${webhookSecret}`,
				'  Try the webhook example (answers with the video URL when the job is done):',
				'',
				`DEMO_CURL: curl -sS -X POST ${n8n.url}/webhook/omnihuman ${auth} -H 'content-type: application/json' -d '${body}'`,
				'',
				'  Or the asynchronous API (answers 202 with a status URL at once; GET that URL until "completed"):',
				'',
				`DEMO_ASYNC_CURL: curl -sS -X POST ${n8n.url}/webhook/omnihuman/jobs ${auth} -H 'content-type: application/json' -d '${body}'`,
				`DEMO_STATUS_CURL: curl -sS ${auth} '<statusUrl>'`,
				'',
				'  Press Ctrl-C to stop everything.',
				'',
			].join('\n'),
		);
	} catch (error) {
		console.error(`[demo] failed: ${error instanceof Error ? error.message : String(error)}`);
		if (n8n) console.error(`[demo] n8n log: ${n8n.logFile}`);
		await shutdown(1);
	}
}

void main();
