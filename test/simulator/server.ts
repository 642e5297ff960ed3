import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

import { Account, DEFAULT_BALANCE_USD, OUT_OF_CREDITS } from './account';
import { serveAudioFile } from './audioFiles';
import { AudioIntake } from './audioIntake';
import { chargeHeaders, DEFAULT_BILLING, usageReport, videoCharge, withBilling, type BillingSettings, type Charge } from './billing';
import { errorEnvelope, sendError, sendJson, validBody } from './envelope';
import { FaultScript, type Fault, type JobOutcome, type Route } from './faults';
import { hintsOf } from './jobHints';
import { CreateRateLimit, type RateLimitSettings } from './rateLimit';
import { VideoRenderer, type RendererOptions } from './render';
import { isPriceListPath, servePriceList } from './priceList';
import { isSamplePath, serveSample, streamFile } from './samples';
import { SpeechDesk, type SpeechSynthesis, type TtsAnswer } from './speech';
import { speechAudioOf, type SpeechAudio } from './speechAudio';
import type { SpeechEngineOptions } from './spokenAudio';
import { UsageLedger, validClientRequestId, type LogReadLimit } from './usageLogs';
import { streamVideo } from './video';
import { audioTooLong, generationId, jobDetails, videoBodyProblems, videoModel, type KlingProvider } from './videoModels';
import type { LipSyncSpeech } from './lipSync';

export const SIMULATOR_API_KEY = 'sim-test-key-0123456789';

export interface SimulatorOptions {
	apiKeys?: string[];
	/** How long a job takes from create to `completed`. */
	jobDurationMs?: number;
	/** Size of the simulated MP4. */
	videoBytes?: number;
	/** `current_balance` in USD (default 10,000): every charge takes from it; a paid request it cannot cover gets 403. */
	balance?: number;
	/**
	 * Host name in video links. Real links point at a CDN, another origin than the API: `localhost`
	 * (the default) is another origin than `127.0.0.1`, so the credential must not send the key there.
	 */
	videoHost?: string;
	port?: number;
	/** How real MP4s are rendered from readable inputs (ffmpeg path, log...). */
	renderer?: RendererOptions;
	/** Speak `/v1/tts` scripts with espeak-ng (off: silent placeholder audio of the estimated length). */
	speech?: SpeechEngineOptions;
	/**
	 * Rates, the price list and how answers report charges (default: `VIDEO_RATES` per second of speech,
	 * `SPEECH_RATES` per character, each model in its natural pricing kind, `usd-and-credits`, also on completion).
	 */
	billing?: Partial<BillingSettings>;
	/** `GET /v2/logs` reads allowed per window (default 200 per 60 s). */
	logReadLimit?: LogReadLimit;
}

export interface RecordedRequest {
	method: string;
	path: string;
	/** One value per name (the last); `search` keeps repeated parameters (`model=a&model=b`). */
	query: Record<string, string>;
	/** The raw query string, `?` included (empty when none). */
	search: string;
	headers: Record<string, string | string[] | undefined>;
	body?: unknown;
	rawBody: string;
	route: Route | 'other';
	at: number;
}

export interface SimulatedJob {
	uuid: string;
	id: string;
	model: string;
	createdAt: number;
	durationMs: number;
	outcome: JobOutcome;
	request: Record<string, unknown>;
	/** When a poll first reported it final (ms since epoch). */
	firstFinalReportAt?: number;
	/** The status each poll answered, in order. */
	reportedStatuses: string[];
	/** The synthesis whose link was this job's `audio_url` (a script turned into speech by `/v1/tts`). */
	synthesis?: SpeechSynthesis;
	/** What it costs once completed (reported on create; a failed job costs nothing). */
	charge: Charge;
	/** The speech's true length as the simulator knows it (billed per second, rounded up). */
	audio?: SpeechAudio;
	requestId: string;
	/** The create's `X-Client-Request-Id` when valid (an invalid one is dropped). */
	clientRequestId?: string;
	/** Kling Avatar's `provider` when sent, normalized (`klingai` → `kling`, lower case). */
	provider?: KlingProvider;
	/** `pixverse/lip-sync`: the video re-voiced and where the new speech comes from. */
	lipSync?: { videoUrl: string; speech: LipSyncSpeech };
}

