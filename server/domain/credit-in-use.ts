// Credit in use: how much of a partner's credit limit its recent orders take up, per currency.
//
// The portal never learns when an invoice is paid, so "in use" cannot be the unpaid balance. It
// is what the partner ordered (orders that did not fail) over the last CREDIT_WINDOW_DAYS days:
// on the usual 30-day payment terms, the invoices that are not yet due. The limit is one number of
// minor units that the order check applies in the order's own currency, so each currency is
// compared with it on its own, never converted or added up.
//
// This is advice for partner staff (a meter on the dashboard, a warning before placing an order);
// the rule that refuses an order stays the per-order check in eligibility.ts.

export const CREDIT_WINDOW_DAYS = 30;

export type CreditInUse = {
  /** The partner's credit limit in minor units of each currency. */
  limit: number;
  /** The first UTC day ("YYYY-MM-DD") counted. */
  since: string;
  /** Every currency with orders in the window, and the partner's default currency; sorted. */
  currencies: { currency: string; inUse: number }[];
};

export type CreditOutlook = {
  currency: string;
  inUse: number;
  /** In use once this order is placed. */
  after: number;
  limit: number;
  /** The order would take credit in use above the limit. */
  over: boolean;
};

/** What placing an order of `total` in `currency` would do to credit in use; null without a limit. */
export function creditOutlook(
  credit: CreditInUse | null,
  currency: string,
  total: number,
): CreditOutlook | null {
  if (!credit) return null;
  const inUse = credit.currencies.find((c) => c.currency === currency)?.inUse ?? 0;
  // A cancellation can total below zero; it frees credit, but never below none in use.
  const after = Math.max(0, inUse + total);
  return { currency, inUse, after, limit: credit.limit, over: after > credit.limit };
}

/** Share of the limit in use, 0-100 and beyond, whole percent (a limit of 0 is full at once). */
export function creditShare(inUse: number, limit: number): number {
  if (limit <= 0) return inUse > 0 ? 100 : 0;
  return Math.floor((inUse * 100) / limit);
}
