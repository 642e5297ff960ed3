import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, type WriteStream } from 'node:fs';
import path from 'node:path';

import { n8nMajor, type Runtime } from './runtime';

export interface InstanceOptions {
	runtime: Runtime;
	userFolder: string;
	port: number;
	/** Extra environment (queue mode, log level, binary mode...). */
	env?: Record<string, string>;
	/** Where stdout/stderr of every n8n process goes. */
	logFile?: string;
}

export interface CliResult {
	code: number | null;
	stdout: string;
	stderr: string;
}

const BROWSER_ID = 'omnihuman-e2e-browser';

/** One isolated n8n: its own user folder, encryption key, port and log file. */
export class N8nInstance {
	readonly url: string;

	readonly logFile: string;

	private readonly log: WriteStream;

	private readonly processes = new Set<ChildProcess>();

	private cookie = '';

	constructor(readonly options: InstanceOptions) {
		this.url = `http://127.0.0.1:${options.port}`;
		mkdirSync(options.userFolder, { recursive: true });
		this.logFile = options.logFile ?? path.join(options.userFolder, 'n8n.log');
		this.log = createWriteStream(this.logFile, { flags: 'a' });
	}

	env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
		const { port } = this.options;
		return {
			PATH: `${path.dirname(this.options.runtime.nodeBin)}:${process.env.PATH ?? ''}`,
			HOME: process.env.HOME,
			TZ: 'UTC',
			N8N_USER_FOLDER: this.options.userFolder,
			N8N_ENCRYPTION_KEY: 'omnihuman-e2e-encryption-key-0001',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			N8N_PORT: String(port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_EDITOR_BASE_URL: this.url,
			WEBHOOK_URL: `${this.url}/`,
			N8N_RUNNERS_BROKER_PORT: String(port + 1),
			// 2.x only (1.x refuses to start on an unknown module name).
			...(this.major >= 2 ? { N8N_DISABLED_MODULES: 'mcp-registry' } : {}),
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_SECURE_COOKIE: 'false',
			N8N_WORKFLOW_PUBLICATION_OUTBOX_POLL_INTERVAL_MS: '500',
			N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem',
			DB_SQLITE_POOL_SIZE: '2',
			N8N_LOG_OUTPUT: 'console',
			N8N_LOG_LEVEL: 'info',
			...this.options.env,
			...extra,
		};
	}

	/** Runs an n8n CLI command to completion (import, publish, execute...). */
	async cli(args: string[], extraEnv: Record<string, string> = {}): Promise<CliResult> {
		const child = this.spawn(args, extraEnv);
		let stdout = '';
		let stderr = '';
		child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
		child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
		return { code, stdout, stderr };
	}

	async mustCli(args: string[], extraEnv: Record<string, string> = {}): Promise<CliResult> {
		const result = await this.cli(args, extraEnv);
		if (result.code !== 0) throw new Error(`n8n ${args.join(' ')} exited with ${result.code}:\n${result.stderr || result.stdout}`);
		return result;
	}

	/** 1 or 2: n8n 1.x activates workflows and runs them through a slightly different CLI and REST API. */
	get major(): number {
		return n8nMajor(this.options.runtime);
	}

	/** Makes a stored workflow's triggers (webhook, schedule) active once the server starts. */
	async publishWorkflow(id: string): Promise<void> {
		await this.mustCli(this.major >= 2 ? ['publish:workflow', `--id=${id}`] : ['update:workflow', `--id=${id}`, '--active=true']);
	}

	/** Starts a long-running process (e.g. `worker`); it is stopped with the others by `stop()`. */
	startProcess(args: string[], extraEnv: Record<string, string> = {}): ChildProcess {
		return this.spawn(args, extraEnv);
	}

	/** `n8n start`; resolves when the editor answers. */
	async start(extraEnv: Record<string, string> = {}, timeoutMs = 180_000): Promise<ChildProcess> {
		if (await fetch(`${this.url}/healthz`).then(() => true, () => false)) {
			throw new Error(`Port ${this.options.port} is already in use (another n8n?): stop it or choose another port with N8N_PORT`);
		}
		const child = this.spawn(['start'], extraEnv);
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			if (child.exitCode !== null) throw new Error(`n8n start exited with ${child.exitCode}; see ${this.logFile}`);
			try {
				const response = await fetch(`${this.url}/healthz/readiness`);
				// n8n 1.x is "ready" before it has mounted its REST API and activated workflows; it logs this after.
				if (response.ok && (this.major >= 2 || this.logText().includes('Editor is now accessible'))) return child;
			} catch {
				// not listening yet
			}
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
		throw new Error(`n8n did not become ready within ${timeoutMs / 1000} s; see ${this.logFile}`);
	}

