/**
 * The talking-avatar models of `POST /v2/video/generations`: one entry each. The Model options, the extra
 * fields each model shows and sends, the checks, the default Max Wait and the README's table all come
 * from here, so a new model is one entry.
 */
export type ExtraField = 'prompt' | 'resolution';

export interface AvatarModel {
	/** Sent as `model`. */
	id: string;
	label: string;
	/** What it is good at (the option's description and the README). */
	suits: string;
	output: string;
	typicalTime: string;
	/** The longest speech it takes, in seconds (a script is estimated against it before anything is paid). */
	audioLimitSeconds: number;
	/** How the service states the audio limit. */
	audioLimit: string;
	extraFields: ExtraField[];
	/** Max Wait when the user has not set one: long enough for a typical job of this model, with margin. */
	defaultMaxWaitSeconds: number;
}

export const AVATAR_MODELS: AvatarModel[] = [
	{
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
		id: 'klingai/avatar-standard',
		label: 'Kling Avatar Standard',
		suits: 'Presenter videos steered by a text prompt (expression, gestures, camera), 720p',
		output: '720p, 24 fps',
		typicalTime: 'about 4 min',
		audioLimitSeconds: 300,
		audioLimit: 'MP3/WAV/M4A/AAC up to 5 MB (about 5 min of MP3)',
		extraFields: ['prompt'],
		defaultMaxWaitSeconds: 900,
	},
	{
		id: 'klingai/avatar-pro',
		label: 'Kling Avatar Pro',
		suits: 'The same in 1080p at 48 fps, for the best quality; the slowest (about 9 min)',
		output: '1080p, 48 fps',
		typicalTime: 'about 9 min',
		audioLimitSeconds: 300,
		audioLimit: 'MP3/WAV/M4A/AAC up to 5 MB (about 5 min of MP3)',
		extraFields: ['prompt'],
		defaultMaxWaitSeconds: 1800,
	},
	{
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
];

export const MODEL_IDS = AVATAR_MODELS.map((model) => model.id);

export const PROMPT_MAX_LENGTH = 2500;
export const RESOLUTIONS = ['480p', '720p'] as const;

export function avatarModel(id: string): AvatarModel | undefined {
	return AVATAR_MODELS.find((model) => model.id === id);
}

/** The ids of the models that take an extra field (for the field's displayOptions). */
export function modelsWith(field: ExtraField): string[] {
	return AVATAR_MODELS.filter((model) => model.extraFields.includes(field)).map(
		(model) => model.id,
	);
}

export type CheckedExtras =
	| { ok: true; extras: { prompt?: string; resolution?: string } }
	| { ok: false; field: string; problem: string; hint?: string };

/** The extra fields this model sends, checked; a blank prompt is left out (the service refuses an empty one). */
export function checkExtras(
	model: AvatarModel,
	read: (field: ExtraField) => unknown,
): CheckedExtras {
	const extras: { prompt?: string; resolution?: string } = {};
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
	return { ok: true, extras };
}
