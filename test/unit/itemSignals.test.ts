import { ItemSignals } from '../../nodes/OmniHuman/itemSignals';

test('aborting the run aborts every open item signal, with one listener on the run signal', () => {
	const run = new AbortController();
	let listeners = 0;
	const add = run.signal.addEventListener.bind(run.signal);
	run.signal.addEventListener = ((...args: Parameters<typeof add>) => {
		listeners++;
		add(...args);
	}) as typeof add;
	const signals = new ItemSignals(run.signal);
	const itemSignals = Array.from({ length: 50 }, () => signals.create());
	expect(listeners).toBe(1);
	run.abort(new Error('stopped'));
	expect(itemSignals.every((itemSignal) => itemSignal.signal.aborted)).toBe(true);
	expect((itemSignals[0].signal.reason as Error).message).toBe('stopped');
});

test('a closed item is not aborted later; an item opened after the abort starts aborted', () => {
	const run = new AbortController();
	const signals = new ItemSignals(run.signal);
	const closed = signals.create();
	closed.release();
	run.abort();
	expect(closed.signal.aborted).toBe(false);
	expect(signals.create().signal.aborted).toBe(true);
});
