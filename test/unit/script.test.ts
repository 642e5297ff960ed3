import type { NodeOperationError } from 'n8n-workflow';

import { videoModel } from '../../nodes/OmniHuman/models';
import { readScript } from '../../nodes/OmniHuman/speech/script';
import { SPEECH_MODELS } from '../../nodes/OmniHuman/speech/speechModels';

/** Audio Source "Text": the request for `/v1/tts` as the node builds it from the item's fields, before anything is paid. */
const OMNIHUMAN = videoModel('bytedance/omnihuman')!;
const NODE = { name: 'OmniHuman', type: 'omniHuman', typeVersion: 1, position: [0, 0], parameters: {} };

function runWith(parameters: Record<string, unknown>) {
	const context = { getNodeParameter: (name: string, _item: number, fallback: unknown) => (name in parameters ? parameters[name] : fallback) };
	return { context, itemIndex: 0, node: NODE } as never;
}

const body = (parameters: Record<string, unknown>) => readScript(runWith(parameters), OMNIHUMAN);

function refusal(parameters: Record<string, unknown>): { message: string; description: string | null | undefined } {
	try {
		body(parameters);
	} catch (error) {
		const { message, description } = error as NodeOperationError;
		return { message, description };
	}
	throw new Error('the script was not refused');
}

describe('the speech request made from the item’s fields', () => {
	test('the script trimmed, OpenAI TTS-1 and its default voice when the fields are not set, the normal speed not sent', () => {
		expect(body({ script: '  Hello there.\n' })).toStrictEqual({ model: 'openai/tts-1', text: 'Hello there.', voice: 'alloy' });
		expect(body({ script: 'Hi', speechModel: 'minimax/speech-2.8-hd', voice: 'Wise_Woman', speed: 1 })).toStrictEqual({
			model: 'minimax/speech-2.8-hd',
			text: 'Hi',
			voice_setting: { voice_id: 'Wise_Woman' },
		});
	});

	test('Speed within the model’s range is sent, its bounds included', () => {
		expect(body({ script: 'Hi', speed: 0.25 })).toMatchObject({ speed: 0.25 });
		expect(body({ script: 'Hi', speed: '4' })).toMatchObject({ speed: 4 });
	});

	test('an extra field (MiniMax Language Boost) is sent when set to an offered value, not at its default', () => {
		const minimax = { script: 'Hi', speechModel: 'minimax/speech-2.8-hd', voice: 'Wise_Woman' };
		expect(body({ ...minimax, languageBoost: 'English' })).toMatchObject({ language_boost: 'English' });
		expect(body(minimax)).not.toHaveProperty('language_boost');
	});

	test('a script of exactly the model’s text limit is sent', () => {
		expect(body({ script: 'x'.repeat(600), speechModel: 'alibaba/qwen3-tts-flash', voice: 'Cherry' })).toMatchObject({ text: 'x'.repeat(600) });
	});
});

describe('bad input is refused before anything is paid, naming the field and what to do', () => {
	test('no script', () => {
		expect(refusal({})).toEqual({ message: 'Script is empty', description: null });
	});

	test('a speech model that is not offered: every offered one listed', () => {
		expect(refusal({ script: 'Hi', speechModel: 'acme/tts' })).toEqual({
			message: 'Speech Model "acme/tts" is not offered',
			description: `Choose one of: ${SPEECH_MODELS.map((model) => model.id).join(', ')}`,
		});
	});

	test('a voice of another model: the model’s voices, at most 12 of them', () => {
		expect(refusal({ script: 'Hi', voice: 'Rachel' })).toEqual({
			message: 'Voice "Rachel" is not a voice of OpenAI TTS-1',
			description: 'Choose one of: alloy, ash, ballad, coral, echo, fable, nova, onyx, sage, shimmer, verse',
		});
		// Deepgram Aura has exactly 12: all of them, no ellipsis.
		expect(refusal({ script: 'Hi', speechModel: 'deepgram/aura', voice: 'nova' }).description).toMatch(/^Choose one of: (\w+, ){11}\w+$/);
		expect(refusal({ script: 'Hi', speechModel: 'elevenlabs/eleven_turbo_v2_5', voice: 'nova' }).description).toMatch(/^Choose one of: ([\w ]+, ){12}…$/);
	});

	test('Speed outside the model’s range, either side', () => {
		expect(refusal({ script: 'Hi', speed: 0.24 })).toEqual({ message: 'Speed must be a number from 0.25 to 4 for OpenAI TTS-1 (got 0.24)', description: null });
		expect(refusal({ script: 'Hi', speed: 4.01 }).message).toBe('Speed must be a number from 0.25 to 4 for OpenAI TTS-1 (got 4.01)');
	});

	test('an extra field set to a value it does not offer', () => {
		const { message, description } = refusal({ script: 'Hi', speechModel: 'minimax/speech-2.8-hd', voice: 'Wise_Woman', languageBoost: 'Klingon' });
		expect(message).toBe('Language Boost "Klingon" is not offered');
		expect(description).toMatch(/^Choose one of: auto, Chinese, Chinese,Yue, English, Arabic, .*, Afrikaans$/);
	});

	test('a script over the speech model’s text limit, by one character', () => {
		expect(refusal({ script: 'x'.repeat(601), speechModel: 'alibaba/qwen3-tts-flash', voice: 'Cherry' })).toEqual({
			message: "Script is 601 characters long, above Qwen3 TTS Flash's 600",
			description: 'Shorten the script, or choose a speech model that takes longer texts. Nothing was sent.',
		});
	});

	test('a script too long to say within the video model’s audio limit', () => {
		expect(refusal({ script: Array.from({ length: 75 }, () => 'word').join(' ') })).toEqual({
			message: "Script would take about 30 s to say (75 words at about 150 a minute), above OmniHuman's audio limit (under 30 s)",
			description: 'Shorten the script, raise Speed, or choose a model with a longer audio limit. Nothing was sent.',
		});
	});
});
