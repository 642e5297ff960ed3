/**
 * How long a script takes to say, estimated per writing system, so that a script over the video model's
 * audio limit is refused before the speech is paid for.
 *
 * Counting space-separated words only works where words are separated by spaces: Chinese, Japanese and
 * Thai put none between words, and Korean puts them between phrases of several syllables. So each writing
 * system is counted in its own unit, at its own pace, and a mixed script adds up by part:
 *
 * - Chinese: Han characters (`\p{Script=Han}`), each one spoken syllable, at about 260 a minute (≈ 4.3 a
 *   second). Mandarin is commonly measured at 4–5 syllables a second in running speech (≈ 240–300
 *   characters a minute; broadcast news reads near the top of that range), and read speech without pauses
 *   at about 5.2 syllables a second (Pellegrino, Coupé & Marsico 2011, "A cross-language perspective on
 *   speech information rate", Language 87(3)). 260 sits in the middle, a little on the slow side, as
 *   150 words a minute does for English.
 * - Japanese: kana (hiragana, katakana, the long-vowel mark ー) and, when the script has kana, its kanji,
 *   all as "characters" at about 320 a minute. Japanese is spoken at about 7–8 morae a second
 *   (Pellegrino et al. 2011 measured 7.84 in read speech with the pauses taken out); a kana is about one
 *   mora and a kanji about 1.5–2, so ordinary mixed text has about 1.35–1.4 morae a character (明日の朝、
 *   駅の前で友達と会う予定です: 24 morae, 17 characters), i.e. 5–5.7 characters a second with pauses.
 *   Japanese broadcasting and speech writing use 300 characters a minute for a deliberate pace (the NHK
 *   rule of thumb) and 350–400 for a brisk one; 320 (7–7.5 morae a second) keeps to the slow side, as
 *   150 words a minute does for English.
 * - Korean: Hangul syllable blocks (`\p{Script=Hangul}`), each one spoken syllable, at about 270 a minute
 *   (4.5 a second), the middle of the 4–5 syllables a second commonly measured for Korean speech with its
 *   pauses (speech-rate studies on Korean report syllables per second, e.g. Lee, Shin, Yoo & Kim 2017,
 *   Phonetics and Speech Sciences 9(1)). Korean spaces separate phrases (eojeol) of about three syllables,
 *   which the word count took for one word each.
 * - Thai: Thai letters, vowel signs, tone marks and digits (Thai punctuation aside), at about 750 a
 *   minute (12.5 a second). Thai, a tonal language with information-dense syllables like Mandarin, sits at
 *   the slow end of syllable rates (Coupé, Oh, Dediu & Pellegrino 2019, "Different languages, similar
 *   encoding efficiency", Science Advances 5(9)): roughly 4.5–5 syllables a second. A written Thai
 *   syllable takes about 2.5–3 code points (สวัสดี: 6 for 3 syllables; ประเทศไทย: 9 for 3), hence 12–15
 *   characters a second; 12.5 keeps to the slow end. Spaces in Thai separate phrases, not words.
 * - Everything else (Latin, Cyrillic, Greek, Arabic, Devanagari, digits, …): space-separated words at
 *   about 150 a minute, exactly as before. Digits and Latin words inside a Chinese or Japanese sentence
 *   (e.g. "我用iPhone拍了2024年的照片") are words of their own.
 *
 * Punctuation, symbols and emoji add nothing: a token without a letter or a digit is not a word, CJK and
 * Thai punctuation is not counted as a character (and CJK punctuation separates words as a space does). The rates above are for running speech, so they
 * already include the ordinary pauses at commas and full stops. Han characters count as Japanese when the
 * script has any kana (Chinese has none), as Chinese otherwise. Speed divides the time, as the speech
 * models' own Speed does.
 */

export type WritingSystem = 'Chinese' | 'Japanese' | 'Korean' | 'Thai' | 'Space-separated';

export interface SpeakingPart {
	system: WritingSystem;
	/** How many units of this writing system the script has. */
	units: number;
	unit: 'characters' | 'syllables' | 'words';
	/** The pace assumed at Speed 1, in units a minute. */
	perMinute: number;
	/** This part's share of the estimate, at the Speed asked. */
	seconds: number;
}

export interface SpeakingTime {
	/** The whole estimate, at the Speed asked. */
	seconds: number;
	/** One entry per writing system found, in the order they first appear in the script. */
	parts: SpeakingPart[];
}

/** The paces, in units a minute at Speed 1 (see the comment at the top for the sources). */
export const SPEAKING_RATES = {
	Chinese: 260,
	Japanese: 320,
	Korean: 270,
	Thai: 750,
	'Space-separated': 150,
} as const satisfies Record<WritingSystem, number>;

