import { runBounded } from '../../nodes/OmniHuman/pool';

const tick = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

test('never runs more than the limit at once, and keeps input order', async () => {
	let running = 0;
	let peak = 0;
	const results = await runBounded(
		12,
		async (index) => {
			running++;
			peak = Math.max(peak, running);
			await tick(((index * 7) % 5) + 1);
			running--;
			return index * 10;
		},
		{ limit: 3, stopOnFirstError: false },
	);
	expect(peak).toBe(3);
	expect(results).toEqual(Array.from({ length: 12 }, (_, index) => ({ ok: true, value: index * 10 })));
});

test('reaches the limit (parallel, not sequential)', async () => {
	let peak = 0;
	let running = 0;
	await runBounded(
		5,
		async () => {
			peak = Math.max(peak, ++running);
			await tick(5);
			running--;
		},
		{ limit: 10, stopOnFirstError: false },
	);
	expect(peak).toBe(5);
});

test('keeps going after failures when asked, each result in its place', async () => {
	const results = await runBounded(
		4,
		async (index) => {
			if (index % 2) throw new Error(`bad ${index}`);
			return index;
		},
		{ limit: 2, stopOnFirstError: false },
	);
	expect(results.map((result) => (result?.ok ? result.value : (result?.error as Error).message))).toEqual([0, 'bad 1', 2, 'bad 3']);
});

test('stops starting tasks after the first failure and reports it once', async () => {
	const started: number[] = [];
	const firstErrors: number[] = [];
	const results = await runBounded(
		10,
		async (index) => {
			started.push(index);
			await tick(2);
			if (index === 1) throw new Error('bad');
			return index;
		},
		{ limit: 2, stopOnFirstError: true, onFirstError: (_error, index) => firstErrors.push(index) },
	);
	expect(firstErrors).toEqual([1]);
	expect(started.length).toBeLessThanOrEqual(3);
	expect(results.slice(4).every((result) => result === undefined)).toBe(true);
});

test('treats a limit below 1 as 1 and handles no items', async () => {
	let peak = 0;
	let running = 0;
	await runBounded(
		3,
		async () => {
			peak = Math.max(peak, ++running);
			await tick(1);
			running--;
		},
		{ limit: 0, stopOnFirstError: false },
	);
	expect(peak).toBe(1);
	expect(await runBounded(0, async () => 1, { limit: 5, stopOnFirstError: false })).toEqual([]);
});
