import { NodeOperationError } from 'n8n-workflow';

import { cancelledError, redact, type ItemScope } from '../errors';
import type { GenerationUsage } from '../generation';
import type { ApiFailure } from '../transport/failure';
import type { PaidKind } from './clientRequestId';
import { chargeOfUsage } from './charge';
import type { Admission, AdmitResult } from './admission';
import type { AdmissionTurns } from './admissionTurns';
import type { ItemPlan, PlannedRequest } from './types';
import type { SpendLedger } from './spendLedger';

/**
 * One item's side of the spend ledger: admitted once under the limit before its first paid request
 * (reserving room for all it will pay for), each paid request settled as it answers, the rest released
 * when the item ends.
 */
export class ItemSpend {
	private admission?: Admission;

	constructor(
		private readonly ledger: SpendLedger,
		private readonly scope: ItemScope,
		private readonly runIndex: number,
		private readonly signal: AbortSignal,
		private readonly turns?: AdmissionTurns,
	) {}

	/**
	 * Waits for room under `limitUsd` for `plan`, or throws the refusal: nothing is sent then. A plan on an
	 * upper bound goes on it while it fits beside what was spent; once it never could, the item holds its
	 * turn while it is priced exactly (and the items after it start reading their audio). Without a limit
	 * nothing is priced: `plan` is not called.
	 */
	async admit(
		plan: (limitUsd: number) => Promise<ItemPlan>,
		limitUsd: number | undefined,
	): Promise<void> {
		if (this.admission) return;
		let requests: PlannedRequest[] = [];
		if (limitUsd !== undefined) {
			const planned = await plan(limitUsd);
			const { exact } = planned;
			requests = planned.requests;
			await this.turns?.wait(this.scope.itemIndex, this.signal, planned.readAhead);
			if (exact) {
				const onBound = await this.ledger.admit(requests, limitUsd, this.signal, 'upper');
				if (!this.exactNeeded(onBound)) {
					if (onBound.ok && this.nearLimit(onBound.admission.heldUsd(), limitUsd))
						this.turns?.readAheadAfter(this.scope.itemIndex);
					this.passTurn();
					return this.admitted(onBound, limitUsd);
				}
				if (planned.least) {
					const atLeast = await this.ledger.admit(planned.least, limitUsd, this.signal, 'lower');
					if (!this.exactNeeded(atLeast)) {
						this.passTurn();
						return this.admitted(atLeast, limitUsd);
					}
				}
				this.turns?.readAheadAfter(this.scope.itemIndex);
				requests = await exact();
			}
		}
		const deciding = this.ledger.admit(requests, limitUsd, this.signal);
		this.passTurn();
		this.admitted(await deciding, limitUsd);
	}

	private exactNeeded(result: AdmitResult): boolean {
		return !result.ok && !result.cancelled && result.exactNeeded === true;
	}

	/**
	 * What was charged and is held (this item's worst case among it) leaves no room for one more worst case:
	 * the next items will wait for charges and may need their exact price, so they start reading their audio
	 * now (the reads are done when their turns come; far from the limit nothing is read).
	 */
	private nearLimit(heldUsd: number, limitUsd: number): boolean {
		return this.ledger.committedUsd + heldUsd > limitUsd;
	}

	/** Keeps the admission, or throws the refusal. */
	private admitted(result: AdmitResult, limitUsd: number | undefined) {
		if (result.ok) {
			this.admission = result.admission;
			return;
		}
		if (result.cancelled) throw cancelledError(this.scope);
		if (result.outOfCredits) {
			const error = new NodeOperationError(
				this.scope.node,
				redact(result.reason, this.scope.secret),
				{
					itemIndex: this.scope.itemIndex,
					description: 'Nothing was sent for this item.',
				},
			);
			error.context.outOfCredits = true;
			throw error;
		}
		const error = new NodeOperationError(
			this.scope.node,
			redact(result.reason, this.scope.secret),
			{
				itemIndex: this.scope.itemIndex,
				description:
					"Nothing was sent for this item. Raise Max Spend per Execution (in the node's options), or run the remaining items in a new execution.",
			},
		);
		error.context.spendLimitUsd = limitUsd;
		error.context.spendLimitRefused = true;
		throw error;
	}

	/** A paid request answered: its charge as the service reported it (in the body or the headers), counted once. */
	paid(
		kind: PaidKind,
		key: string,
		model: string,
		usage: GenerationUsage | undefined,
		generationId?: string,
	) {
		const listed = this.admission?.listedPrice(kind);
		if (chargeOfUsage(usage) || listed === undefined)
			return this.settle(kind, key, model, usage, generationId);
		// No charge reported, but the price list priced it: counted at that price, so the limit still holds.
		this.settle(kind, key, model, { usdSpent: listed }, generationId, true);
	}

	/**
	 * A paid request that made nothing (refused, rate limited to the end). When the service said the account
	 * has no credits left, nothing more is sent in this execution.
	 */
	notCharged(kind: PaidKind, failure?: ApiFailure) {
		if (failure?.outOfCredits) this.ledger.outOfCredits(failure.message);
		this.admission?.settle(kind, 'not-charged');
	}

	/**
	 * Prices the item's request of this kind again, now that it is known better (its speech was made and
	 * measured); false when it no longer fits under the limit.
	 */
	reprice(plan: PlannedRequest): boolean {
		return this.admission?.reprice(plan) ?? true;
	}

	/** A paid request whose outcome is unknown: it may have been charged what was reserved for it. */
	outcomeUnknown(kind: PaidKind, key: string, model: string) {
		const reserved = this.admission?.reserved(kind);
		this.settle(kind, key, model, reserved === undefined ? undefined : { usdSpent: reserved });
	}

	/** Records a paid request's charge in the ledger, in place of what the item reserved for it. */
	private settle(
		kind: PaidKind,
		key: string,
		model: string,
		usage: GenerationUsage | undefined,
		generationId?: string,
		unreported = false,
	) {
		const charge = chargeOfUsage(usage);
		const entry = {
			kind,
			model,
			runIndex: this.runIndex,
			...(generationId && { generationId }),
			...(charge && { usd: charge.usd, credits: charge.credits }),
			...(unreported && { unreported }),
		};
		if (this.admission) this.admission.settle(kind, { key, entry });
		else this.ledger.record(key, entry);
	}

	/**
	 * A job found again, counted once under the request it was made for: an earlier try's (its charge as
	 * reported then), or a crashed execution's found in the usage logs (`paidBefore`).
	 */
	resumed(
		key: string,
		model: string,
		generationId: string,
		usage: GenerationUsage | undefined,
		paidBefore = false,
	) {
		this.passTurn();
		if (this.ledger.has(key)) return;
		const charge = chargeOfUsage(usage);
		this.ledger.record(key, {
			kind: 'video',
			model,
			runIndex: this.runIndex,
			generationId,
			...(charge && { usd: charge.usd, credits: charge.credits }),
			...(paidBefore && { paidBefore }),
		});
	}

	/** A completed job may report its charge again: the same charge, corrected if it differs. */
	completed(generationId: string, usage: GenerationUsage | undefined) {
		const charge = chargeOfUsage(usage);
		if (charge) this.ledger.recordCompletion(generationId, charge);
	}

	/** This item will not ask for room (it resumed what was paid before, or it ended): the next item may. */
	passTurn() {
		this.turns?.pass(this.scope.itemIndex);
	}

	release() {
		this.passTurn();
		this.admission?.release();
	}
}
