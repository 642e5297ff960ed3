import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { audioFixture } from './audioFixtures';

export interface HostRequest {
	path: string;
	range?: string;
	authorization?: string;
}

/**
 * A local audio host on 127.0.0.1 for the remote length reader: fixtures with or without Range support,
 * redirects, hosts that hang or stall, error statuses, and bodies far larger than anyone should read.
 * Routes: /files/<name> (206 for a Range), /whole/<name> (ignores Range), /redirect/<hops>/<name>,
 * /to-ftp, /loop, /hang, /stall, /status/<code>, /huge-whole (2 GB announced, ignores Range),
 * /endless (chunked, no length, never ends), /huge-range (206 of a 50 MB file).
 */
export class AudioHost {
	readonly requests: HostRequest[] = [];
	/** Body bytes written, per path, as far as the socket took them. */
	readonly written = new Map<string, number>();
	private readonly files = new Map<string, Uint8Array>();
	private readonly server = http.createServer((request, response) => this.answer(request, response));

	async start(): Promise<this> {
		await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
		return this;
	}

	get base(): string {
		return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
	}

	url(path: string): string {
		return `${this.base}${path}`;
	}

	/** Serves `bytes` at /files/<name> and /whole/<name> (in addition to the fixtures). */
	add(name: string, bytes: Uint8Array): void {
		this.files.set(name, bytes);
	}

	async close(): Promise<void> {
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}

	private file(name: string): Uint8Array | undefined {
		if (this.files.has(name)) return this.files.get(name);
		if (!/^[\w.-]+$/.test(name)) return undefined;
		try {
			return audioFixture(name);
		} catch {
			return undefined;
		}
	}

	private count(path: string, bytes: number): void {
		this.written.set(path, (this.written.get(path) ?? 0) + bytes);
	}

	private answer(request: http.IncomingMessage, response: http.ServerResponse): void {
		const path = request.url ?? '/';
		this.requests.push({ path, range: request.headers.range, authorization: request.headers.authorization });
		const [, route, ...rest] = path.split('/');
		if (route === 'files' || route === 'whole') {
			const bytes = this.file(rest.join('/'));
			if (!bytes) return void response.writeHead(404).end();
			return this.serve(request, response, path, bytes, route === 'files');
		}
		if (route === 'redirect') {
			const hops = Number(rest[0]);
			const next = hops > 1 ? `/redirect/${hops - 1}/${rest[1]}` : `/files/${rest[1]}`;
			return void response.writeHead(302, { location: next }).end();
		}
		if (route === 'to-ftp') return void response.writeHead(302, { location: 'ftp://127.0.0.1/a.mp3' }).end();
		if (route === 'loop') return void response.writeHead(302, { location: '/loop' }).end();
		if (route === 'hang') return; // never answers
		if (route === 'stall') {
			response.writeHead(200, { 'content-length': '1000000' });
			return void response.write(Buffer.from(audioFixture('mp3-cbr-noxing.mp3').subarray(0, 100)));
		}
		if (route === 'status') return void response.writeHead(Number(rest[0])).end();
		if (route === 'huge-whole') {
			response.writeHead(200, { 'content-length': String(2 * 1024 ** 3) });
			return this.pump(response, path, audioFixture('mp3-cbr-noxing.mp3'));
		}
		if (route === 'endless') {
			response.writeHead(200, { 'content-type': 'audio/mpeg' });
			const fixture = audioFixture('mp3-cbr-noxing.mp3');
			return this.pump(response, path, fixture.subarray(fixture.indexOf(0xff)));
		}
		if (route === 'huge-range') {
			const [start, end] = parseRange(request.headers.range, 50_000_000);
			response.writeHead(206, { 'content-range': `bytes ${start}-${end}/50000000`, 'content-length': String(end - start + 1) });
			this.count(path, end - start + 1);
			return void response.end(Buffer.alloc(end - start + 1));
		}
		response.writeHead(404).end();
	}

	private serve(request: http.IncomingMessage, response: http.ServerResponse, path: string, bytes: Uint8Array, ranges: boolean) {
		const asked = ranges ? request.headers.range : undefined;
		if (!asked) {
			response.writeHead(200, { 'content-length': String(bytes.length) });
			this.count(path, bytes.length);
			return void response.end(Buffer.from(bytes));
		}
		const [start, end] = parseRange(asked, bytes.length);
		if (start >= bytes.length) return void response.writeHead(416, { 'content-range': `bytes */${bytes.length}` }).end();
		const body = bytes.subarray(start, end + 1);
		response.writeHead(206, { 'content-range': `bytes ${start}-${start + body.length - 1}/${bytes.length}`, 'content-length': String(body.length) });
		this.count(path, body.length);
		response.end(Buffer.from(body));
	}

	/** Writes `head` then zeros (or `head` again and again), with back-pressure, until the client goes away. */
	private pump(response: http.ServerResponse, path: string, repeated: Uint8Array) {
		const chunk = Buffer.concat(Array.from({ length: Math.ceil(65536 / repeated.length) }, () => Buffer.from(repeated)));
		const write = () => {
			while (!response.destroyed) {
				this.count(path, chunk.length);
				if (!response.write(chunk)) return void response.once('drain', write);
			}
		};
		response.on('close', () => response.removeAllListeners('drain'));
		write();
	}
}

function parseRange(header: string | undefined, size: number): [number, number] {
	const match = /^bytes=(\d+)-(\d*)$/.exec(header ?? '');
	if (!match) return [0, size - 1];
	const start = Number(match[1]);
	const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
	return [start, end];
}
