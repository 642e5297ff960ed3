import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import net from 'node:net';
import path from 'node:path';

/** Runs a command as the `postgres` user when we are root (initdb and postgres refuse to run as root). */
function asPostgresUser(command: string, args: string[]): [string, string[]] {
	if (process.getuid?.() !== 0) return [command, args];
	return ['runuser', ['-u', 'postgres', '--', command, ...args]];
}

function postgresBin(name: string): string {
	const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(a) - Number(b));
	return path.join('/usr/lib/postgresql', versions.at(-1)!, 'bin', name);
}

export async function waitForPort(port: number, timeoutMs = 30_000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const open = await new Promise<boolean>((resolve) => {
			const socket = net.connect(port, '127.0.0.1');
			socket.once('connect', () => (socket.destroy(), resolve(true)));
			socket.once('error', () => resolve(false));
		});
		if (open) return;
		if (Date.now() > deadline) throw new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

/** A throwaway PostgreSQL cluster in a temp folder, trust auth on 127.0.0.1:`port`, database `n8n`. */
export async function startPostgres(port: number): Promise<{ dir: string; stop: () => void }> {
	const dir = mkdtempSync(path.join(tmpdir(), 'omnihuman-pg-'));
	if (process.getuid?.() === 0) {
		const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres']).toString());
		chownSync(dir, id('-u'), id('-g'));
		chmodSync(dir, 0o700);
	}
	const data = path.join(dir, 'data');
	const run = (command: string, args: string[]) => {
		const [bin, argv] = asPostgresUser(command, args);
		try {
			execFileSync(bin, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
		} catch (error) {
			throw new Error(`${path.basename(command)} failed: ${String((error as { stderr?: Buffer }).stderr ?? error)}`);
		}
	};
	run(postgresBin('initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8']);
	run(postgresBin('pg_ctl'), ['-D', data, '-l', path.join(dir, 'postgres.log'), '-w', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off`, 'start']);
	run(postgresBin('createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', 'n8n']);
	return {
		dir,
		stop: () => {
			run(postgresBin('pg_ctl'), ['-D', data, '-m', 'immediate', 'stop']);
			rmSync(dir, { recursive: true, force: true });
		},
	};
}

export async function startRedis(port: number): Promise<ChildProcess> {
	const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
	await waitForPort(port);
	return redis;
}