const HAN = /\p{Script=Han}/gu;
/** Kana, with the prolonged sound marks ー and ｰ (Unicode files them under Common). */
const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}\u30FC\uFF70]/gu;
const HANGUL = /\p{Script=Hangul}/gu;
/** Thai letters, vowel signs, tone marks and digits, not Thai punctuation (๏ ๚ ๛). */
const THAI = /(?!\p{P})\p{Script=Thai}/gu;
/** Any character counted above. */
const COUNTED_ELSEWHERE =
	/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u30FC\uFF70\p{Script=Hangul}]|(?!\p{P})\p{Script=Thai}/gu;
/** CJK and fullwidth punctuation (、。「」，！？…) separates words as a space does: "demo，OK？" is two. */
const CJK_PUNCTUATION = /[\u3000-\u303F\uFF01-\uFF0F\uFF1A-\uFF20\uFF3B-\uFF40\uFF5B-\uFF65]/gu;
/** A word says something only if it has a letter or a digit: "—", "…" or "🎉" alone is not a word. */
const SPOKEN = /[\p{L}\p{N}]/u;

interface Count {
	system: WritingSystem;
	unit: SpeakingPart['unit'];
	units: number;
	/** Where the first unit is in the script, to list the parts in the script's order. */
	first: number;
}

function countMatches(text: string, pattern: RegExp): { units: number; first: number } {
	let units = 0;
	let first = -1;
	for (const match of text.matchAll(pattern)) {
		if (units === 0) first = match.index ?? 0;
		units++;
	}
	return { units, first };
}

function countWords(text: string): { units: number; first: number } {
	// Each counted character becomes spaces of the same length, so indexes still match the script.
	const rest = text
		.replace(COUNTED_ELSEWHERE, (character) => ' '.repeat(character.length))
		.replace(CJK_PUNCTUATION, ' ');
	let units = 0;
	let first = -1;
	for (const match of rest.matchAll(/\S+/g)) {
		if (!SPOKEN.test(match[0])) continue;
		if (units === 0) first = match.index ?? 0;
		units++;
	}
	return { units, first };
}

/** How long `text` takes to say at `speed` (1 = normal), with the parts the estimate is made of. */
export function speakingTime(text: string, speed = 1): SpeakingTime {
	const kana = countMatches(text, KANA);
	const han = countMatches(text, HAN);
	const counts: Count[] = [];
	if (kana.units > 0) {
		const first = han.units > 0 ? Math.min(kana.first, han.first) : kana.first;
		counts.push({ system: 'Japanese', unit: 'characters', units: kana.units + han.units, first });
	} else {
		counts.push({ system: 'Chinese', unit: 'characters', ...han });
	}
	counts.push({ system: 'Korean', unit: 'syllables', ...countMatches(text, HANGUL) });
	counts.push({ system: 'Thai', unit: 'characters', ...countMatches(text, THAI) });
	counts.push({ system: 'Space-separated', unit: 'words', ...countWords(text) });

	const parts = counts
		.filter((count) => count.units > 0)
		.sort((a, b) => a.first - b.first)
		.map(({ system, unit, units }): SpeakingPart => {
			const perMinute = SPEAKING_RATES[system];
			return { system, units, unit, perMinute, seconds: (units * 60) / perMinute / speed };
		});
	const atSpeedOne = parts.reduce((sum, part) => sum + (part.units * 60) / part.perMinute, 0);
	return { seconds: atSpeedOne / speed, parts };
}

const UNIT_NAMES: Record<WritingSystem, [one: string, many: string]> = {
	Chinese: ['Chinese character', 'Chinese characters'],
	Japanese: ['Japanese character', 'Japanese characters'],
	Korean: ['Korean syllable', 'Korean syllables'],
	Thai: ['Thai character', 'Thai characters'],
	'Space-separated': ['word', 'words'],
};

/**
 * What an estimate was made of, in the script's own writing systems, e.g. "250 Chinese characters at
 * about 260 a minute", "120 Chinese characters at about 260 a minute and 8 words at about 150 a minute",
 * with ", at Speed 1.2" when the Speed is not 1.
 */
export function describeSpeakingTime(time: SpeakingTime, speed = 1): string {
	const parts = time.parts.map((part) => {
		const [one, many] = UNIT_NAMES[part.system];
		return `${part.units} ${part.units === 1 ? one : many} at about ${part.perMinute} a minute`;
	});
	const listed =
		parts.length === 0
			? 'no words'
			: parts.length === 1
				? parts[0]
				: `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
	return speed === 1 ? listed : `${listed}, at Speed ${speed}`;
}

/** How long a script takes to say, in seconds, at `speed` (1 = normal): the estimate alone. */
export function estimateSpeechSeconds(text: string, speed = 1): number {
	return speakingTime(text, speed).seconds;
}
