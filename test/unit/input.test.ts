import {
	checkGenerationId,
	checkHttpUrl,
	checkImageReference,
	checkText,
	checkWaitTiming,
	checkWholeNumber,
	sniffImageType,
} from '../../nodes/OmniHuman/checks';

const problem = (checked: { ok: boolean; problem?: string }) => (checked.ok ? undefined : checked.problem);

describe('checkHttpUrl', () => {
	test.each(['https://example.com/a.mp3', 'http://127.0.0.1:9/x', '  https://example.com/a.mp3  '])('accepts %p', (url) => {
		expect(checkHttpUrl(url)).toEqual({ ok: true, value: url.trim() });
	});
	test.each([
		['', /is empty/],
		['   ', /is empty/],
		['example.com/a.mp3', /not a URL/],
		['file:///etc/passwd', /"file:"/],
		['javascript:alert(1)', /"javascript:"/],
		['ftp://example.com/a.mp3', /only http/],
		['data:audio/mp3;base64,AAAA', /"data:"/],
	])('rejects %p', (url, message) => expect(problem(checkHttpUrl(url))).toMatch(message));
	test.each([
		[{ url: 'https://x' }, /an object/],
		[['https://x'], /a list/],
		[null, /null/],
		[true, /a boolean/],
	])('rejects %p from an expression', (value, message) => expect(problem(checkHttpUrl(value))).toMatch(message));
});

describe('checkImageReference', () => {
	test.each(['data:image/png;base64,iVBORw0KGgo=', 'data:image/jpeg;base64,/9j/4AAQ', 'data:image/webp;base64,UklGRg==', 'https://x/p.jpg'])(
		'accepts %p',
		(value) => expect(checkImageReference(value).ok).toBe(true),
	);
	test.each([
		['data:image/gif;base64,R0lGOD', /"image\/gif"/],
		['data:text/html;base64,PGh0bWw+', /"text\/html"/],
		['data:image/png,rawbytes', /not base64/],
		['file:///tmp/p.png', /"file:"/],
	])('rejects %p', (value, message) => expect(problem(checkImageReference(value))).toMatch(message));
});

describe('sniffImageType', () => {
	test('recognises PNG, JPEG and WebP by their bytes', () => {
		expect(sniffImageType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('image/png');
		expect(sniffImageType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
		expect(sniffImageType(Buffer.from('RIFF\x00\x00\x00\x00WEBPVP8 ', 'latin1'))).toBe('image/webp');
	});
	test.each([['GIF', Buffer.from('GIF89a')], ['text', Buffer.from('hello world')], ['empty', Buffer.alloc(0)], ['WAV', Buffer.from('RIFF\0\0\0\0WAVE', 'latin1')]])(
		'rejects %s',
		(_label, bytes) => expect(sniffImageType(bytes)).toBeUndefined(),
	);
});

describe('checkWaitTiming', () => {
	test('accepts fractions and long waits', () => {
		expect(checkWaitTiming(0.25, 7200)).toEqual({ ok: true, value: { pollIntervalSeconds: 0.25, maxWaitSeconds: 7200 } });
	});
	test('accepts numbers mapped as text', () => expect(checkWaitTiming('5', '60').ok).toBe(true));
	test.each([
		[0, 600, 'Poll Interval', /more than 0/],
		[-1, 600, 'Poll Interval', /more than 0/],
		[10, 0, 'Max Wait', /more than 0/],
		[10, 5, 'Max Wait', /shorter than Poll Interval/],
		['soon', 600, 'Poll Interval', /a string/],
		[{}, 600, 'Poll Interval', /an object/],
	])('interval %p, max wait %p: %s is named', (interval, maxWait, field, message) => {
		const checked = checkWaitTiming(interval, maxWait);
		expect(checked.ok).toBe(false);
		expect(checked.field).toBe(field);
		expect(problem(checked)).toMatch(message);
	});
});

test('checkWholeNumber', () => {
	expect(checkWholeNumber(3, 1)).toEqual({ ok: true, value: 3 });
	expect(problem(checkWholeNumber(0, 1))).toMatch(/at least 1/);
	expect(problem(checkWholeNumber(2.5, 1))).toMatch(/whole number/);
});

test('checkText and checkGenerationId', () => {
	expect(checkText(42)).toEqual({ ok: true, value: '42' });
	expect(checkGenerationId('  a b/c&d#e?f:m  ')).toEqual({ ok: true, value: 'a b/c&d#e?f:m' });
	expect(problem(checkGenerationId(''))).toMatch(/empty/);
	expect(problem(checkGenerationId({ id: 'x' }))).toMatch(/an object/);
});
