import { Readable } from 'node:stream';

import type { IBinaryData, INode } from 'n8n-workflow';

import type { ItemOptions } from '../../nodes/OmniHuman/helpers/options';
import type { ItemRun } from '../../nodes/OmniHuman/nodeRun';
import { downloadVideo, videoFileName } from '../../nodes/OmniHuman/video';
import type { Exchange } from '../../nodes/OmniHuman/transport/exchange';

const MAX = 1000;
const options = { requestTimeoutMs: 5000, maxVideoBytes: MAX } as ItemOptions;
const id = 'abc:bytedance/omnihuman';

/** A job whose download answers `body` with `headers`, and whose binary store reports `storedBytes`. */
function jobFor(headers: Record<string, string>, storedBytes: number) {
	const stream = Readable.from([Buffer.alloc(10)]);
	const destroy = jest.spyOn(stream, 'destroy');
	const prepareBinaryData = jest.fn(async (): Promise<IBinaryData> => ({ data: '', mimeType: 'video/mp4', bytes: storedBytes } as unknown as IBinaryData));
	const exchange: Exchange = { kind: 'response', statusCode: 200, headers: { 'content-type': 'video/mp4', ...headers }, body: stream };
	const job = {
		node: { name: 'OmniHuman' } as INode,
		itemIndex: 0,
		send: async () => exchange,
		context: { helpers: { prepareBinaryData } },
	} as unknown as ItemRun;
	return { job, prepareBinaryData, destroy };
}

describe('downloadVideo size checks', () => {
	test('a declared size one byte over Max Video Size is refused before anything is stored', async () => {
		const { job, prepareBinaryData, destroy } = jobFor({ 'content-length': String(MAX + 1) }, MAX + 1);
		await expect(downloadVideo(job, options, id, 'https://cdn.example/v.mp4')).rejects.toThrow(/above Max Video Size.*not downloaded/);
		expect(prepareBinaryData).not.toHaveBeenCalled();
		expect(destroy).toHaveBeenCalled();
	});

	test('a declared size exactly at Max Video Size is stored', async () => {
		const { job, prepareBinaryData } = jobFor({ 'content-length': String(MAX) }, MAX);
		await expect(downloadVideo(job, options, id, 'https://cdn.example/v.mp4')).resolves.toMatchObject({ bytes: MAX });
		expect(prepareBinaryData).toHaveBeenCalledTimes(1);
	});

	test('without content-length, a video found too large once stored fails the item', async () => {
		const { job, prepareBinaryData } = jobFor({}, MAX + 1);
		await expect(downloadVideo(job, options, id, 'https://cdn.example/v.mp4')).rejects.toThrow(/above Max Video Size/);
		expect(prepareBinaryData).toHaveBeenCalledTimes(1);
	});

	test('fewer bytes stored than declared is a broken download, never a truncated file', async () => {
		const { job } = jobFor({ 'content-length': '800' }, 799);
		await expect(downloadVideo(job, options, id, 'https://cdn.example/v.mp4')).rejects.toThrow(/broke off after 799 of 800 bytes \[generation abc:bytedance\/omnihuman\]/);
	});
});

test("the video's file name: a <uuid>:<model> id's uuid, a short Lip Sync id whole (`_` and `-` kept)", () => {
	expect(videoFileName('9e730e80-40e2-4461-ba1b-1cc15df10b4f:bytedance/omnihuman')).toBe('9e730e80-40e2-4461-ba1b-1cc15df10b4f.mp4');
	expect(videoFileName('z-IMFJo2_ORUJBR7OWIqD')).toBe('z-IMFJo2_ORUJBR7OWIqD.mp4');
	expect(videoFileName('../../etc/passwd')).toBe('etcpasswd.mp4');
	expect(videoFileName(':')).toBe('omnihuman.mp4');
});
