import type { INodeParameters } from 'n8n-workflow';

import { NODE } from '../harness/workflows';
import { AUDIO_URL, IMAGE_URL, useFixture } from '../support/fixture';

const fx = useFixture();
const create = (extra: INodeParameters): INodeParameters => ({ operation: 'create', imageUrl: IMAGE_URL, audioUrl: AUDIO_URL, ...extra });

async function inputError(parameters: INodeParameters, input?: Parameters<typeof fx.run>[1]) {
	const result = await fx.run(parameters, input);
	expect(fx.sim.requests).toHaveLength(0);
	return result.nodeError(NODE)!;
}

test.each([
	[{ imageUrl: '={{ $json.missing ?? "" }}' }, 'Image URL is empty'],
	[{ imageUrl: 'portrait.png' }, 'Image URL "portrait.png" is not a URL: use a full http(s) link such as https://example.com/file'],
	[{ imageUrl: 'file:///etc/passwd' }, 'Image URL uses "file:", but only http:// and https:// links are accepted'],
	[{ imageUrl: 'javascript:alert(1)' }, 'Image URL uses "javascript:", but only http:// and https:// links are accepted'],
	[{ imageUrl: 'data:image/gif;base64,R0lGODlh' }, 'Image URL is a data URI of type "image/gif"; only PNG, JPEG and WebP images are accepted'],
	[{ audioUrl: '   ' }, 'Audio URL is empty'],
	[{ audioUrl: 'ftp://example.com/a.mp3' }, 'Audio URL uses "ftp:", but only http:// and https:// links are accepted'],
	[{ audioUrl: 'data:audio/mpeg;base64,AAAA' }, 'Audio URL uses "data:", but only http:// and https:// links are accepted'],
	[{ audioUrl: '={{ { "url": "https://x" } }}' }, 'Audio URL must be text, but it is an object (check the expression: map a single field, e.g. {{ $json.url }})'],
])('%p → %s', async (parameters, message) => {
	expect((await inputError(create(parameters))).message).toBe(message);
});

test('a missing binary property is named, with what to do', async () => {
	const error = await inputError(create({ imageSource: 'binary', imageBinaryProperty: 'photo' }));
	expect(error.message).toBe('Input Binary Field "photo" is not on this item');
	expect(error.description).toMatch(/Pass an image from an earlier node/);
});

test('a binary that is not an image is refused, whatever its declared type', async () => {
	const input = [{ json: {}, binary: { data: { data: Buffer.from('%PDF-1.7 ...').toString('base64'), mimeType: 'image/png', fileName: 'fake.png' } } }];
	const error = await inputError(create({ imageSource: 'binary' }), { items: input });
	expect(error.message).toBe('Input Binary Field "data" is not a PNG, JPEG or WebP image (file "fake.png", declared as image/png)');
});

test('an image above Max Image Size is refused', async () => {
	const big = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2 * 1024 * 1024)]);
	const input = [{ json: {}, binary: { data: { data: big.toString('base64'), mimeType: 'image/jpeg', fileName: 'big.jpg' } } }];
	const error = await inputError(create({ imageSource: 'binary', options: { maxImageSizeMb: 1 } }), { items: input });
	expect(error.message).toBe('Input Binary Field holds an image of 2.00 MB, above Max Image Size (1.00 MB)');
});

test('an empty required field typed in the editor is stopped by n8n itself, before the node runs', async () => {
	await expect(fx.run(create({ imageUrl: '' }))).rejects.toThrow('Parameter "Image URL" is required');
	expect(fx.sim.requests).toHaveLength(0);
});

test('an empty Generation ID from an expression is named', async () => {
	const error = await inputError({ operation: 'get', generationId: '={{ $json.id ?? "" }}' });
	expect(error.message).toBe('Generation ID is empty');
});

test.each([
	['spaces', 'abc def:bytedance/omnihuman'],
	['slashes, &, #, ?', 'a/b&c#d?e=f:bytedance/omnihuman'],
	['10 kB', `${'x'.repeat(10_240)}:bytedance/omnihuman`],
])('a Generation ID with %s is sent encoded and unchanged', async (_label, id) => {
	const result = await fx.run({ operation: 'get', generationId: id });
	const [poll] = fx.sim.requestsTo('poll');
	expect(poll.query).toEqual({ generation_id: id });
	expect(poll.path).toBe('/v2/video/generations');
	expect(result.nodeError(NODE)?.message).toMatch(/HTTP 404/);
});