/**
 * A local AI/ML API for OmniHuman: same endpoints, envelopes, id format and status progression as the
 * real service, plus scriptable faults. Every request is recorded for assertions.
 */
export class Simulator {
	readonly requests: RecordedRequest[] = [];

	readonly jobs = new Map<string, SimulatedJob>();

	readonly faults = new FaultScript();

	/** Outcomes for the next created jobs, in order (then `completed`). */
	readonly nextOutcomes: JobOutcome[] = [];

	/** Real MP4s from the job's portrait and speech, when ffmpeg is here and the inputs are readable. */
	readonly renderer: VideoRenderer;

	/** Rate-limit mode: at most N creates per window, 429 beyond (`limitCreates`). */
	rateLimit?: CreateRateLimit;

	/** `POST /v1/tts`: its syntheses, answer shape and the speech links it serves. */
	readonly speech: SpeechDesk;

	/** `GET /v2/logs`: completed jobs, syntheses and seeded rows (`usageLogs.add`, `usageLogs.seed`). */
	readonly usageLogs: UsageLedger;

	/** Each job's speech as the service side received it: links on this machine fetched, data URIs decoded. */
	readonly audioIntake = new AudioIntake(() => [this.baseUrl, this.videoOrigin]);

	jobDurationMs: number;

	videoBytes: number;

	/** The account's balance (`GET /v2/billing`). */
	readonly account: Account;

	/** Prices and how answers report charges now (see `setBilling`). */
	billing: BillingSettings;

	inFlight = 0;

	peakInFlight = 0;

	private readonly apiKeys: Set<string>;

	private readonly sockets = new Set<Socket>();

	private server?: Server;

	private baseUrl = '';

	constructor(private readonly options: SimulatorOptions = {}) {
		this.apiKeys = new Set(options.apiKeys ?? [SIMULATOR_API_KEY]);
		this.jobDurationMs = options.jobDurationMs ?? 1500;
		this.videoBytes = options.videoBytes ?? 48 * 1024;
		this.account = new Account(options.balance ?? DEFAULT_BALANCE_USD);
		this.renderer = new VideoRenderer({ speech: options.speech, ...options.renderer });
		this.speech = new SpeechDesk(() => this.videoOrigin, options.speech);
		this.usageLogs = new UsageLedger(this, options.logReadLimit);
		this.billing = withBilling(DEFAULT_BILLING, options.billing);
	}

	/** Changes prices or charge reporting (price tables are merged); reset() restores the `billing` option. */
	setBilling(change: Partial<BillingSettings>) {
		this.billing = withBilling(this.billing, change);
	}

	get url(): string {
		return this.baseUrl;
	}

	/** `current_balance` now; setting it (e.g. 0 for "out of credits") forgets pending holds. */
	get balance(): number {
		return this.account.balanceAt();
	}

	set balance(usd: number) {
		this.account.set(usd);
	}

	/** Every `/v1/tts` synthesis since the last reset, in order. */
	get syntheses(): SpeechSynthesis[] {
		return this.speech.syntheses;
	}

	/** How `/v1/tts` answers (unset: each family's own shape, 201); reset() restores the default. */
	get ttsAnswer(): Partial<TtsAnswer> {
		return this.speech.answer;
	}

	set ttsAnswer(answer: Partial<TtsAnswer>) {
		this.speech.answer = { ...answer };
	}

	get videoOrigin(): string {
		const url = new URL(this.baseUrl);
		url.hostname = this.options.videoHost ?? 'localhost';
		return url.origin;
	}

	async start(): Promise<this> {
		const server = createServer((request, response) => void this.handle(request, response));
		server.on('connection', (socket) => {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(this.options.port ?? 0, '127.0.0.1', resolve);
		});
		this.server = server;
		this.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
		return this;
	}

	async close(): Promise<void> {
		for (const socket of this.sockets) socket.destroy();
		await this.renderer.dispose();
		await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
	}

