import { spawn, execFile } from 'node:child_process';
import { promisify } from 'node:util';

import { PROJECT_ROOT } from '../real-n8n/runtime';

const PORT = Number(process.env.E2E_DEMO_PORT ?? 5694);

/** The README's first command, as a newcomer runs it: it prints a curl that must return a video URL, and Ctrl-C ends it. */
test('npm run demo: the printed curl returns a video URL from the webhook; Ctrl-C stops everything', async () => {
	const demo = spawn('npm', ['run', 'demo'], {
		cwd: PROJECT_ROOT,
		env: { ...process.env, N8N_PORT: String(PORT), AIMLAPI_API_KEY: '', DEMO_JOB_SECONDS: '2' },
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	let output = '';
	demo.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
	const curl = await new Promise<string>((resolve, reject) => {
		demo.stdout.on('data', (chunk: Buffer) => {
			output += chunk.toString();
			const line = /^DEMO_CURL: (.+)$/m.exec(output)?.[1];
			if (line) resolve(line);
		});
		demo.on('exit', (code) => reject(new Error(`demo exited (${code}) before printing the curl:\n${output}`)));
	});
	try {
		expect(output).toMatch(new RegExp(`Editor: +http://127\\.0\\.0\\.1:${PORT}/home/workflows`));
		expect(output).toMatch(/Login: +\S+@\S+ \/ \S+/);
		const { stdout } = await promisify(execFile)('bash', ['-c', curl]);
		expect(JSON.parse(stdout)).toMatchObject({ id: expect.stringMatching(/:bytedance\/omnihuman$/), videoUrl: expect.stringMatching(/^http:\/\/localhost:\d+\/videos\/.+\.mp4$/) });
	} finally {
		const exited = new Promise((resolve) => demo.on('exit', resolve));
		process.kill(-demo.pid!, 'SIGINT');
		const outcome = await Promise.race([exited.then(() => 'exited'), new Promise((resolve) => setTimeout(() => resolve('timeout'), 20_000))]);
		if (outcome === 'timeout') process.kill(-demo.pid!, 'SIGKILL');
		expect(outcome).toBe('exited');
	}
	expect(output).toMatch(/\[demo\] stopping n8n and the simulator/);
	const deadline = Date.now() + 15_000;
	let listening = true;
	while (listening && Date.now() < deadline) {
		listening = await fetch(`http://127.0.0.1:${PORT}/healthz`).then(() => true, () => false);
		if (listening) await new Promise((resolve) => setTimeout(resolve, 250));
	}
	expect(listening).toBe(false);
}, 900_000);
