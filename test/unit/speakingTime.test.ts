import { describeSpeakingTime, estimateSpeechSeconds, SPEAKING_RATES, speakingTime } from '../../nodes/OmniHuman/speech/speakingTime';
import { NODE } from '../harness/workflows';
import { createAndWait, useFixture } from '../support/fixture';

/** OmniHuman's audio limit: under 30 s. */
const LIMIT = 30;
const fits = (text: string, speed = 1) => estimateSpeechSeconds(text, speed) < LIMIT;
const repeat = (sentences: string[], times: number, separator = '') =>
	Array.from({ length: times }, () => sentences.join(separator)).join(separator);
const words = (count: number) => Array.from({ length: count }, (_, index) => `w${index}`).join(' ');

// Real sentences, with their counts (punctuation not counted).
const ZH_13 = '明天早上八点在公司门口见面。'; // 13 Han characters
const ZH_12 = '我们一起去公园散步吧，好吗？'; // 12
const ZH_20 = '我们公司的新产品下个月就会在全国各地上市。'; // 20
const JA_13 = '今日はとても良い天気ですね。'; // 13 kana and kanji
const JA_19 = '週末に家族と一緒に映画を見に行きました。'; // 19
const JA_21 = '新しいカメラで桜の写真をたくさん撮りました。'; // 21
const KO_16 = '저는 매일 아침 공원에서 산책을 합니다.'; // 16 Hangul syllables, 5 spaced phrases
const KO_18 = '이번 주말에 친구들과 영화를 보러 갈 거예요.'; // 18
const TH_40 = 'ผมชอบดื่มกาแฟทุกเช้า ก่อนไปทำงานที่ออฟฟิศ'; // 40 Thai characters, 2 phrases
const TH_36 = 'พรุ่งนี้เราจะไปเที่ยวทะเลกับครอบครัว'; // 36

describe('Chinese: Han characters at about 260 a minute', () => {
	test('a short script (40 characters, about 9 s) passes', () => {
		const script = repeat([ZH_20], 2);
		expect(speakingTime(script).parts).toEqual([
			{ system: 'Chinese', units: 40, unit: 'characters', perMinute: 260, seconds: (40 * 60) / 260 },
		]);
		expect(estimateSpeechSeconds(script)).toBeCloseTo(9.23, 2);
		expect(fits(script)).toBe(true);
	});

	test('250 characters (about a minute of speech, one "word" by spaces) are refused', () => {
		const script = repeat([ZH_13, ZH_12], 10);
		expect(script.split(/\s+/)).toHaveLength(1);
		const time = speakingTime(script);
		expect(time.parts.map(({ system, units }) => [system, units])).toEqual([['Chinese', 250]]);
		expect(time.seconds).toBeCloseTo(57.69, 2);
		expect(fits(script)).toBe(false);
		expect(describeSpeakingTime(time)).toBe('250 Chinese characters at about 260 a minute');
	});

	test('the limit falls between 129 characters (passes) and 130 (30 s, refused)', () => {
		expect(fits(repeat([ZH_13], 9) + ZH_12)).toBe(true);
		expect(estimateSpeechSeconds(repeat([ZH_13], 10))).toBe(30);
		expect(fits(repeat([ZH_13], 10))).toBe(false);
	});

	test('Chinese punctuation adds nothing', () => {
		expect(estimateSpeechSeconds('明天，早上……八点！！“见面”。')).toBe(
			estimateSpeechSeconds('明天早上八点见面'),
		);
		expect(speakingTime('明天，早上……八点！！').parts).toHaveLength(1);
	});
});

describe('Japanese: kana and kanji at about 320 characters a minute', () => {
	test('a short script passes, counting kana, kanji and the long-vowel mark', () => {
		expect(speakingTime(JA_21).parts).toEqual([
			{ system: 'Japanese', units: 21, unit: 'characters', perMinute: 320, seconds: (21 * 60) / 320 },
		]);
		expect(speakingTime('コーヒー').parts[0].units).toBe(4);
		expect(fits(repeat([JA_13, JA_19], 2))).toBe(true);
	});

	test('159 characters pass, 160 (30 s) and a long script are refused', () => {
		const under = repeat([JA_13, JA_19, JA_21], 3);
		expect(speakingTime(under).parts[0].units).toBe(159);
		expect(fits(under)).toBe(true);
		const at = repeat([JA_19, JA_21], 4);
		expect(estimateSpeechSeconds(at)).toBe(30);
		expect(fits(at)).toBe(false);
		const long = repeat([JA_13, JA_19, JA_21], 6);
		expect(estimateSpeechSeconds(long)).toBeCloseTo(59.625, 10);
		expect(describeSpeakingTime(speakingTime(long))).toBe(
			'318 Japanese characters at about 320 a minute',
		);
	});

	test('kanji count as Japanese when the script has kana, as Chinese when it has none', () => {
		expect(speakingTime('東京へ行きます').parts.map((part) => [part.system, part.units])).toEqual([
			['Japanese', 7],
		]);
		expect(speakingTime('東京').parts.map((part) => [part.system, part.units])).toEqual([
			['Chinese', 2],
		]);
	});
});