	/** Forget requests, jobs, faults and peaks (between tests). */
	reset() {
		this.requests.length = 0;
		this.jobs.clear();
		this.faults.clear();
		this.nextOutcomes.length = 0;
		this.rateLimit = undefined;
		this.speech.reset();
		this.usageLogs.reset(this.options.logReadLimit);
		this.audioIntake.reset();
		this.billing = withBilling(DEFAULT_BILLING, this.options.billing);
		this.peakInFlight = this.inFlight;
	}

	/** Turns rate-limit mode on (or off with `undefined`). */
	limitCreates(settings: RateLimitSettings | undefined) {
		this.rateLimit = settings ? new CreateRateLimit(settings) : undefined;
	}

	requestsTo(route: Route): RecordedRequest[] {
		return this.requests.filter((request) => request.route === route);
	}

	statusOf(job: SimulatedJob, at = Date.now()): { status: string; final: boolean } {
		const elapsed = at - job.createdAt;
		if (job.outcome === 'stuck') return { status: elapsed < job.durationMs * 0.25 ? 'queued' : 'generating', final: false };
		if (job.outcome === 'unknown-status') {
			// One unlisted status per poll, whatever the timing: every one of them is seen by a client that polls.
			const seen = job.reportedStatuses.length;
			return { status: seen === 0 ? 'waiting' : seen === 1 ? 'active' : 'rendering', final: false };
		}
		if (elapsed < job.durationMs * 0.25) return { status: 'queued', final: false };
		if (elapsed < job.durationMs) return { status: 'generating', final: false };
		switch (job.outcome) {
			case 'succeeded':
				return { status: 'succeeded', final: true };
			case 'error-message':
				return { status: 'error', final: true };
			case 'failed-detail':
				return { status: 'failed', final: true };
			default:
				return { status: videoModel(job.model)?.finalStatus ?? 'completed', final: true };
		}
	}

	generationObject(job: SimulatedJob, at = Date.now()) {
		const { status, final } = this.statusOf(job, at);
		const object: Record<string, unknown> = { id: job.id, status, video: null, error: null, meta: null };
		if (final && (status === 'completed' || status === 'succeeded')) {
			if (job.outcome !== 'completed-no-url') object.video = { url: `${this.videoOrigin}/videos/${job.uuid}.mp4` };
			const usage = this.repeatsCharge(job, at) ? usageReport(job.charge, this.billing.reporting) : undefined;
			if (usage) object.meta = { usage };
		}
		if (status === 'error') object.error = { name: 'GenerationError', message: 'No face was detected in the image' };
		if (status === 'failed') object.error = { detail: [{ loc: ['body', 'audio_url'], msg: 'Audio longer than 30 seconds', type: 'value_error' }] };
		return object;
	}

	/** Whether the generation object at `at` reports the charge again: completed, with `alsoOnCompletion`. */
	private repeatsCharge(job: SimulatedJob, at: number): boolean {
		const { status, final } = this.statusOf(job, at);
		return final && (status === 'completed' || status === 'succeeded') && this.billing.alsoOnCompletion;
	}

