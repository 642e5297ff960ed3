import { measureAudio } from './audioLength';
import { RemoteSource, type RangeFetcher, type RemoteAudioBounds } from './remoteSource';
import type { AudioMeasure } from './types';

export { n8nRangeFetcher } from './n8nRangeFetcher';
export type { RangeAnswer, RangeFetcher, RemoteAudioBounds } from './remoteSource';

/** The models take audio of at most 5 MB. */
export const REMOTE_AUDIO_BOUNDS: RemoteAudioBounds = {
	maxBytes: 5_000_000,
	timeoutMs: 10_000,
	maxRedirects: 3,
};

/**
 * The length of the audio at `url`, fetched by ranges (a head, then what the format needs) without any
 * credential, within `bounds`: bytes fetched in total, one deadline, redirects. Never throws.
 */
export async function measureRemoteAudio(
	fetcher: RangeFetcher,
	url: string,
	bounds: RemoteAudioBounds = REMOTE_AUDIO_BOUNDS,
): Promise<AudioMeasure & { bytesFetched: number }> {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return {
			ok: false,
			reason: 'the audio link is not a valid URL',
			bytesRead: 0,
			bytesFetched: 0,
		};
	}
	if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
		return {
			ok: false,
			reason: `a ${parsed.protocol} link is not read (only http and https)`,
			bytesRead: 0,
			bytesFetched: 0,
		};
	const source = new RemoteSource(fetcher, parsed.href, bounds);
	const measure = await measureAudio(source, { maxBytes: bounds.maxBytes });
	return { ...measure, bytesFetched: source.bytesFetched };
}
