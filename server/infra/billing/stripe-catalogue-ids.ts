// Deterministic Stripe ids for catalogue objects, so the provider can find what it created before
// without storing anything: one Stripe product per offer, one coupon per discount code and terms.
// Prices are not stored at all: every item is sent with price_data (the catalogue unit amount in
// the order currency), so a catalogue change never needs a Stripe migration.
import { createHash } from "node:crypto";
import type Stripe from "stripe";
import type { ProviderDiscount, ProviderOfferLine } from "./billing-provider";

const SAFE_ID = /^[A-Za-z0-9_-]{1,60}$/;

function shortHash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 16);
}

/** Offer ids are lower-case letters, digits, '.', '_' and '-'; anything else is hashed. */
export function stripeProductIdFor(offerId: string): string {
  return SAFE_ID.test(offerId) ? `po_offer_${offerId}` : `po_offer_${shortHash(offerId)}`;
}

/**
 * Months a coupon lasts for `durationPeriods` billing periods of the order's shortest recurring
 * period (monthly if any line is monthly, else yearly), matching how the domain counts periods.
 */
export function couponDuration(
  discount: ProviderDiscount,
  lines: readonly ProviderOfferLine[],
): Pick<Stripe.CouponCreateParams, "duration" | "duration_in_months"> {
  const periods = discount.durationPeriods;
  if (periods === null) return { duration: "forever" };
  if (periods === 1) return { duration: "once" };
  const hasMonthly = lines.some((line) => line.offer.billingPeriod === "month");
  return { duration: "repeating", duration_in_months: periods * (hasMonthly ? 1 : 12) };
}

export function couponParamsFor(
  discount: ProviderDiscount,
  currency: string,
  lines: readonly ProviderOfferLine[],
): Stripe.CouponCreateParams & { id: string } {
  const value =
    discount.kind === "percent"
      ? { percent_off: discount.percentOff ?? 0 }
      : { amount_off: discount.amountOff ?? 0, currency: currency.toLowerCase() };
  const duration = couponDuration(discount, lines);
  // The terms are part of the id: an edited code gets a new coupon instead of silently reusing
  // one with the old terms.
  const terms = JSON.stringify({ code: discount.code, ...value, ...duration });
  const code = discount.code.replace(/[^A-Za-z0-9_-]/g, "").slice(0, 30);
  return {
    id: `po_${code}_${shortHash(terms)}`,
    name: discount.code.slice(0, 40),
    ...value,
    ...duration,
    metadata: { discount_code: discount.code },
  };
}