	private async handle(request: IncomingMessage, response: ServerResponse) {
		this.inFlight++;
		this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
		response.on('close', () => this.inFlight--);
		const url = new URL(request.url ?? '/', this.baseUrl);
		const rawBody = await readBody(request);
		const route = routeOf(request.method ?? 'GET', url.pathname);
		const record: RecordedRequest = {
			method: request.method ?? 'GET',
			path: url.pathname,
			query: Object.fromEntries(url.searchParams),
			search: url.search,
			headers: { ...request.headers },
			rawBody,
			route,
			at: Date.now(),
		};
		try {
			record.body = rawBody ? JSON.parse(rawBody) : undefined;
		} catch {
			record.body = undefined;
		}
		this.requests.push(record);
		const clientRequestId = validClientRequestId(request.headers['x-client-request-id']);
		if (clientRequestId) response.setHeader('x-client-request-id', clientRequestId);

		if (route === 'video') return await this.serveVideo(url, response);
		if (route === 'audio') return await serveAudioFile(url, request, response);
		if (route === 'speech') return await this.speech.serve(url, response, this.faults.take('speech'));
		if (isSamplePath(url.pathname)) return serveSample(url.pathname, response);
		const key = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
		const fault = route === 'other' ? undefined : this.faults.take(route);
		if (fault) return this.applyFault(fault, url.pathname, response, key);
		if (route === 'prices') return servePriceList(url, request, response, this.billing);
		if (route === 'other') return sendError(response, 404, `Cannot ${record.method} ${url.pathname}`, url.pathname);
		if (!key || !this.apiKeys.has(key)) return sendError(response, 401, 'Unauthorized: missing or invalid API key', url.pathname);

		if (route === 'billing') return sendJson(response, 200, { current_balance: this.balance, currency: 'USD' });
		if (route === 'logs') return this.usageLogs.serve(url, response);
		if (route === 'create' || route === 'tts') {
			const limited = this.rateLimit?.counts(route) ? this.rateLimit.check(Date.now()) : undefined;
			if (limited) return sendError(response, 429, 'Too many requests: rate limit exceeded', url.pathname, limited);
			if (route === 'tts') return await this.speech.handle(rawBody, url.pathname, response, { pay: (charge) => this.account.pay(charge), billing: this.billing, clientRequestId });
			return this.create(rawBody, url.pathname, response, clientRequestId);
		}
		return this.poll(url, response);
	}

	private create(rawBody: string, path: string, response: ServerResponse, clientRequestId: string | undefined) {
		const body = validBody(rawBody, path, response, videoBodyProblems);
		if (!body) return;
		const model = videoModel(body.model)!;
		const hints = hintsOf(body);
		const synthesis = this.speech.find(body.audio_url);
		const audio = speechAudioOf(body.audio_url, { isOwn: (url) => this.serves(url), synthesis, hintedSeconds: hints.audioSeconds });
		if (audio.unsupported) return sendError(response, 400, 'Body validation error! audio_url: unsupported file (not audio)', path);
		const tooLong = audioTooLong(model, audio);
		if (tooLong) return sendError(response, 400, `Body validation error! ${tooLong}`, path);
		const resolution = typeof body.resolution === 'string' ? body.resolution : undefined;
		const charge = videoCharge(this.billing, model, { seconds: audio.seconds, resolution, hintedUsd: hints.priceUsd });

		const uuid = randomUUID();
		const job: SimulatedJob = {
			uuid,
			id: generationId(model, body.model as string, uuid),
			model: body.model as string,
			createdAt: Date.now(),
			durationMs: hints.durationMs ?? Math.round(this.jobDurationMs * model.durationScale),
			outcome: hints.outcome ?? this.nextOutcomes.shift() ?? 'completed',
			request: body,
			reportedStatuses: [],
			synthesis,
			charge,
			audio,
			requestId: randomUUID(),
			clientRequestId,
			...jobDetails(model, body),
		};
		const fails = job.outcome === 'error-message' || job.outcome === 'failed-detail';
		if (!this.account.pay(charge, fails ? job.createdAt + job.durationMs : undefined)) return sendError(response, 403, OUT_OF_CREDITS, path);
		this.jobs.set(job.id, job);
		this.audioIntake.take(job.id, body.audio_url);
		if (job.lipSync) this.renderer.startLipSync(uuid, job.lipSync);
		else this.renderer.start(uuid, body.image_url, body.audio_url);
		const answer = this.generationObject(job);
		const usage = usageReport(job.charge, this.billing.reporting);
		if (usage) answer.meta = { usage };
		sendJson(response, 200, answer, { 'x-inference-id': job.id, ...chargeHeaders(job.charge, this.billing.reporting) });
	}

	private poll(url: URL, response: ServerResponse) {
		const id = url.searchParams.get('generation_id');
		if (!id) return sendError(response, 400, 'generation_id is required', url.pathname);
		const job = this.jobs.get(id);
		if (!job) return sendError(response, 404, `Generation ${id} not found`, url.pathname);
		const now = Date.now();
		if (job.firstFinalReportAt === undefined && this.statusOf(job, now).final) job.firstFinalReportAt = now;
		const answer = this.generationObject(job, now);
		const charge = this.repeatsCharge(job, now) ? chargeHeaders(job.charge, this.billing.reporting) : {};
		job.reportedStatuses.push(answer.status as string);
		sendJson(response, 200, answer, { 'x-inference-id': job.id, ...charge });
	}

