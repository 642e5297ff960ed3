/** `npm run simulator`: the AI/ML API simulator on its own, for manual tries (PORT, JOB_SECONDS, BALANCE). */
import { spawnSync } from 'node:child_process';

import { sampleUrls } from './samples';
import { SIMULATOR_API_KEY, startSimulator } from './server';

const hasEspeak = spawnSync('espeak-ng', ['--version']).status === 0;

void (async () => {
	const sim = await startSimulator({
		port: Number(process.env.PORT ?? 0),
		jobDurationMs: Number(process.env.JOB_SECONDS ?? 4) * 1000,
		balance: process.env.BALANCE === undefined ? undefined : Number(process.env.BALANCE),
		renderer: { log: (message) => console.log(message) },
		speech: hasEspeak ? { espeak: 'espeak-ng', log: (message) => console.log(message) } : undefined,
	});
	const samples = sampleUrls(sim.url);
	console.log(`AI/ML API simulator on ${sim.url}  (API key: ${SIMULATOR_API_KEY})`);
	console.log(`Sample portrait ${samples.portrait} and speech ${samples.speech}: jobs made from them get a real MP4 (with ffmpeg).`);
	console.log('Outcomes per job: add ?sim-outcome=error-message|failed-detail|stuck|... and &sim-duration=<ms> (&sim-audio-seconds=<s>) to the audio URL.');
	console.log('Models: OmniHuman (+v1.5), klingai/avatar-standard|pro (+prompt, +provider auto|kling|fal), veed/fabric-1.0(-fast|/fast) (+resolution); other fields get 400.');
	console.log(
		`Lip Sync: pixverse/lip-sync with video_url (e.g. the sample clip ${samples.clip}) and audio_url, or lip_sync_tts_content + lip_sync_tts_speaker; short ids, ends in "succeeded".`,
	);
	console.log(
		`POST /v1/tts (OpenAI, ElevenLabs, Deepgram Aura, MiniMax, Qwen3, Inworld, MAI, Hume): 201 { audio: "<url>" } or { audio: { url } } per family, the bytes when a streaming model is not sent stream: false, ${hasEspeak ? 'spoken by espeak-ng' : 'silent audio'}; put sim-tts-shape=url-object|bytes and sim-tts-status=200 in the text for the other answers.`,
	);
	console.log(
		'Charges: creates and JSON /v1/tts answers report meta.usage { credits_used, usd_spent } and x-aimlapi-* headers ($1 = 2,000,000 credits; sim-price=<usd> per request); GET /v2/logs lists them.',
	);
	console.log(
		'Avatar jobs cost a rate per second of speech, rounded up (OmniHuman $0.14/s; VEED by resolution; Lip Sync $1 a job): the length of the simulator\'s own audio, else &sim-audio-seconds=<s>, else 21 s. /v1/tts costs per character.',
	);
	console.log(
		`Price list (no key): ${sim.url}/v1/models?id=<model>&include=pricing and ${sim.url}/model/<id>. Balance: GET /v2/billing (BALANCE, default $10,000); a request it cannot cover gets 403.`,
	);
	console.log(
		`Audio at known lengths: ${sim.videoOrigin}/audio/<seconds>s.mp3 | <seconds>s-vbr.mp3 | <seconds>s.wav | <seconds>s.m4a (?sim-moov=start), malformed.mp3, oversized.mp3; flags sim-no-range, sim-redirect, sim-slow-ms=<ms>, sim-status=403.`,
	);
	const stop = async () => {
		await sim.close();
		process.exit(0);
	};
	process.on('SIGINT', () => void stop());
	process.on('SIGTERM', () => void stop());
})();
