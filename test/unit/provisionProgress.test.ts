import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** scripts/progress.sh: what a first `npm run demo` shows while it provisions, and where npm's output goes. */
const PROGRESS = path.join(__dirname, '../../scripts/progress.sh');
const folder = mkdtempSync(path.join(tmpdir(), 'progress-'));
const logFile = path.join(folder, 'provision.log');
const stderrFile = path.join(folder, 'stderr.txt');
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Runs one step; its stderr goes to a file the command can watch, so the test waits on events, not on time. */
function runLogged(command: string) {
	const result = spawnSync('bash', ['-c', `source '${PROGRESS}'; run_logged "npm install thing" bash -c '${command}' 2>'${stderrFile}'`], {
		encoding: 'utf8',
		env: { ...process.env, PROVISION_LOG: logFile, PROVISION_HEARTBEAT_SECONDS: '1' },
	});
	return { status: result.status, stdout: result.stdout, stderr: readFileSync(stderrFile, 'utf8'), log: readFileSync(logFile, 'utf8') };
}

test('a step prints its name, the log path, a heartbeat while it runs and its time; the command output goes only to the log', () => {
	const untilHeartbeat = `until grep -q "still working" "${stderrFile}"; do sleep 0.1; done`;
	const { status, stdout, stderr, log } = runLogged(`echo npm warn ERESOLVE overriding peer dependency; ${untilHeartbeat}; echo added 1302 packages`);
	expect(status).toBe(0);
	expect(stdout).toBe('');
	expect(stderr).toMatch(new RegExp(`^\\[provision \\d+:\\d\\d\\] npm install thing… \\(full output: ${logFile.replace(/[.]/g, '\\.')}\\)$`, 'm'));
	expect(stderr).toMatch(/\[provision \d+:\d\d\]   … npm install thing: still working, \d+ s/);
	expect(stderr).toMatch(/\[provision \d+:\d\d\] npm install thing: done in \d+ s/);
	expect(stderr).not.toContain('npm warn');
	expect(log).toMatch(/### .* npm install thing\n### \$ bash -c .*\nnpm warn ERESOLVE overriding peer dependency\nadded 1302 packages\n/);
});

test('a failing step shows the end of the log and fails with the command exit code', () => {
	const { status, stderr } = runLogged('echo gyp ERR! build error; exit 7');
	expect(status).toBe(7);
	expect(stderr).toMatch(/npm install thing failed \(exit 7\) after \d+ s; the end of .*provision\.log:\n[\s\S]*gyp ERR! build error/);
});
