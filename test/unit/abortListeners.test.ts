import { getEventListeners } from 'node:events';

import { abortableSleep } from '../../nodes/OmniHuman/abortableSleep';
import { SpendLedger } from '../../nodes/OmniHuman/spend/spendLedger';
import { RequestPacer } from '../../nodes/OmniHuman/transport/pacer';

/**
 * An item keeps one stop signal for all its waits: room under the spend limit, a turn from the pacer, a sleep
 * between polls. Each wait must take its abort listener off when it ends, or a long item (an AI agent calling
 * the node again and again, a long poll) stacks them: Node warns past 10 and keeps every closure alive.
 */
const WAITS = 12;
const listeners = (signal: AbortSignal) => getEventListeners(signal, 'abort').length;
const video = { kind: 'video' as const, model: 'bytedance/omnihuman' };

describe('every wait on an item\'s stop signal removes its listener when it ends', () => {
	test('waiting for room under Max Spend per Execution, admitted each time', async () => {
		const ledger = new SpendLedger({});
		const item = new AbortController().signal;
		const other = new AbortController().signal;
		for (let wait = 0; wait < WAITS; wait++) {
			// Another item's request goes first (its model's price is not known yet): this one waits for its charge.
			const first = await ledger.admit([{ ...video, model: `model-${wait}` }], 1000, other);
			if (!first.ok) throw new Error('the first request of a model goes alone, and fits');
			const waiting = ledger.admit([{ ...video, model: `model-${wait}` }], 1000, item);
			expect(listeners(item)).toBe(1);
			first.admission.settle('video', { key: `job-${wait}`, entry: { ...video, model: `model-${wait}`, usd: 1, runIndex: 0 } });
			const admitted = await waiting;
			if (admitted.ok) admitted.admission.release();
		}
		expect(listeners(item)).toBe(0);
		expect(listeners(other)).toBe(0);
	});

	test('waiting for a turn from the pacer, granted each time', async () => {
		const pacer = new RequestPacer({ now: () => 0, sleep: async () => {} }, { maxInFlight: 1, firstBackoffMs: 1000, maxBackoffMs: 60_000 });
		const item = new AbortController().signal;
		for (let wait = 0; wait < WAITS; wait++) {
			const holder = await pacer.acquire(new AbortController().signal, Number.POSITIVE_INFINITY);
			const waiting = pacer.acquire(item, Number.POSITIVE_INFINITY);
			expect(listeners(item)).toBe(1);
			if (typeof holder === 'object') holder.release({ rateLimited: false });
			const turn = await waiting;
			if (typeof turn === 'object') turn.release({ rateLimited: false });
		}
		expect(listeners(item)).toBe(0);
	});

	test('sleeping between polls, each sleep run out', async () => {
		const item = new AbortController().signal;
		for (let wait = 0; wait < WAITS; wait++) await abortableSleep(1, item);
		expect(listeners(item)).toBe(0);
	});
});