	/** Whether a URL points at this simulator (its API origin or its video origin). */
	private serves(url: URL): boolean {
		const own = new URL(this.baseUrl);
		return url.port === own.port && [own.hostname, new URL(this.videoOrigin).hostname].includes(url.hostname);
	}

	private async serveVideo(url: URL, response: ServerResponse) {
		const path = url.pathname;
		const hopsLeft = Number(url.searchParams.get('sim-hops') ?? 0);
		if (hopsLeft > 0) return redirect(response, `${this.videoOrigin}${path}?sim-hops=${hopsLeft - 1}`);
		const fault = this.faults.take('video');
		if (fault?.type === 'redirect') return redirect(response, fault.location ?? `${this.videoOrigin}${path}?sim-hops=${fault.hops - 1}`);
		const uuid = /^\/videos\/([0-9a-f-]+)\.mp4$/.exec(path)?.[1];
		const known = uuid !== undefined && [...this.jobs.values()].some((job) => job.uuid === uuid);
		if (fault?.type === 'hang') return;
		if (fault?.type === 'status') return sendError(response, fault.status, fault.message ?? 'Forbidden', path);
		if (!known) return sendError(response, 404, 'Not Found', path);
		if (fault?.type === 'drop') return streamVideo(response, this.videoBytes, Math.floor(this.videoBytes / 2));
		const rendered = await this.renderer.videoFor(uuid);
		if (rendered) return streamFile(response, rendered.file, 'video/mp4');
		streamVideo(response, this.videoBytes);
	}

	private applyFault(fault: Fault, path: string, response: ServerResponse, key: string | undefined) {
		switch (fault.type) {
			case 'status': {
				const body = errorEnvelope(fault.statusCodeAsString ? String(fault.status) : fault.status, fault.message ?? defaultMessage(fault.status), path);
				return sendJson(response, fault.status, body, fault.retryAfter !== undefined ? { 'retry-after': fault.retryAfter } : {});
			}
			case 'html':
				response.writeHead(fault.status, { 'content-type': 'text/html' });
				return response.end(`<html><head><title>${fault.status}</title></head><body><h1>${fault.status} Bad Gateway</h1></body></html>`);
			case 'malformed':
				response.writeHead(200, { 'content-type': 'application/json' });
				return response.end('{"id": "broken", "status": ');
			case 'drop':
				return response.socket?.destroy();
			case 'hang':
				return;
			case 'echo-key':
				return sendError(response, 401, `Invalid API key: ${key ?? ''}`, path);
			case 'redirect':
				return redirect(response, fault.location ?? path);
		}
	}
}

function redirect(response: ServerResponse, location: string) {
	response.writeHead(302, { location });
	response.end();
}

function defaultMessage(status: number): string {
	if (status === 429) return 'Too many requests';
	if (status === 504) return 'Generation timeout';
	if (status >= 500) return 'Internal server error';
	return 'Request failed';
}

function routeOf(method: string, pathname: string): Route | 'other' {
	if (pathname === '/v2/video/generations') return method === 'POST' ? 'create' : method === 'GET' ? 'poll' : 'other';
	if (pathname === '/v2/billing' && method === 'GET') return 'billing';
	if (pathname === '/v2/logs' && method === 'GET') return 'logs';
	if (pathname === '/v1/tts') return method === 'POST' ? 'tts' : 'other';
	if (pathname.startsWith('/speech/') && method === 'GET') return 'speech';
	if (pathname.startsWith('/videos/') && method === 'GET') return 'video';
	if (pathname.startsWith('/audio/') && (method === 'GET' || method === 'HEAD')) return 'audio';
	if (isPriceListPath(pathname) && method === 'GET') return 'prices';
	return 'other';
}

async function readBody(request: IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of request) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks).toString('utf8');
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
	return await new Simulator(options).start();
}
