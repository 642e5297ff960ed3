import { bytesSource, measureAudio, type AudioMeasure } from '../../nodes/OmniHuman/media/audioLength';
import { recordingSource, secondsOf } from '../support/audioFixtures';
import { ascii, concat, fmtBody, le32, riffChunk, wavFile } from '../support/audioBytes';

// fmtBody's default: 16,000 bytes a second.
const fmt = (fields: Parameters<typeof fmtBody>[0] = {}) => riffChunk('fmt ', fmtBody(fields));
const data = (bytes: number, declared = bytes) => riffChunk('data', new Uint8Array(bytes), declared);
const list = (bytes: number) => riffChunk('LIST', new Uint8Array(bytes));
const ds64 = (dataSize: number, declared = 28) => {
	const body = concat(le32(0), le32(0), le32(dataSize), le32(0), new Uint8Array(12));
	return riffChunk('ds64', body.subarray(0, declared));
};

async function measure(bytes: Uint8Array): Promise<AudioMeasure> {
	return await measureAudio(bytesSource(bytes));
}

async function seconds(bytes: Uint8Array): Promise<number> {
	return secondsOf(await measure(bytes));
}

describe('WAV length', () => {
	test('data size ÷ byte rate', async () => {
		expect(await seconds(wavFile([fmt(), data(32000)]))).toBe(2);
	});

	test("the fmt chunk's byte rate is read; sample rate × block align stands in only when it is 0", async () => {
		expect(await seconds(wavFile([fmt({ byteRate: 16000, blockAlign: 4 }), data(32000)]))).toBe(2);
		expect(await seconds(wavFile([fmt({ byteRate: 0, sampleRate: 8000, blockAlign: 4 }), data(32000)]))).toBe(1);
	});

	test('IEEE float and WAVE_FORMAT_EXTENSIBLE have constant byte rates too', async () => {
		expect(await seconds(wavFile([fmt({ format: 3 }), data(16000)]))).toBe(1);
		expect(await seconds(wavFile([fmt({ format: 0xfffe }), data(16000)]))).toBe(1);
	});

	test('a streamed WAV (data size 0 or 0xFFFFFFFF) runs to the end of the file', async () => {
		expect(await seconds(wavFile([fmt(), data(24000, 0)]))).toBe(1.5);
		expect(await seconds(wavFile([fmt(), data(8000, 0xffffffff)]))).toBe(0.5);
	});

	test('an odd-sized chunk before data is padded to an even size', async () => {
		expect(await seconds(wavFile([fmt(), riffChunk('LIST', ascii('INFOx')), data(16000)]))).toBe(1);
	});

	test('a file cut short holds only what is there', async () => {
		expect(await seconds(wavFile([fmt(), data(8000, 160000)]))).toBe(0.5);
	});

	test('a fmt chunk after the data chunk (and after other chunks) is found', async () => {
		expect(await seconds(wavFile([data(16000), riffChunk('LIST', ascii('INFOx')), fmt()]))).toBe(1);
	});

	test('the head is enough: chunks after the data (tags) are neither read nor counted as audio', async () => {
		const source = recordingSource(wavFile([fmt(), data(200_000), list(40_000)]));
		expect(await measureAudio(source)).toMatchObject({ ok: true, seconds: 12.5 });
		expect(source.reads).toHaveLength(1);
	});

	test('RF64: the ds64 chunk gives the data size, whatever follows the data', async () => {
		const rf64 = wavFile([ds64(16000), fmt(), data(16000, 0xffffffff), list(16000)], 'RF64');
		expect(await seconds(rf64)).toBe(1);
		const dataFirst = wavFile([ds64(16000), data(16000, 0xffffffff), fmt()], 'RF64');
		expect(await seconds(dataFirst)).toBe(1);
	});

	test("RF64 whose data chunk gives its own size (not 0xFFFFFFFF): that size, not the ds64's", async () => {
		expect(await seconds(wavFile([ds64(160000), fmt(), data(16000), list(16000)], 'RF64'))).toBe(1);
	});

	test('a ds64 of 16 bytes still holds the data size; one shorter is ignored (to the end of the file)', async () => {
		expect(await seconds(wavFile([ds64(16000, 16), fmt(), data(16000, 0xffffffff), list(16000)], 'RF64'))).toBe(1);
		const shortDs64 = wavFile([ds64(16000, 8), fmt(), data(16000, 0xffffffff), list(16000)], 'RF64');
		expect(await seconds(shortDs64)).toBe((16000 + 8 + 16000) / 16000);
		const sizeUnknown = recordingSource(shortDs64, { sizeKnown: false });
		expect(await measureAudio(sizeUnknown)).toMatchObject({ ok: false, reason: 'it is a streamed WAV of unknown size' });
	});

	test('at most 64 chunks are read: a file that hides its data behind more is refused', async () => {
		const junk = (count: number) => Array.from({ length: count }, () => riffChunk('junk', new Uint8Array(2)));
		expect(await seconds(wavFile([...junk(62), fmt(), data(16000)]))).toBe(1);
		expect(await measure(wavFile([...junk(63), fmt(), data(16000)]))).toMatchObject({
			ok: false,
			reason: 'it has no data chunk',
		});
	});

	test('a fmt chunk declaring far more than it holds is read for its 40 bytes at most', async () => {
		const huge = concat(ascii('fmt '), le32(0x7ffffff0), fmtBody());
		const source = recordingSource(concat(wavFile([huge]), new Uint8Array(100_000)));
		expect(await measureAudio(source)).toMatchObject({ ok: false, reason: 'it has no data chunk' });
		expect(source.returned()).toBeLessThanOrEqual(16 * 1024);
	});
});

describe('WAV refusals name what is wrong', () => {
	test.each([
		['a fmt chunk of 14 bytes', wavFile([riffChunk('fmt ', fmtBody().subarray(0, 14)), data(16000)]), 'its fmt chunk is cut short'],
		['MP3 inside a WAV', wavFile([fmt({ format: 0x55 }), data(16000)]), 'its encoding (WAV format 0x55) is not PCM or float'],
		['no byte rate at all', wavFile([fmt({ byteRate: 0, blockAlign: 0 }), data(16000)]), 'its fmt chunk gives no byte rate'],
		['no data chunk', wavFile([fmt()]), 'it has no data chunk'],
		['a WAV header alone', wavFile([]), 'it has no fmt chunk'],
	])('%s', async (_name, bytes, reason) => {
		expect(await measure(bytes)).toMatchObject({ ok: false, format: 'wav', reason });
	});

	test.each([0, 0xffffffff])('a streamed WAV (data size %d) of unknown size is refused', async (declared) => {
		const source = recordingSource(wavFile([fmt(), data(8000, declared)]), { sizeKnown: false });
		expect(await measureAudio(source)).toMatchObject({ ok: false, reason: 'it is a streamed WAV of unknown size' });
	});
});
