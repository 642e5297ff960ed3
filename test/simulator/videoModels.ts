import { chargeOf, usageReport } from './billing';
import { choiceProblem, isHttpUrl, textProblem, unexpectedFields } from './bodyRules';
import { LIP_SYNC_MODEL_ID, lipSyncBodyProblems, lipSyncSpeechOf, shortGenerationId, type LipSyncSpeech } from './lipSync';

/**
 * The video models of `POST /v2/video/generations` as the simulator knows them (from the contract): the
 * talking-avatar models (portrait + speech) and `pixverse/lip-sync` (a video re-voiced, see lipSync.ts):
 * the fields each takes (any other is refused), how long its jobs take relative to the simulator's
 * `jobDurationMs`, the price of a job, its audio limit, its id format and final status.
 */
export interface SimulatedVideoModel {
	/** The id the docs recommend sending. */
	id: string;
	/** Every id the service takes for this model (the fast VEED model has three spellings in the docs). */
	spellings: string[];
	/** `avatar`: `{ model, image_url, audio_url, ...extraFields }`, ids `<uuid>:<model>`, final `completed`; `lip-sync`: see lipSync.ts. */
	kind: 'avatar' | 'lip-sync';
	/** The status a finished job reports (`completed`, or `succeeded` for Lip Sync). */
	finalStatus: 'completed' | 'succeeded';
	/**
	 * Fields beyond `model`, `image_url`, `audio_url` (avatar models; none for Lip Sync, whose body is its own):
	 * `prompt`, `resolution`, and Kling Avatar's optional `provider` (`auto`, `kling`/`klingai`, `fal`, any case).
	 */
	extraFields: string[];
	/** A job of this model takes `jobDurationMs × durationScale` (OmniHuman is 1; Kling Pro about 9 min vs 3.5). */
	durationScale: number;
	/** USD a job costs with audio of unknown length (21 s) at the default resolution: the docs' sample charges (see billing.ts). */
	priceUsd: number;
	/** `meta.usage` a job of this model reports at that price in the default reporting. */
	usage: Record<string, number>;
	/** Audio at or over `seconds`, or larger than `bytes`, is refused with 400 "audio too long". */
	audioLimit: { seconds?: number; bytes?: number; text: string };
}

export const PROMPT_MAX_CHARACTERS = 2500;
export const VEED_RESOLUTIONS = ['480p', '720p'] as const;
/** The three ids the docs use for the fast VEED model; `veed/fabric-1.0` is also the plain model's id. */
export const VEED_FAST_SPELLINGS = ['veed/fabric-1.0-fast', 'veed/fabric-1.0/fast', 'veed/fabric-1.0'] as const;
/** Kling Avatar's `provider` values (case-insensitive); `klingai` is an alias of `kling`. */
export const KLING_PROVIDERS = ['auto', 'kling', 'klingai', 'fal'] as const;
export type KlingProvider = 'auto' | 'kling' | 'fal';

const KLING_AUDIO_BYTES = 5 * 1024 * 1024;

const priced = (usd: number) => ({ priceUsd: usd, usage: usageReport(chargeOf(usd), 'usd-and-credits')! });
const avatar = { kind: 'avatar', finalStatus: 'completed' } as const;

export const VIDEO_MODELS: SimulatedVideoModel[] = [
	{
		id: 'bytedance/omnihuman',
		spellings: ['bytedance/omnihuman'],
		...avatar,
		extraFields: [],
		durationScale: 1,
		...priced(2.94),
		audioLimit: { seconds: 30, text: 'audio under 30 s' },
	},
	{
		id: 'bytedance/omnihuman/v1.5',
		spellings: ['bytedance/omnihuman/v1.5'],
		...avatar,
		extraFields: [],
		durationScale: 1,
		...priced(2.52),
		audioLimit: { seconds: 30, text: 'audio under 30 s' },
	},
	{
		id: 'klingai/avatar-standard',
		spellings: ['klingai/avatar-standard'],
		...avatar,
		extraFields: ['prompt', 'provider'],
		durationScale: 1.1,
		...priced(0.29505),
		audioLimit: { bytes: KLING_AUDIO_BYTES, text: 'MP3/WAV/M4A/AAC up to 5 MB' },
	},
	{
		id: 'klingai/avatar-pro',
		spellings: ['klingai/avatar-pro'],
		...avatar,
		extraFields: ['prompt', 'provider'],
		durationScale: 2.5,
		...priced(0.60375),
		audioLimit: { bytes: KLING_AUDIO_BYTES, text: 'MP3/WAV/M4A/AAC up to 5 MB' },
	},
	{
		id: 'veed/fabric-1.0',
		spellings: ['veed/fabric-1.0'],
		...avatar,
		extraFields: ['resolution'],
		durationScale: 0.5,
		...priced(1.575),
		audioLimit: { seconds: 30, text: 'audio under 30 s' },
	},
	{
		id: 'veed/fabric-1.0-fast',
		spellings: ['veed/fabric-1.0-fast', 'veed/fabric-1.0/fast'],
		...avatar,
		extraFields: ['resolution'],
		durationScale: 0.35,
		...priced(0.7875),
		audioLimit: { seconds: 30, text: 'audio under 30 s' },
	},
	{
		id: LIP_SYNC_MODEL_ID,
		spellings: [LIP_SYNC_MODEL_ID],
		kind: 'lip-sync',
		finalStatus: 'succeeded',
		extraFields: [],
		// About 34 s against OmniHuman's 3.5 min.
		durationScale: 0.16,
		...priced(1),
		audioLimit: { text: 'no documented audio limit' },
	},
];

