import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { synthesize } from '../simulator/client';
import { startSimulator, type Simulator } from '../simulator/server';
import { espeakArguments } from '../simulator/spokenAudio';

/**
 * The simulator's optional real speech, with stand-in espeak-ng/ffmpeg scripts (no speech engine needed):
 * what is spoken, at which pace, and that a failing engine leaves the silent placeholder.
 */
const tools = mkdtempSync(path.join(tmpdir(), 'fake-espeak-'));
const calls = path.join(tools, 'calls.log');
const fakeEspeak = path.join(tools, 'espeak-ng');
const fakeFfmpeg = path.join(tools, 'ffmpeg');
const failingEspeak = path.join(tools, 'broken-espeak');
writeFileSync(fakeEspeak, `#!/bin/sh\necho "espeak $*" >> '${calls}'\ncat >> '${calls}'\necho >> '${calls}'\nwhile [ "$1" != -w ]; do shift; done\nprintf FAKE-WAV > "$2"\n`);
writeFileSync(fakeFfmpeg, `#!/bin/sh\necho "ffmpeg $*" >> '${calls}'\nfor last; do :; done\nprintf FAKE-MP3 > "$last"\n`);
writeFileSync(failingEspeak, '#!/bin/sh\necho "no voice" >&2\nexit 1\n');
for (const file of [fakeEspeak, fakeFfmpeg, failingEspeak]) chmodSync(file, 0o755);

let sim: Simulator;
const logged: string[] = [];
beforeAll(async () => {
	sim = await startSimulator({ jobDurationMs: 0, speech: { espeak: fakeEspeak, ffmpeg: fakeFfmpeg, log: (message) => logged.push(message) } });
});
afterEach(() => rmSync(calls, { force: true }));
afterAll(async () => {
	await sim.close();
	rmSync(tools, { recursive: true, force: true });
});

test('espeak-ng speaks the script without the simulator hints, at 150 words a minute × speed', async () => {
	await synthesize(sim, { model: 'openai/tts-1', text: 'Hello world sim-tts-status=200', voice: 'alloy', speed: 2 });
	const response = await fetch(sim.syntheses[0].url!);
	expect(Buffer.from(await response.arrayBuffer()).toString()).toBe('FAKE-MP3');
	expect(sim.syntheses[0].bytes).toBe(8);
	const log = readFileSync(calls, 'utf8');
	expect(log).toMatch(/^espeak -v en-us -s 300 -w \S+speech\.wav --stdin\nHello world\n/);
	expect(log).toMatch(/ffmpeg .* -c:a libmp3lame .*speech\.mp3/);
});

test('WAV comes straight from espeak-ng, also as raw bytes', async () => {
	sim.ttsAnswer = { shape: 'bytes', status: 201 };
	const answer = await synthesize(sim, { model: 'deepgram/aura-2', voice: 'thalia', text: 'Hi' });
	expect(answer.bytes.toString()).toBe('FAKE-WAV');
	expect(readFileSync(calls, 'utf8')).not.toContain('ffmpeg');
});

test('a failing engine leaves the silent placeholder and says why', async () => {
	const broken = await startSimulator({ speech: { espeak: failingEspeak, log: (message) => logged.push(message) } });
	try {
		await synthesize(broken, { model: 'openai/tts-1', text: 'Hi there', voice: 'alloy', response_format: 'wav' });
		const bytes = Buffer.from(await (await fetch(broken.syntheses[0].url!)).arrayBuffer());
		expect(bytes.subarray(0, 4).toString()).toBe('RIFF');
		expect(logged.some((message) => message.includes('broken-espeak failed (exit 1): no voice'))).toBe(true);
	} finally {
		await broken.close();
	}
});

test('the pace is clamped to what espeak-ng takes', () => {
	expect(espeakArguments({ espeak: 'e' }, 0.25, 'w.wav')).toContain('80');
	expect(espeakArguments({ espeak: 'e' }, 4, 'w.wav')).toContain('450');
});
