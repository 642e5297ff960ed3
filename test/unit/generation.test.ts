import { describeServiceError, modelOfId, parseGeneration, phaseOf } from '../../nodes/OmniHuman/generation';

describe('phaseOf', () => {
	test.each(['completed', 'succeeded', 'COMPLETED', ' success '])('%s is completed', (status) => expect(phaseOf(status)).toBe('completed'));
	test.each(['error', 'failed', 'Failed', 'cancelled'])('%s is failed', (status) => expect(phaseOf(status)).toBe('failed'));
	test.each(['queued', 'generating', 'waiting', 'active', 'rendering', ''])('%s is still running', (status) => expect(phaseOf(status)).toBe('running'));
});

describe('parseGeneration', () => {
	const id = '9e730e80-40e2-4461-ba1b-1cc15df10b4f:bytedance/omnihuman';

	test('reads a completed generation with credits', () => {
		expect(
			parseGeneration({ id, status: 'completed', video: { url: 'https://cdn/v.mp4' }, meta: { usage: { credits_used: 120000, usd_spent: 0.42 } } }),
		).toEqual({ id, status: 'completed', phase: 'completed', videoUrl: 'https://cdn/v.mp4', usage: { credits: 120000, usdSpent: 0.42 } });
	});

	test('accepts tokens_used instead of credits_used', () => {
		expect(parseGeneration({ id, status: 'completed', meta: { usage: { tokens_used: 7 } } })?.usage).toEqual({ credits: 7 });
	});

	test('tolerates null video, error and meta', () => {
		expect(parseGeneration({ id, status: 'queued', video: null, error: null, meta: null })).toEqual({ id, status: 'queued', phase: 'running' });
	});

	test('uses the fallback id when the body has none', () => {
		expect(parseGeneration({ status: 'generating' }, id)?.id).toBe(id);
	});

	test.each([null, 'text', [], { id }, { status: 'queued' }, { id, status: 3 }])('rejects %p as not a generation', (body) => {
		expect(parseGeneration(body)).toBeUndefined();
	});

	test('reads both failure shapes', () => {
		expect(parseGeneration({ id, status: 'error', error: { name: 'GenerationError', message: 'No face' } })?.errorMessage).toBe('GenerationError: No face');
		expect(
			parseGeneration({ id, status: 'failed', error: { detail: [{ loc: ['body', 'audio_url'], msg: 'too long', type: 'value_error' }] } })?.errorMessage,
		).toBe('body.audio_url: too long');
	});
});

describe('describeServiceError', () => {
	test('keeps a bare message without the generic Error name', () => expect(describeServiceError({ name: 'Error', message: 'x' })).toBe('x'));
	test('joins several details', () => expect(describeServiceError({ detail: [{ msg: 'a' }, { loc: ['q'], msg: 'b' }] })).toBe('a; q: b'));
	test('reads a string detail and plain strings', () => {
		expect(describeServiceError({ detail: 'boom' })).toBe('boom');
		expect(describeServiceError('  plain ')).toBe('plain');
	});
	test('gives nothing for empty or unknown shapes', () => {
		expect(describeServiceError({})).toBeUndefined();
		expect(describeServiceError(42)).toBeUndefined();
	});
});

describe('modelOfId', () => {
	test('reads the model after the first colon', () => expect(modelOfId('u-u-i-d:bytedance/omnihuman/v1.5')).toBe('bytedance/omnihuman/v1.5'));
	test.each(['bare-uuid', ':model', 'uuid:'])('has none in %s', (id) => expect(modelOfId(id)).toBeUndefined());
});
