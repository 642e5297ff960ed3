/** `npm run simulator`: the AI/ML API simulator on its own, for manual tries (PORT, JOB_SECONDS). */
import { sampleUrls } from './samples';
import { SIMULATOR_API_KEY, startSimulator } from './server';

void (async () => {
	const sim = await startSimulator({
		port: Number(process.env.PORT ?? 0),
		jobDurationMs: Number(process.env.JOB_SECONDS ?? 4) * 1000,
		renderer: { log: (message) => console.log(message) },
	});
	const samples = sampleUrls(sim.url);
	console.log(`AI/ML API simulator on ${sim.url}  (API key: ${SIMULATOR_API_KEY})`);
	console.log(`Sample portrait ${samples.portrait} and speech ${samples.speech}: jobs made from them get a real MP4 (with ffmpeg).`);
	console.log('Outcomes per job: add ?sim-outcome=error-message|failed-detail|stuck|... and &sim-duration=<ms> to the audio URL.');
	const stop = async () => {
		await sim.close();
		process.exit(0);
	};
	process.on('SIGINT', () => void stop());
	process.on('SIGTERM', () => void stop());
})();