describe('Korean: Hangul syllables at about 270 a minute', () => {
	test('the spaces between phrases do not make words: a short script passes', () => {
		const script = repeat([KO_16, KO_18], 2, ' ');
		expect(speakingTime(script).parts).toEqual([
			{ system: 'Korean', units: 68, unit: 'syllables', perMinute: 270, seconds: (68 * 60) / 270 },
		]);
		expect(fits(script)).toBe(true);
	});

	test('134 syllables pass, 136 are refused (the old word count called them 52 words, 21 s)', () => {
		const under = [repeat([KO_16], 5, ' '), repeat([KO_18], 3, ' ')].join(' ');
		expect(speakingTime(under).parts[0].units).toBe(134);
		expect(fits(under)).toBe(true);
		const over = repeat([KO_16, KO_18], 4, ' ');
		expect(over.split(/\s+/)).toHaveLength(52);
		expect(estimateSpeechSeconds(over)).toBeCloseTo(30.22, 2);
		expect(fits(over)).toBe(false);
		expect(describeSpeakingTime(speakingTime(over))).toBe('136 Korean syllables at about 270 a minute');
	});
});

describe('Thai: Thai characters at about 750 a minute', () => {
	test('a short script passes; the spaces between phrases are not words', () => {
		const script = repeat([TH_40, TH_36], 2, ' ');
		expect(speakingTime(script).parts).toEqual([
			{ system: 'Thai', units: 152, unit: 'characters', perMinute: 750, seconds: (152 * 60) / 750 },
		]);
		expect(fits(script)).toBe(true);
	});

	test('372 characters pass, 380 are refused (the old word count called them 15 words, 6 s)', () => {
		const under = [repeat([TH_40], 3, ' '), repeat([TH_36], 7, ' ')].join(' ');
		expect(speakingTime(under).parts[0].units).toBe(372);
		expect(fits(under)).toBe(true);
		const over = repeat([TH_40, TH_36], 5, ' ');
		expect(over.split(/\s+/)).toHaveLength(15);
		expect(estimateSpeechSeconds(over)).toBeCloseTo(30.4, 5);
		expect(fits(over)).toBe(false);
		expect(describeSpeakingTime(speakingTime(over))).toBe('380 Thai characters at about 750 a minute');
	});

	test('Thai punctuation is not a character', () => {
		expect(estimateSpeechSeconds(`${TH_36}๚ ๏${TH_36}๛`)).toBe(estimateSpeechSeconds(TH_36 + TH_36));
	});
});

describe('mixed scripts add up by part', () => {
	test('Chinese with English words and digits: each part in its own unit, in the order they appear', () => {
		const time = speakingTime('今天我们用ChatGPT写了一个新的demo，OK？');
		expect(time.parts.map(({ system, units, unit }) => [system, units, unit])).toEqual([
			['Chinese', 11, 'characters'],
			['Space-separated', 3, 'words'],
		]);
		expect(time.seconds).toBeCloseTo((11 * 60) / 260 + (3 * 60) / 150, 10);
		expect(speakingTime('OK, 我们下周一 10 点开会。').parts.map((part) => part.system)).toEqual([
			'Space-separated',
			'Chinese',
		]);
	});

	test('Chinese that fits plus English that fits can be too long together', () => {
		const chinese = repeat([ZH_20], 6);
		const english = 'Thank you all, see you soon.';
		expect(fits(chinese)).toBe(true);
		expect(fits(english)).toBe(true);
		const script = `${chinese} ${english}`;
		expect(estimateSpeechSeconds(script)).toBeCloseTo((120 * 60) / 260 + 6 * 0.4, 10);
		expect(fits(script)).toBe(false);
		expect(describeSpeakingTime(speakingTime(script))).toBe(
			'120 Chinese characters at about 260 a minute and 6 words at about 150 a minute',
		);
	});

	test('Japanese is placed where its first kana or kanji is, whichever comes first', () => {
		const systems = (text: string) => speakingTime(text).parts.map((part) => part.system);
		expect(systems('Hello everyone, こんにちは')).toEqual(['Space-separated', 'Japanese']);
		expect(systems('日本 Hello です')).toEqual(['Japanese', 'Space-separated']);
		expect(systems('Hello 日本 です')).toEqual(['Space-separated', 'Japanese']);
	});

	test('a script that opens with a quotation mark is listed from its first spoken unit, not its first character', () => {
		const systems = (text: string) => speakingTime(text).parts.map((part) => part.system);
		expect(systems('「你好」 means hello')).toEqual(['Chinese', 'Space-separated']);
		expect(systems('"안녕하세요" means hello')).toEqual(['Korean', 'Space-separated']);
	});

	test('three writing systems are listed with commas and "and"', () => {
		const time = speakingTime(`${JA_13} ${KO_16} ${TH_36}`);
		expect(describeSpeakingTime(time)).toBe(
			'13 Japanese characters at about 320 a minute, 16 Korean syllables at about 270 a minute and 36 Thai characters at about 750 a minute',
		);
	});
});