	/** Ends every process this instance started (SIGTERM, then SIGKILL after the grace period). */
	async stop(graceMs = 5000) {
		const running = [...this.processes].filter((child) => child.exitCode === null && child.signalCode === null);
		await Promise.all(
			running.map(async (child) => {
				const exited = new Promise((resolve) => child.once('exit', resolve));
				signalGroup(child, 'SIGTERM');
				const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs);
				await exited;
				clearTimeout(timer);
			}),
		);
		await new Promise((resolve) => this.log.end(resolve));
	}

	/**
	 * Kills every process this instance started (each with its process group: the task runner too) with
	 * `signal`, SIGKILL by default, as a crash or an OOM kill would; resolves once they have exited. Nothing
	 * else is touched: the user folder and the log stay, so `start()` again brings the same n8n back.
	 */
	async kill(signal: NodeJS.Signals = 'SIGKILL') {
		const running = [...this.processes].filter((child) => child.exitCode === null && child.signalCode === null);
		await Promise.all(
			running.map(async (child) => {
				const exited = new Promise((resolve) => child.once('exit', resolve));
				signalGroup(child, signal);
				await exited;
			}),
		);
	}

	logText(): string {
		return readFileSync(this.logFile, 'utf8');
	}

	async setupOwner(email = 'owner@example.com', password = 'Omnihuman-demo-1') {
		await this.rest('POST', '/rest/owner/setup', { email, firstName: 'Demo', lastName: 'Owner', password });
		await this.login(email, password);
	}

	async login(email: string, password: string) {
		const response = await fetch(`${this.url}/rest/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'browser-id': BROWSER_ID },
			body: JSON.stringify({ emailOrLdapLoginId: email, password }),
		});
		if (!response.ok) throw new Error(`login failed: HTTP ${response.status} ${await response.text()}`);
		this.cookie = (response.headers.getSetCookie?.() ?? []).map((cookie) => cookie.split(';')[0]).join('; ');
	}

	/** A GET as the logged-in owner, for answers that are not `/rest` JSON (type lists, binary data). */
	async get(pathname: string): Promise<Response> {
		return await fetch(`${this.url}${pathname}`, { headers: { 'browser-id': BROWSER_ID, cookie: this.cookie } });
	}

	/** The bytes of a binary data id from an execution's output, as the editor's download button gets them. */
	async binaryData(id: string): Promise<Buffer> {
		const response = await this.get(`/rest/binary-data?id=${encodeURIComponent(id)}&action=download`);
		return Buffer.from(await response.arrayBuffer());
	}

	/** A `/rest` call as the logged-in owner; returns `data` of n8n's `{ data }` envelope. */
	async rest<T = unknown>(method: string, pathname: string, body?: unknown): Promise<T> {
		const response = await fetch(`${this.url}${pathname}`, {
			method,
			headers: { 'content-type': 'application/json', 'browser-id': BROWSER_ID, cookie: this.cookie },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok) throw new Error(`${method} ${pathname}: HTTP ${response.status} ${text.slice(0, 500)}`);
		const parsed = text ? (JSON.parse(text) as { data?: T }) : {};
		return (parsed.data ?? parsed) as T;
	}

	private spawn(args: string[], extraEnv: Record<string, string>): ChildProcess {
		const child = spawn(this.options.runtime.nodeBin, [this.options.runtime.n8nBin, ...args], {
			env: this.env(extraEnv),
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true,
		});
		this.processes.add(child);
		child.on('exit', () => this.processes.delete(child));
		const label = `[${args[0]}${child.pid ? ` ${child.pid}` : ''}] `;
		const tee = (chunk: Buffer) => {
			if (this.log.writable) this.log.write(chunk.toString().replace(/^(?=.)/gm, label));
		};
		child.stdout?.on('data', tee);
		child.stderr?.on('data', tee);
		return child;
	}
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals) {
	try {
		if (child.pid) process.kill(-child.pid, signal);
	} catch {
		child.kill(signal);
	}
}
