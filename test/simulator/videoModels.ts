import { chargeOf, usageReport } from './billing';
import { choiceProblem, isHttpUrl, textProblem, unexpectedFields } from './bodyRules';

/**
 * The talking-avatar models of `POST /v2/video/generations` as the simulator knows them (from the
 * contract): the fields each takes (any other is refused), how long its jobs take relative to the
 * simulator's `jobDurationMs`, the price of a job, and its audio limit.
 */
export interface SimulatedVideoModel {
	/** The id the docs recommend sending. */
	id: string;
	/** Every id the service takes for this model (the fast VEED model has three spellings in the docs). */
	spellings: string[];
	/** Fields beyond `model`, `image_url`, `audio_url`. */
	extraFields: string[];
	/** A job of this model takes `jobDurationMs × durationScale` (OmniHuman is 1; Kling Pro about 9 min vs 3.5). */
	durationScale: number;
	/** USD per job unless the simulator's billing says otherwise (about the docs' examples). */
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

const KLING_AUDIO_BYTES = 5 * 1024 * 1024;

const priced = (usd: number) => ({ priceUsd: usd, usage: usageReport(chargeOf(usd), 'usd-and-credits')! });

export const VIDEO_MODELS: SimulatedVideoModel[] = [
	{
		id: 'bytedance/omnihuman',
		spellings: ['bytedance/omnihuman'],
		extraFields: [],
		durationScale: 1,
		...priced(2.94),
		audioLimit: { seconds: 30, text: 'audio under 30 s' },
	},
	{
		id: 'bytedance/omnihuman/v1.5',
		spellings: ['bytedance/omnihuman/v1.5'],
		extraFields: [],
		durationScale: 1,
		...priced(2.52),
		audioLimit: { seconds: 30, text: 'audio under 30 s' },
	},
	{
		id: 'klingai/avatar-standard',
		spellings: ['klingai/avatar-standard'],
		extraFields: ['prompt'],
		durationScale: 1.1,
		...priced(0.3),
		audioLimit: { bytes: KLING_AUDIO_BYTES, text: 'MP3/WAV/M4A/AAC up to 5 MB' },
	},
	{
		id: 'klingai/avatar-pro',
		spellings: ['klingai/avatar-pro'],
		extraFields: ['prompt'],
		durationScale: 2.5,
		...priced(0.6),
		audioLimit: { bytes: KLING_AUDIO_BYTES, text: 'MP3/WAV/M4A/AAC up to 5 MB' },
	},
	{
		id: 'veed/fabric-1.0',
		spellings: ['veed/fabric-1.0'],
		extraFields: ['resolution'],
		durationScale: 0.5,
		...priced(1.58),
		audioLimit: { seconds: 30, text: 'audio under 30 s' },
	},
	{
		id: 'veed/fabric-1.0-fast',
		spellings: ['veed/fabric-1.0-fast', 'veed/fabric-1.0/fast'],
		extraFields: ['resolution'],
		durationScale: 0.35,
		...priced(0.79),
		audioLimit: { seconds: 30, text: 'audio under 30 s' },
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
	const problems = unexpectedFields(body, [...CORE_FIELDS, ...model.extraFields], body.model as string);
	if (!isHttpUrl(body.image_url) && !(typeof body.image_url === 'string' && DATA_IMAGE.test(body.image_url))) {
		problems.push('image_url must be an http(s) URL or a PNG/JPEG/WebP base64 data URI');
	}
	if (!isHttpUrl(body.audio_url)) problems.push('audio_url must be an http(s) URL');
	if (model.extraFields.includes('prompt')) problems.push(...textProblem('prompt', body.prompt, 1, PROMPT_MAX_CHARACTERS, true));
	if (model.extraFields.includes('resolution')) problems.push(...choiceProblem('resolution', body.resolution, VEED_RESOLUTIONS));
	return problems;
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