describe('English (space-separated words) is unchanged: 150 words a minute', () => {
	test('74 words pass, 75 make 30 s and are refused', () => {
		expect(estimateSpeechSeconds(words(74))).toBeCloseTo(29.6, 10);
		expect(fits(words(74))).toBe(true);
		expect(estimateSpeechSeconds(words(75))).toBe(30);
		expect(fits(words(75))).toBe(false);
		expect(describeSpeakingTime(speakingTime(words(120)))).toBe('120 words at about 150 a minute');
		expect(describeSpeakingTime(speakingTime('Hello'))).toBe('1 word at about 150 a minute');
	});

	test('a real English paragraph gets exactly the old estimate (words / 2.5)', () => {
		const text =
			'Hello and welcome. This is a short message from our team, made from a script in one step. We will be back next week with 3 new episodes!';
		const oldEstimate = text.trim().split(/\s+/).filter(Boolean).length / 2.5;
		expect(estimateSpeechSeconds(text)).toBe(oldEstimate);
		expect(estimateSpeechSeconds(`  ${text}\n\n`, 1.25)).toBe(oldEstimate / 1.25);
		expect(SPEAKING_RATES['Space-separated']).toBe(150);
	});

	test('other space-separated scripts count words too', () => {
		expect(speakingTime('Привет, как дела сегодня?').parts).toEqual([
			{ system: 'Space-separated', units: 4, unit: 'words', perMinute: 150, seconds: 1.6 },
		]);
	});
});

describe('Speed divides the time', () => {
	test('250 Chinese characters fit at Speed 2, and every part is divided', () => {
		const script = repeat([ZH_13, ZH_12], 10);
		expect(estimateSpeechSeconds(script, 2)).toBeCloseTo(28.85, 2);
		expect(fits(script, 2)).toBe(true);
		const time = speakingTime(`${repeat([ZH_20], 6)} Thank you all, see you soon.`, 1.5);
		expect(time.parts.map((part) => part.seconds)).toEqual([(120 * 60) / 260 / 1.5, 2.4 / 1.5]);
		expect(time.seconds).toBeCloseTo(((120 * 60) / 260 + 2.4) / 1.5, 10);
	});

	test('English: 75 words at Speed 1.5 take 20 s; the description names the Speed', () => {
		expect(estimateSpeechSeconds(words(75), 1.5)).toBe(20);
		expect(describeSpeakingTime(speakingTime(words(75), 1.5), 1.5)).toBe(
			'75 words at about 150 a minute, at Speed 1.5',
		);
	});
});

describe('punctuation and emoji are not speech', () => {
	test.each([
		['only punctuation', '…… —— !!! ??? ，。！？、「」'],
		['only emoji', '🎉🎉🎉 👍 😀😀'],
		['blank', '  \n\t '],
	])('%s: 0 s and no parts', (_label, text) => {
		expect(speakingTime(text)).toEqual({ seconds: 0, parts: [] });
		expect(estimateSpeechSeconds(text)).toBe(0);
		expect(describeSpeakingTime(speakingTime(text))).toBe('no words');
	});

	test('emoji and dashes inside a sentence are not words', () => {
		expect(speakingTime('Great news 🎉🎉 — we launched! 🚀').parts[0].units).toBe(4);
		expect(speakingTime('太好了🎉🎉！').parts).toEqual([
			{ system: 'Chinese', units: 3, unit: 'characters', perMinute: 260, seconds: (3 * 60) / 260 },
		]);
	});

	test('a script of 300 emoji is still not 30 s of speech', () => {
		expect(fits(Array.from({ length: 300 }, () => '🎉').join(' '))).toBe(true);
	});
});

describe('the node refuses a script by its estimate, before anything is paid', () => {
	const fx = useFixture();
	const fromScript = (script: string, extra: Record<string, unknown> = {}) =>
		createAndWait({}, { audioSource: 'text', script, speechModel: 'openai/tts-1', voice: 'alloy', ...extra });

	test('250 Chinese characters: refused, the message in Chinese characters, nothing sent', async () => {
		const result = await fx.run(fromScript(repeat([ZH_13, ZH_12], 10)));
		expect(result.nodeError(NODE)!.message).toBe(
			"Script would take about 58 s to say (250 Chinese characters at about 260 a minute), above OmniHuman's audio limit (under 30 s)",
		);
		expect(fx.sim.requests).toHaveLength(0);
	});

	test('40 Chinese characters: the speech and the video are made', async () => {
		const result = await fx.run(fromScript(repeat([ZH_20], 2)));
		expect(result.status).toBe('success');
		expect(fx.sim.requestsTo('tts')).toHaveLength(1);
	});

	test('mixed Chinese and English, at Speed 1.2: each part and the Speed are named', async () => {
		const script = `${repeat([ZH_20], 8)} Thank you all, see you soon.`;
		const result = await fx.run(fromScript(script, { speed: 1.2 }));
		expect(result.nodeError(NODE)!.message).toBe(
			"Script would take about 33 s to say (160 Chinese characters at about 260 a minute and 6 words at about 150 a minute, at Speed 1.2), above OmniHuman's audio limit (under 30 s)",
		);
		expect(fx.sim.requests).toHaveLength(0);
	});
});
