import { cancelledError, earlierOutcomeUnknown, failureError } from '../errors';
import type { ItemOptions } from '../helpers/options';
import type { ItemRun, PaidRequest } from '../nodeRun';
import type { ItemPlan } from '../spend/types';
import { paidRequestPolicy } from '../transport/paidRequestPolicy';
import { synthesizeSpeech } from '../transport/speech';
import { speechModelOf } from './script';
import { readSpeechAnswer, type Speech } from './speechAnswer';

/**
 * The speech synthesis, once: never re-sent on an unknown outcome, paced with the creates, reused by a
 * retried item, and admitted under Max Spend per Execution together with the video it is for (`plan`).
 */
export async function synthesizeOnce(
	run: ItemRun,
	body: Record<string, unknown>,
	{ key, earlier, remember }: PaidRequest,
	options: ItemOptions,
	plan: (limitUsd: number) => Promise<ItemPlan>,
): Promise<Speech> {
	if (earlier?.kind === 'speech')
		return { audioUrl: earlier.audioUrl, ...(earlier.usage && { usage: earlier.usage }) };
	if (earlier?.kind === 'unknown')
		throw earlierOutcomeUnknown(run, earlier.message, 'speech synthesis');
	await run.spend.admit(plan, options.maxSpendUsd);
	const { clientRequestId } = run.origin('speech');
	const policy = paidRequestPolicy(options, run.clock.now(), clientRequestId);
	const result = await synthesizeSpeech(
		run.send,
		body,
		policy,
		run.turns.paid,
		run.clock.now,
		readSpeechAnswer,
	);
	const model = speechModelOf(body);
	if (!result.ok) {
		if (result.failure.jobMayExist) run.spend.outcomeUnknown('speech', key, model);
		else run.spend.notCharged('speech', result.failure);
		if (result.failure.kind === 'cancelled') throw cancelledError(run);
		const error = failureError(run, {
			...result.failure,
			message: `Speech synthesis: ${result.failure.message}`,
		});
		if (result.failure.jobMayExist) remember({ kind: 'unknown', message: error.message });
		throw error;
	}
	run.spend.paid('speech', key, model, result.value.usage);
	remember({ kind: 'speech', ...result.value });
	return result.value;
}
