import { audioDataUri, readSpeechAnswer } from '../../nodes/OmniHuman/speech/speechAnswer';
import { response } from '../support/fakes';

/** A `/v1/tts` answer, read: a link, audio bytes (kept as a data URI), or nothing usable (undefined). */
const read = (body: unknown, headers: Record<string, string> = {}) => readSpeechAnswer(response(201, body, headers) as never);
const json = { 'content-type': 'application/json' };
const NOISE = Buffer.from([0x01, 0x02, 0x03, 0x04, 0x05]);
const uriType = (bytes: Buffer, contentType: string) => /^data:([^;]*);base64,/.exec(audioDataUri(bytes, contentType))?.[1];

describe('the media type of audio bytes', () => {
	test('the answer’s own audio type, in lower case, without its parameters', () => {
		expect(uriType(NOISE, 'audio/aac')).toBe('audio/aac');
		expect(uriType(NOISE, ' Audio/OGG ; codecs=opus')).toBe('audio/ogg');
		expect(uriType(NOISE, 'audio/x-m4a')).toBe('audio/x-m4a');
	});

	test('anything else is recognised from the first bytes: WAV, FLAC, Ogg, else MP3', () => {
		for (const declared of ['application/octet-stream', '', 'audio/', 'audio/mp3 x', 'xaudio/wav', 'audio/wav/x'])
			expect(uriType(NOISE, declared)).toBe('audio/mpeg');
		expect(uriType(Buffer.from('RIFF\0\0\0\0WAVE'), 'application/octet-stream')).toBe('audio/wav');
		expect(uriType(Buffer.from('fLaC\0\0\0\0'), 'application/octet-stream')).toBe('audio/flac');
		expect(uriType(Buffer.from('OggS\0\0\0\0'), 'application/octet-stream')).toBe('audio/ogg');
	});
});

describe('reading a speech answer', () => {
	test.each([
		['a link as a string', { audio: 'https://cdn.example/a.mp3', meta: { usage: { credits_used: 5, usd_spent: 0.01 } } }, { audioUrl: 'https://cdn.example/a.mp3', usage: { credits: 5, usdSpent: 0.01 } }],
		['a link in an object', { audio: { url: 'https://cdn.example/b.mp3' } }, { audioUrl: 'https://cdn.example/b.mp3' }],
		['JSON read as bytes', Buffer.from(JSON.stringify({ audio: { url: 'https://cdn.example/c.wav' } })), { audioUrl: 'https://cdn.example/c.wav' }],
	])('%s', (_label, body, expected) => {
		expect(readSpeechAnswer(response(201, body, json) as never)).toEqual({ ok: true, value: expected });
	});

	test('audio bytes become a data URI of exactly those bytes, typed by the answer or by the bytes', () => {
		const mp3 = Buffer.from([0xff, 0xfb, 0x90, 0x00, 1, 2, 3]);
		expect(readSpeechAnswer(response(200, mp3, { 'content-type': 'audio/mpeg' }) as never)).toEqual({ ok: true, value: { audioUrl: `data:audio/mpeg;base64,${mp3.toString('base64')}` } });
		expect(audioDataUri(Buffer.from('RIFF....WAVE'), 'application/octet-stream')).toMatch(/^data:audio\/wav;base64,/);
	});

	test('an answer without a link is unreadable (reported as a synthesis that may have been billed)', () => {
		expect(readSpeechAnswer(response(201, { meta: {} }, json) as never)).toBeUndefined();
		expect(readSpeechAnswer(response(201, { audio: 'ftp://x/a.mp3' }, json) as never)).toBeUndefined();
	});

	test('bytes that came as text are the same bytes', () => {
		const bytes = Buffer.from([0x49, 0x44, 0x33, 0xff, 0xfb]);
		expect(read(bytes.toString('latin1'), { 'content-type': 'audio/mpeg' })).toEqual({ ok: true, value: { audioUrl: `data:audio/mpeg;base64,${bytes.toString('base64')}` } });
	});

	test('an empty answer is no audio, whatever its type says', () => {
		expect(read(Buffer.alloc(0), { 'content-type': 'audio/mpeg' })).toBeUndefined();
		expect(read('', { 'content-type': 'audio/mpeg' })).toBeUndefined();
		expect(read(Buffer.alloc(0), json)).toBeUndefined();
	});

	test('JSON that does not parse, null, or a null audio is unreadable, not a crash', () => {
		expect(read('{"audio": "https://cdn.example/a.mp3"', json)).toBeUndefined();
		expect(read('null', json)).toBeUndefined();
		expect(read({ audio: null }, json)).toBeUndefined();
	});

	test('the link must be one: http or https from its first character', () => {
		expect(read({ audio: 'see https://cdn.example/a.mp3' }, json)).toBeUndefined();
		expect(read({ audio: 'HTTPS://cdn.example/a.mp3' }, json)).toEqual({ ok: true, value: { audioUrl: 'HTTPS://cdn.example/a.mp3' } });
	});
});
