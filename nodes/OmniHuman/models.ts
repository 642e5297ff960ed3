/**
 * The video models of `POST /v2/video/generations`: one entry each, talking avatars (a portrait that
 * speaks) and lip sync (a video re-voiced). The Model options, what each model takes (a portrait or a
 * video, which speech sources, which extra fields), the request body, the checks, the default Max Wait
 * and the README's table all come from here, so a new model is one entry.
 */
export type ExtraField = 'prompt' | 'resolution' | 'provider';

/** Where a model's speech comes from: a recording (a link or an n8n binary), a script the node turns into speech, or the model's own voice. */
export type SpeechSource = 'url' | 'binary' | 'text' | 'builtInVoice';

export interface VideoModel {
	/** The node's resource that offers it. */
	resource: 'avatarVideo' | 'lipSync';
	/** What it animates: a portrait (`image_url`) or a video (`video_url`). */
	input: 'image' | 'video';
	speechSources: SpeechSource[];
	/** Sent as `model`. */
	id: string;
	label: string;
	/** What it is good at (the option's description and the README). */
	suits: string;
	output: string;
	typicalTime: string;
	/** The longest speech it takes, in seconds (a script is estimated against it before anything is paid); undefined: not documented. */
	audioLimitSeconds?: number;
	/** How the service states the audio limit. */
	audioLimit: string;
	/** Takes `audio_url` as a base64 `data:audio/…` URI too, not only a link (PixVerse Lip Sync). */
	takesAudioData?: true;
	extraFields: ExtraField[];
	/** Max Wait when the user has not set one: long enough for a typical job of this model, with margin. */
	defaultMaxWaitSeconds: number;
	/**
	 * What the service bills it on is not documented (Lip Sync): a rate learned from its charges is taken
	 * both per second of speech and per job, whichever prices a request higher.
	 */
	billingUndocumented?: true;
}

const AVATAR = {
	resource: 'avatarVideo',
	input: 'image',
	speechSources: ['url', 'binary', 'text'],
} as const;

export const VIDEO_MODELS: VideoModel[] = [
	{
		...AVATAR,
		speechSources: [...AVATAR.speechSources],
		id: 'bytedance/omnihuman',
		label: 'OmniHuman',
		suits: 'Lifelike talking heads from one portrait, with natural head and body motion',
		output: 'portrait-shaped, e.g. 896×1344',
		typicalTime: '3–4 min',
		audioLimitSeconds: 30,
		audioLimit: 'under 30 s',
		extraFields: [],
		defaultMaxWaitSeconds: 600,
	},
	{
		...AVATAR,
		speechSources: [...AVATAR.speechSources],
		id: 'bytedance/omnihuman/v1.5',
		label: 'OmniHuman v1.5',
		suits: 'The same, at a higher resolution (up to 1920×1088)',
		output: 'up to 1920×1088',
		typicalTime: 'about 4 min',
		audioLimitSeconds: 30,
		audioLimit: 'under 30 s',
		extraFields: [],
		defaultMaxWaitSeconds: 600,
	},
	{
		...AVATAR,
		speechSources: [...AVATAR.speechSources],
		id: 'klingai/avatar-standard',
		label: 'Kling Avatar Standard',
		suits: 'Presenter videos steered by a text prompt (expression, gestures, camera), 720p',
		output: '720p, 24 fps',
		typicalTime: 'about 4 min',
		audioLimitSeconds: 300,
		audioLimit: 'MP3/WAV/M4A/AAC up to 5 MB (about 5 min of MP3)',
		extraFields: ['prompt', 'provider'],
		defaultMaxWaitSeconds: 900,
	},
	{
		...AVATAR,
		speechSources: [...AVATAR.speechSources],
		id: 'klingai/avatar-pro',
		label: 'Kling Avatar Pro',
		suits: 'The same in 1080p at 48 fps, for the best quality; the slowest (about 9 min)',
		output: '1080p, 48 fps',
		typicalTime: 'about 9 min',
		audioLimitSeconds: 300,
		audioLimit: 'MP3/WAV/M4A/AAC up to 5 MB (about 5 min of MP3)',
		extraFields: ['prompt', 'provider'],
		defaultMaxWaitSeconds: 1800,
	},
	{
		...AVATAR,
		speechSources: [...AVATAR.speechSources],
		id: 'veed/fabric-1.0',
		label: 'VEED Fabric 1.0',
		suits: 'Quick, inexpensive lip-sync of any image (also illustrations), 480p or 720p',
		output: '480p or 720p',
		typicalTime: '1.5–2 min for 5 s of speech',
		audioLimitSeconds: 30,
		audioLimit: 'under 30 s',
		extraFields: ['resolution'],
		defaultMaxWaitSeconds: 600,
	},
	{
		...AVATAR,
		speechSources: [...AVATAR.speechSources],
		id: 'veed/fabric-1.0-fast',
		label: 'VEED Fabric 1.0 Fast',
		suits: 'The fastest: drafts and high volumes, 480p or 720p',
		output: '480p or 720p',
		typicalTime: '1–1.5 min for 5 s of speech',
		audioLimitSeconds: 30,
		audioLimit: 'under 30 s',
		extraFields: ['resolution'],
		defaultMaxWaitSeconds: 600,
	},
	{
		resource: 'lipSync',
		input: 'video',
		speechSources: ['url', 'binary', 'text', 'builtInVoice'],
		id: 'pixverse/lip-sync',
		label: 'PixVerse Lip Sync',
		suits:
			'Re-voice an existing video: the same clip with new speech, lips matched (localisation, a changed line)',
		output: '1280×720 with sound',
		typicalTime: 'about 34 s',
		audioLimit: 'not documented',
		takesAudioData: true,
		extraFields: [],
		defaultMaxWaitSeconds: 600,
		billingUndocumented: true,
	},
];

