import { checkExtras, VIDEO_MODELS, videoRequestBody, type ExtraField } from '../../nodes/OmniHuman/models';

/**
 * The table's own check, without n8n: in the engine n8n drops a hidden parameter's value before the node
 * reads it, so a model that let another model's field through would pass every workflow test. Here every
 * field has a value, and each model must send exactly its own.
 */
const EVERY_FIELD: Record<ExtraField, string> = { prompt: 'A friendly presenter', resolution: '720p', provider: 'kling' };

describe.each(VIDEO_MODELS.map((model) => [model.id, model] as const))('%s', (_id, model) => {
	test('sends exactly its own extra fields, whatever else is set', () => {
		const checked = checkExtras(model, (field) => EVERY_FIELD[field]);
		expect(checked.ok).toBe(true);
		if (!checked.ok) return;
		expect(Object.keys(checked.extras).sort()).toEqual([...model.extraFields].sort());
		for (const field of model.extraFields) expect(checked.extras[field]).toBe(EVERY_FIELD[field]);
	});

	test('its body has its source field and one speech source', () => {
		const body = videoRequestBody(model, 'https://x.example/in', { audioUrl: 'https://x.example/a.mp3' }, {});
		const source = model.input === 'video' ? 'video_url' : 'image_url';
		expect(body).toEqual({ model: model.id, [source]: 'https://x.example/in', audio_url: 'https://x.example/a.mp3' });
	});
});

test("Kling's provider: Auto is the service's default and is not sent; others are, in lower case", () => {
	const kling = VIDEO_MODELS.find((model) => model.id === 'klingai/avatar-pro');
	if (!kling) throw new Error('no Kling Avatar Pro');
	expect(checkExtras(kling, (field) => (field === 'provider' ? 'auto' : ''))).toEqual({ ok: true, extras: {} });
	expect(checkExtras(kling, (field) => (field === 'provider' ? 'FAL' : ''))).toEqual({ ok: true, extras: { provider: 'fal' } });
	expect(checkExtras(kling, (field) => (field === 'provider' ? 'replicate' : ''))).toMatchObject({ ok: false, field: 'Provider', problem: '"replicate" is not offered' });
});

test("Lip Sync's built-in voice replaces audio_url with PixVerse's two fields", () => {
	const lipSync = VIDEO_MODELS.find((model) => model.id === 'pixverse/lip-sync');
	if (!lipSync) throw new Error('no Lip Sync');
	expect(videoRequestBody(lipSync, 'https://x.example/clip.mp4', { text: 'Hola', speaker: 'Ava' }, {})).toEqual({
		model: 'pixverse/lip-sync',
		video_url: 'https://x.example/clip.mp4',
		lip_sync_tts_content: 'Hola',
		lip_sync_tts_speaker: 'Ava',
	});
});
