// Renewals and endings: what happens next to an active subscription, and when. Pure, shared by the
// use case (server/features/subscriptions/upcoming-renewals.ts), the renewals page and its CSV.
//
// - "cancels": a cancellation is scheduled (`cancelAt`, the end of the term or billing period);
// - "renews": the term ends at `termEnd` and the billing provider renews it by itself (Stripe's
//   subscriptions roll on, and its events move the term on);
// - "ends": the term ends at `termEnd` and nothing renews it (the builtin provider and Zuora):
//   it expires then unless a renew order is placed first (scheduled-expiries.ts).
import type { BillingPeriod, BillingProviderKind, SubscriptionStatus } from "./enums";
import { multiplyRatio, sumMinor } from "./money";

export const RENEWAL_KINDS = ["renews", "ends", "cancels"] as const;
export type RenewalKind = (typeof RENEWAL_KINDS)[number];

/** How far ahead the list looks, in days; the first is the default. */
export const RENEWAL_WINDOWS = [30, 60, 90] as const;
export type RenewalWindow = (typeof RENEWAL_WINDOWS)[number];
export const DEFAULT_RENEWAL_WINDOW: RenewalWindow = 30;

export const RENEWAL_KIND_LABELS: Record<RenewalKind, string> = {
  renews: "Renews",
  ends: "Ends",
  cancels: "Cancels",
};

export function isRenewalKind(value: unknown): value is RenewalKind {
  return (RENEWAL_KINDS as readonly unknown[]).includes(value);
}

export function renewalWindowOf(value: unknown): RenewalWindow | undefined {
  return RENEWAL_WINDOWS.find((w) => String(w) === String(value));
}

/** The billing providers whose termed subscriptions renew without a renew order. */
export const RENEWING_PROVIDERS: readonly BillingProviderKind[] = ["stripe"];

/** What happens at the end of a subscription that is not cancelled: renewed, or left to end. */
export function termEndKind(provider: BillingProviderKind | null): "renews" | "ends" {
  return provider && RENEWING_PROVIDERS.includes(provider) ? "renews" : "ends";
}

/** One row of the renewals list. Amounts are integer minor units in `currency`. */
export type RenewalView = {
  reference: string;
  kind: RenewalKind;
  /** When it happens (ISO date-time): `cancelAt` for a cancellation, else `termEnd`. */
  at: string;
  status: SubscriptionStatus;
  currency: string;
  termEnd: string | null;
  cancelReason: string | null;
  customer: { owner: string; email: string; name: string };
  offers: { id: string; name: string; quantity: number }[];
  /** The recurring amount per billing period at list price (before discounts and tax). */
  amounts: { period: "month" | "year"; amount: number }[];
};

/** The recurring amounts of a subscription's live items, one per billing period (one-off fees left out). */
export function amountsPerPeriod(
  items: readonly { unitAmount: number; quantity: number; billingPeriod: BillingPeriod }[],
): RenewalView["amounts"] {
  const amounts: RenewalView["amounts"] = [];
  for (const period of ["month", "year"] as const) {
    const lines = items.filter((i) => i.billingPeriod === period);
    if (lines.length === 0) continue;
    amounts.push({
      period,
      amount: sumMinor(lines.map((i) => multiplyRatio(i.unitAmount, i.quantity, 1))),
    });
  }
  return amounts;
}
