import { videoModel } from '../../nodes/OmniHuman/models';
import { audioDataUri } from '../../nodes/OmniHuman/speech/speechAnswer';
import { checkSpeechLength, speechForVideo } from '../../nodes/OmniHuman/speech/speechForVideo';
import { readSpeechLength } from '../../nodes/OmniHuman/speech/speechLength';
import { silentAudio } from '../simulator/placeholderAudio';

/** The checks between a paid synthesis and its video: which audio a model takes, and how long it may be. */
const run = { node: { name: 'OmniHuman', type: 'omniHuman', typeVersion: 1, position: [0, 0], parameters: {} }, itemIndex: 0 } as never;
const omniHuman = videoModel('bytedance/omnihuman')!;
const lipSync = videoModel('pixverse/lip-sync')!;
const link = { audioUrl: 'https://cdn.example/a.mp3', usage: { credits: 30000, usdSpent: 0.015 } };
const bytes = { audioUrl: 'data:audio/wav;base64,UklGRg==' };
const measured = (seconds: number) => ({ ok: true as const, format: 'mp3' as const, seconds, bytesRead: 1 });

test('a link goes to any model; bytes go to Lip Sync only', () => {
	expect(speechForVideo(run, omniHuman, link)).toBe(link);
	expect(speechForVideo(run, lipSync, bytes)).toBe(bytes);
	expect(() => speechForVideo(run, omniHuman, bytes)).toThrow(/^Speech Model answered with audio bytes \(audio\/wav\), not a link, and OmniHuman takes only a link/);
	expect(() => speechForVideo(run, omniHuman, { audioUrl: 'data:;base64,UklGRg==' })).toThrow(
		"Speech Model answered with audio bytes (audio), not a link, and OmniHuman takes only a link as its audio; the speech synthesis was already paid (its charge was not reported with the audio bytes: see the usage logs), and no video job was made",
	);
});

test('the length check: under the limit passes, at or over it is refused naming both lengths and the charge; unread passes', () => {
	expect(() => checkSpeechLength(run, omniHuman, link, measured(29.99))).not.toThrow();
	expect(() => checkSpeechLength(run, omniHuman, link, measured(30))).toThrow(
		"Script came out as 30 s of speech, above OmniHuman's audio limit (under 30 s); the speech synthesis was already paid ($0.0150), and no video job was made",
	);
	expect(() => checkSpeechLength(run, omniHuman, link, { ok: false, reason: 'timed out after 10 s', bytesRead: 0 })).not.toThrow();
	expect(() => checkSpeechLength(run, lipSync, link, measured(300))).not.toThrow();
	const refused = (() => {
		try {
			checkSpeechLength(run, omniHuman, { audioUrl: link.audioUrl }, measured(31));
		} catch (error) {
			return error as Error & { description?: string };
		}
		return undefined;
	})();
	expect(refused?.message).toBe(
		"Script came out as 31 s of speech, above OmniHuman's audio limit (under 30 s); the speech synthesis was already paid (its charge was not reported: see the usage logs), and no video job was made",
	);
	expect(refused?.description).toBe('Shorten the script or raise Speed: the estimate before sending is made at a normal pace, and some voices speak slower.');
});

describe('reading the synthesized speech’s length', () => {
	test('bytes (a data URI) are measured in place; a link through the run’s bounded, keyless reader', async () => {
		const links: string[] = [];
		const reader = { pricing: { measureAudio: async (url: string) => (links.push(url), measured(12)) } } as never;
		const wav = await readSpeechLength(reader, { audioUrl: audioDataUri(silentAudio('wav', 2.5), 'audio/wav') });
		expect(wav).toMatchObject({ ok: true, format: 'wav' });
		expect(wav.ok && wav.seconds).toBeCloseTo(2.5, 2);
		expect(links).toEqual([]);
		expect(await readSpeechLength(reader, link)).toMatchObject({ ok: true, seconds: 12 });
		expect(links).toEqual([link.audioUrl]);
		// A link that carries a data URI in its query is still a link.
		const carrier = 'https://cdn.example/a.mp3?from=data:audio/wav;base64,UklGRg==';
		expect(await readSpeechLength(reader, { audioUrl: carrier })).toMatchObject({ ok: true, seconds: 12 });
		expect(links).toEqual([link.audioUrl, carrier]);
	});
});
