import type { SendRequest } from './exchange';

export const BILLING_PATH = '/v2/billing';

/** `GET /v2/billing`: the account's balance, or undefined where the key cannot read it (or the service is down). */
export async function readBalance(send: SendRequest): Promise<{ usd: number } | undefined> {
	const exchange = await send({ method: 'GET', url: BILLING_PATH, timeoutMs: 15_000 });
	if (exchange.kind !== 'response' || exchange.statusCode < 200 || exchange.statusCode >= 300)
		return undefined;
	const body = exchange.body as { current_balance?: unknown; currency?: unknown } | undefined;
	const usd = Number(body?.current_balance);
	if (!Number.isFinite(usd)) return undefined;
	if (body?.currency !== undefined && String(body.currency).toUpperCase() !== 'USD')
		return undefined;
	return { usd };
}
