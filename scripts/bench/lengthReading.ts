import type { IExecuteFunctions } from 'n8n-workflow';

import { measureRemoteAudio, n8nRangeFetcher } from '../../nodes/OmniHuman/media/remoteAudio';
import { audioManifest } from '../../test/support/audioFixtures';
import { AudioHost } from '../../test/support/audioHost';
import { median } from './median';
import type { Row } from './scenarios';

// n8n-core's own request helper: what `this.helpers.httpRequest` is inside a node.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { getRequestHelperFunctions } = require('n8n-core/dist/execution-engine/node-execution-context/utils/request-helpers/factory');

const FILES = [
	{ label: 'MP3 CBR, no Xing header (frames walked)', path: '/files/bench-cbr-25s.mp3', file: 'bench-cbr-25s.mp3', headerOnly: false },
	{ label: 'MP3 VBR, Xing header', path: '/files/bench-vbr-25s.mp3', file: 'bench-vbr-25s.mp3', headerOnly: true },
	{ label: 'WAV PCM', path: '/files/bench-pcm-25s.wav', file: 'bench-pcm-25s.wav', headerOnly: true },
	{ label: 'MP3 CBR, host ignores Range', path: '/whole/bench-cbr-25s.mp3', file: 'bench-cbr-25s.mp3', headerOnly: false },
];
const RUNS = 7;

/** 8. Reading the speech's length from an audio URL (issue 22): bytes fetched and time per file, ~25 s files. */
export async function lengthReading(): Promise<Row[]> {
	const host = await new AudioHost().start();
	const context = { helpers: getRequestHelperFunctions({}, {}, {}) } as unknown as IExecuteFunctions;
	const fetcher = n8nRangeFetcher(context, new AbortController().signal);
	const rows: Row[] = [];
	try {
		await measureRemoteAudio(fetcher, host.url(FILES[0].path)); // warm-up (JIT, sockets)
		for (const { label, path, file, headerOnly } of FILES) {
			const { duration, bytes } = audioManifest[file];
			const times: number[] = [];
			let fetched = 0;
			let requests = 0;
			let seconds = Number.NaN;
			for (let run = 0; run < RUNS; run++) {
				host.requests.length = 0;
				const started = process.hrtime.bigint();
				const measure = await measureRemoteAudio(fetcher, host.url(path));
				times.push(Number(process.hrtime.bigint() - started) / 1e6);
				fetched = measure.bytesFetched;
				requests = host.requests.length;
				seconds = measure.ok ? measure.seconds : Number.NaN;
			}
			const middle = median(times);
			const bound = headerOnly ? 16 * 1024 : bytes + 16 * 1024;
			rows.push({
				scenario: rows.length === 0 ? '8. Length reading: an audio URL on a local host, ~25 s files' : '',
				measure: `${label}: bytes fetched / file; requests; median ms of ${RUNS}; length read vs ffprobe`,
				value: `${fetched.toLocaleString('en')} / ${bytes.toLocaleString('en')} B; ${requests}; ${middle.toFixed(1)} ms; ${seconds.toFixed(3)} vs ${duration.toFixed(3)} s`,
				target: headerOnly ? '≤ 16 KB, < 1 s, ±0.05 s' : '≤ file + 16 KB, < 1 s, ±0.05 s',
				ok: fetched <= bound && middle < 1000 && Math.abs(seconds - duration) <= 0.05,
			});
		}
	} finally {
		await host.close();
	}
	return rows;
}
