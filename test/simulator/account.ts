import type { Charge } from './billing';

/**
 * The account behind the simulator's key (`GET /v2/billing`): its balance goes down with every charge; a
 * paid request the balance cannot cover is refused with 403 and makes nothing. A job that fails is not
 * charged: its hold comes back to the balance once it has failed.
 */
export const OUT_OF_CREDITS = "You've run out of credits. Please top up your balance to continue.";

/** Enough for every test and benchmark that does not set its own. */
export const DEFAULT_BALANCE_USD = 10_000;

const roundUsd = (usd: number) => Math.round(usd * 1e8) / 1e8;

export class Account {
	private funds: number;

	private holds: Array<{ usd: number; releasedAt: number }> = [];

	constructor(balance = DEFAULT_BALANCE_USD) {
		this.funds = balance;
	}

	/** The balance at `now`: funds less every charge, with the holds of jobs failed by then given back. */
	balanceAt(now = Date.now()): number {
		const released = this.holds.filter((hold) => hold.releasedAt <= now);
		if (released.length > 0) {
			this.holds = this.holds.filter((hold) => hold.releasedAt > now);
			this.funds = roundUsd(released.reduce((sum, hold) => sum + hold.usd, this.funds));
		}
		return this.funds;
	}

	/** Sets the balance (a top-up, or 0 for "out of credits"); pending holds are forgotten. */
	set(balance: number) {
		this.funds = balance;
		this.holds = [];
	}

	/**
	 * Takes `charge` when the balance covers it; false (and nothing taken) otherwise, and always at a
	 * balance of 0 or less. `failsAt`: the job fails then, and the charge comes back.
	 */
	pay(charge: Charge, failsAt?: number): boolean {
		const balance = this.balanceAt();
		if (balance <= 0 || balance + 1e-9 < charge.usd) return false;
		this.funds = roundUsd(balance - charge.usd);
		if (failsAt !== undefined) this.holds.push({ usd: charge.usd, releasedAt: failsAt });
		return true;
	}
}
