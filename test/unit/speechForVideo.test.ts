import { videoModel } from '../../nodes/OmniHuman/models';
import { checkSpeechLength, speechForVideo } from '../../nodes/OmniHuman/speech/speechForVideo';

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
});

test('the length check: under the limit passes, at or over it is refused naming both lengths and the charge; unread passes', () => {
	expect(() => checkSpeechLength(run, omniHuman, link, measured(29.99))).not.toThrow();
	expect(() => checkSpeechLength(run, omniHuman, link, measured(30))).toThrow(
		"Script came out as 30 s of speech, above OmniHuman's audio limit (under 30 s); the speech synthesis was already paid ($0.0150), and no video job was made",
	);
	expect(() => checkSpeechLength(run, omniHuman, link, { ok: false, reason: 'timed out after 10 s', bytesRead: 0 })).not.toThrow();
	expect(() => checkSpeechLength(run, lipSync, link, measured(300))).not.toThrow();
});