export const AVATAR_MODELS = VIDEO_MODELS.filter((model) => model.resource === 'avatarVideo');
export const LIP_SYNC_MODELS = VIDEO_MODELS.filter((model) => model.resource === 'lipSync');

export const MODEL_IDS = AVATAR_MODELS.map((model) => model.id);

/** PixVerse Lip Sync's own voices (`lip_sync_tts_speaker`). */
export const PIXVERSE_SPEAKERS = [
	'Auto',
	'Harper',
	'Ava',
	'Isabella',
	'Sophia',
	'Emily',
	'Chloe',
	'Julia',
	'Mason',
	'Jack',
	'Liam',
	'James',
	'Oliver',
	'Adrian',
	'Ethan',
] as const;

/** Kling Avatar's `provider`: Auto (Kling, falling back to its fal.ai mirror) is the service's default and is not sent. */
export const PROVIDERS = [
	{ name: 'Auto', value: 'auto' },
	{ name: 'Kling', value: 'kling' },
	{ name: 'fal.ai', value: 'fal' },
] as const;

export const PROMPT_MAX_LENGTH = 2500;
export const RESOLUTIONS = ['480p', '720p'] as const;

export function avatarModel(id: string): VideoModel | undefined {
	return AVATAR_MODELS.find((model) => model.id === id);
}

/** Any video model of the node, by id. */
export function videoModel(id: string): VideoModel | undefined {
	return VIDEO_MODELS.find((model) => model.id === id);
}

/** The ids of the models that take an extra field (for the field's displayOptions). */
export function modelsWith(field: ExtraField): string[] {
	return VIDEO_MODELS.filter((model) => model.extraFields.includes(field)).map((model) => model.id);
}

/** A video request's speech: a link, or the model's own voice speaking a text. */
export type RequestSpeech = { audioUrl: string } | { text: string; speaker: string };

/** The body of `POST /v2/video/generations` for `model`, in the shape the model takes. */
export function videoRequestBody(
	model: VideoModel,
	source: string,
	speech: RequestSpeech,
	extras: Partial<Record<ExtraField, string>>,
): Record<string, string | undefined> {
	const sourceField = model.input === 'video' ? 'video_url' : 'image_url';
	const speechFields =
		'audioUrl' in speech
			? { audio_url: speech.audioUrl }
			: { lip_sync_tts_content: speech.text, lip_sync_tts_speaker: speech.speaker };
	return { model: model.id, [sourceField]: source, ...speechFields, ...extras };
}

export type CheckedExtras =
	| { ok: true; extras: Partial<Record<ExtraField, string>> }
	| { ok: false; field: string; problem: string; hint?: string };

/** The extra fields this model sends, checked; a blank prompt is left out (the service refuses an empty one). */
export function checkExtras(
	model: VideoModel,
	read: (field: ExtraField) => unknown,
): CheckedExtras {
	const extras: Partial<Record<ExtraField, string>> = {};
	if (model.extraFields.includes('prompt')) {
		const prompt = read('prompt') ?? '';
		if (typeof prompt !== 'string') return { ok: false, field: 'Prompt', problem: 'must be text' };
		if (prompt.length > PROMPT_MAX_LENGTH) {
			const problem = `is ${prompt.length} characters long, above the model's ${PROMPT_MAX_LENGTH}`;
			return { ok: false, field: 'Prompt', problem, hint: 'Shorten the prompt.' };
		}
		if (prompt.trim() !== '') extras.prompt = prompt.trim();
	}
	if (model.extraFields.includes('resolution')) {
		const resolution = read('resolution') || RESOLUTIONS[0];
		if (!(RESOLUTIONS as readonly unknown[]).includes(resolution)) {
			const hint = `Choose one of: ${RESOLUTIONS.join(', ')}`;
			return {
				ok: false,
				field: 'Resolution',
				problem: `"${String(resolution)}" is not offered`,
				hint,
			};
		}
		extras.resolution = resolution as string;
	}
	if (model.extraFields.includes('provider')) {
		const provider = String(read('provider') || 'auto').toLowerCase();
		if (!PROVIDERS.some((each) => each.value === provider)) {
			const hint = `Choose one of: ${PROVIDERS.map((each) => each.name).join(', ')}`;
			return { ok: false, field: 'Provider', problem: `"${provider}" is not offered`, hint };
		}
		if (provider !== 'auto') extras.provider = provider;
	}
	return { ok: true, extras };
}