/** Every `model` value the simulator takes on create (recommended ids and the other spellings). */
export const VIDEO_MODEL_IDS = VIDEO_MODELS.flatMap((model) => model.spellings);

export function videoModel(id: unknown): SimulatedVideoModel | undefined {
	return VIDEO_MODELS.find((model) => model.spellings.includes(id as string));
}

const DATA_IMAGE = /^data:image\/(png|jpeg|webp);base64,[A-Za-z0-9+/=]+$/;
const CORE_FIELDS = ['model', 'image_url', 'audio_url'];

/** What is wrong with a create body for its model, each problem naming its field; empty when valid. */
export function videoBodyProblems(body: Record<string, unknown>): string[] {
	const model = videoModel(body.model);
	if (!model) return [`model must be one of: ${VIDEO_MODEL_IDS.join(', ')}`];
	if (model.kind === 'lip-sync') return lipSyncBodyProblems(body);
	const problems = unexpectedFields(body, [...CORE_FIELDS, ...model.extraFields], body.model as string);
	if (!isHttpUrl(body.image_url) && !(typeof body.image_url === 'string' && DATA_IMAGE.test(body.image_url))) {
		problems.push('image_url must be an http(s) URL or a PNG/JPEG/WebP base64 data URI');
	}
	if (!isHttpUrl(body.audio_url)) problems.push('audio_url must be an http(s) URL');
	if (model.extraFields.includes('prompt')) problems.push(...textProblem('prompt', body.prompt, 1, PROMPT_MAX_CHARACTERS, true));
	if (model.extraFields.includes('resolution')) problems.push(...choiceProblem('resolution', body.resolution, VEED_RESOLUTIONS));
	if (model.extraFields.includes('provider') && body.provider !== undefined && providerOf(body) === undefined) {
		problems.push(`provider must be one of: ${KLING_PROVIDERS.join(', ')} (any case)`);
	}
	return problems;
}

/** Kling Avatar's `provider` of a body, normalized (lower case, `klingai` → `kling`); undefined when absent or invalid. */
export function providerOf(body: Record<string, unknown>): KlingProvider | undefined {
	if (typeof body.provider !== 'string') return undefined;
	const value = body.provider.toLowerCase();
	if (!(KLING_PROVIDERS as readonly string[]).includes(value)) return undefined;
	return value === 'klingai' ? 'kling' : (value as KlingProvider);
}

/** A new job's id: `<uuid>:<model as sent>` for the avatar models, a short random string for Lip Sync. */
export function generationId(model: SimulatedVideoModel, sentModel: string, uuid: string): string {
	return model.kind === 'lip-sync' ? shortGenerationId() : `${uuid}:${sentModel}`;
}

/** What a job records from its body beyond `request`: Kling's normalized `provider`, Lip Sync's speech source. */
export function jobDetails(model: SimulatedVideoModel, body: Record<string, unknown>): { provider?: KlingProvider; lipSync?: { videoUrl: string; speech: LipSyncSpeech } } {
	if (model.kind === 'lip-sync') return { lipSync: { videoUrl: body.video_url as string, speech: lipSyncSpeechOf(body) } };
	const provider = providerOf(body);
	return provider ? { provider } : {};
}

/** The 400 message when the audio is over the model's limit, or undefined when it fits (or is unknown). */
export function audioTooLong(model: SimulatedVideoModel, audio: { seconds?: number; bytes?: number }): string | undefined {
	const { seconds, bytes } = model.audioLimit;
	const overSeconds = seconds !== undefined && audio.seconds !== undefined && audio.seconds >= seconds;
	const overBytes = bytes !== undefined && audio.bytes !== undefined && audio.bytes > bytes;
	if (!overSeconds && !overBytes) return undefined;
	const measured = overSeconds ? `${audio.seconds!.toFixed(1)} s` : `${audio.bytes} bytes`;
	return `audio_url: audio too long (${measured}); ${model.id} takes ${model.audioLimit.text}`;
}
