import type { GenerationUsage } from '../generation';
import { chargeOfHeaders, usageOf } from '../spend/charge';
import type { HttpHeaders } from './exchange';

export interface CreatePolicy {
	timeoutMs: number;
	/** While the service answers 429, the item waits its turn until this time (ms since epoch), then gives up. */
	rateLimitDeadline: number;
	/** The same budget in seconds, for the message. */
	rateLimitBudgetSeconds: number;
	/** Sent as `X-Client-Request-Id`: ties the charge in the usage logs to its workflow, execution and item. */
	clientRequestId?: string;
}

/** How a paid request (create, speech) may wait through rate limits, from `now` on. */
export function paidRequestPolicy(
	limits: { requestTimeoutMs: number; maxRateLimitWaitMs: number },
	now: number,
	clientRequestId?: string,
): CreatePolicy {
	return {
		timeoutMs: limits.requestTimeoutMs,
		rateLimitDeadline: now + limits.maxRateLimitWaitMs,
		rateLimitBudgetSeconds: limits.maxRateLimitWaitMs / 1000,
		...(clientRequestId && { clientRequestId }),
	};
}

/** The paid request's headers: its client request id, when it has one. */
export function paidRequestHeaders(policy: CreatePolicy): Record<string, string> | undefined {
	return policy.clientRequestId ? { 'X-Client-Request-Id': policy.clientRequestId } : undefined;
}

/** The usage an answer reports, from its body, else from the `x-aimlapi-*` headers. */
export function usageOfAnswer(
	bodyUsage: GenerationUsage | undefined,
	headers: HttpHeaders,
): GenerationUsage | undefined {
	if (bodyUsage) return bodyUsage;
	const charge = chargeOfHeaders(headers);
	return charge && usageOf(charge);
}
