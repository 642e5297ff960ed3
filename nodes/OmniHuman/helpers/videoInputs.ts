import { readBinarySpeech } from '../binaryAudio/binaryAudio';
import { readBinaryImage, readBinaryVideo } from '../binaryInput';
import {
	checkHttpUrl,
	checkImageReference,
	checkText,
	checkVideoReference,
	requireValid,
} from '../checks';
import { inputError } from '../errors';
import {
	checkExtras,
	PIXVERSE_SPEAKERS,
	type ExtraField,
	type SpeechSource,
	type VideoModel,
} from '../models';
import type { ItemRun } from '../nodeRun';
import type { ItemOptions } from './options';
import { readScript } from '../speech/script';

/**
 * The speech of a video request, as read from the item: a link (`keyUrl`: what the retry key hashes
 * instead, for a link made anew on every try), a script to synthesise, or the model's own voice.
 */
export type SpeechInput =
	| { kind: 'url'; audioUrl: string; keyUrl?: string; seconds?: number }
	| { kind: 'text'; ttsBody: Record<string, unknown> }
	| { kind: 'builtInVoice'; text: string; speaker: string };

const SOURCE_NAMES: Record<SpeechSource, string> = {
	url: 'URL',
	binary: 'Binary File',
	text: 'Text',
	builtInVoice: 'Built-in Voice',
};

/** What the model animates: the portrait (Talking Avatar) or the video (Lip Sync), from a link or a binary field. */
export async function readSource(
	run: ItemRun,
	model: VideoModel,
	options: ItemOptions,
): Promise<string> {
	const { context, itemIndex } = run;
	if (model.input === 'video') {
		if (context.getNodeParameter('videoSource', itemIndex, 'url') === 'binary')
			return await readBinaryVideo(run, options.maxInputVideoBytes);
		return requireValid(
			run,
			'Video URL',
			checkVideoReference(context.getNodeParameter('videoUrl', itemIndex, '')),
			'Use a public http(s) link to the MP4 (or MOV, WebM) video to re-voice.',
		);
	}
	if (context.getNodeParameter('imageSource', itemIndex, 'url') === 'binary')
		return await readBinaryImage(run, options.maxImageBytes);
	return requireValid(
		run,
		'Image URL',
		checkImageReference(context.getNodeParameter('imageUrl', itemIndex, '')),
		'Use a public http(s) link to a PNG, JPEG or WebP portrait.',
	);
}

/** Exactly one speech source, as the model takes it; checked before anything is paid. */
export async function readSpeechInput(
	run: ItemRun,
	model: VideoModel,
	options: ItemOptions,
): Promise<SpeechInput> {
	const { context, itemIndex } = run;
	const source = String(context.getNodeParameter('audioSource', itemIndex, 'url')) as SpeechSource;
	if (!model.speechSources.includes(source))
		throw inputError(
			run,
			'Audio Source',
			`"${source}" is not a speech source of ${model.label}`,
			`Choose one of: ${model.speechSources.map((each) => SOURCE_NAMES[each]).join(', ')}`,
		);
	if (source === 'text') return { kind: 'text', ttsBody: readScript(run, model) };
	if (source === 'binary') return { kind: 'url', ...(await readBinarySpeech(run, model, options)) };
	if (source === 'builtInVoice') {
		const text = requireValid(
			run,
			'Script',
			checkText(context.getNodeParameter('script', itemIndex, '')),
		).trim();
		const speaker = String(context.getNodeParameter('speaker', itemIndex, 'Auto'));
		if (!(PIXVERSE_SPEAKERS as readonly string[]).includes(speaker))
			throw inputError(
				run,
				'Speaker',
				`"${speaker}" is not a voice of ${model.label}`,
				`Choose one of: ${PIXVERSE_SPEAKERS.join(', ')}`,
			);
		return { kind: 'builtInVoice', text, speaker };
	}
	const audioUrl = requireValid(
		run,
		'Audio URL',
		checkHttpUrl(context.getNodeParameter('audioUrl', itemIndex, '')),
		`Use a public http(s) link to the speech audio (mp3, wav, …), ${model.audioLimit}.`,
	);
	return { kind: 'url', audioUrl };
}

/** The model's extra fields (Prompt, Resolution, Provider), checked; only the ones it takes. */
export function readExtras(run: ItemRun, model: VideoModel): Partial<Record<ExtraField, string>> {
	const read = (field: ExtraField) => run.context.getNodeParameter(field, run.itemIndex, '');
	const checked = checkExtras(model, read);
	if (!checked.ok) throw inputError(run, checked.field, checked.problem, checked.hint);
	return checked.extras;
}
