// TEMPORARY STUB until h/media merges
import type { IExecuteFunctions } from 'n8n-workflow';
import type { AudioMeasure } from './audioLength';
export type RangeFetcher = (url: string) => Promise<unknown>;
export function n8nRangeFetcher(_context: IExecuteFunctions, _signal: AbortSignal): RangeFetcher {
	return async () => undefined;
}
export async function measureRemoteAudio(
	_fetcher: RangeFetcher,
	_url: string,
): Promise<AudioMeasure & { bytesFetched: number }> {
	return { ok: false, reason: 'stub', bytesRead: 0, bytesFetched: 0 };
}
