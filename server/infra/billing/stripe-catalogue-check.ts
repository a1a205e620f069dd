// Which Stripe price an order line names and which coupon its discount code does: the ids the
// Stripe catalogue sync stored with the catalogue (stripe-catalogue-sync.ts), carried on the
// provider request. An order that needs one that was never synced is refused here, as an
// eligibility problem the partner can read, before Stripe is asked: previews and submits create
// nothing at Stripe. The same goes for the tax rate of the order's country (STRIPE_TAX=rates),
// which the sync makes too: an order whose rate Stripe does not have is refused once the look-up
// (a read) says so, before anything is previewed or created (stripe-provider.ts).
import { DomainError } from "../../domain/domain-error";
import type { EligibilityProblem } from "../../domain/eligibility-codes";
import type { ProviderOrderRequest } from "./billing-provider";
import { couponBasisFor } from "./stripe-catalogue-ids";

/** The order types that add the order's lines (and its discount) to Stripe. */
const ADDS_ITEMS = new Set<ProviderOrderRequest["orderType"]>(["new", "add_offer", "change_offer"]);

export function addsStripeItems(request: ProviderOrderRequest): boolean {
  return ADDS_ITEMS.has(request.orderType);
}

/** The coupon of the order's discount code for the order's lines; null without a code. */
export function stripeCouponIdFor(request: ProviderOrderRequest): string | null {
  const coupons = request.discount?.stripeCoupons;
  if (!request.discount || !coupons) return null;
  return couponBasisFor(request.lines) === "month" ? coupons.monthly : coupons.yearly;
}

function unsyncedProblems(request: ProviderOrderRequest): EligibilityProblem[] {
  // Renewals and cancellations change the subscription Stripe has, naming no price or coupon.
  if (!addsStripeItems(request)) return [];
  const problems: EligibilityProblem[] = [];
  request.lines.forEach((line, index) => {
    if (line.offer.stripePriceId) return;
    problems.push({
      code: "OFFER_NOT_MAPPED_AT_PROVIDER",
      path: `orderItems.${index}.offer.id`,
      message: `Offer "${line.offer.id}" (version ${line.offer.version}, ${request.currency}) is not set up in Stripe yet, so it cannot be billed there.`,
    });
  });
  if (request.discount && !stripeCouponIdFor(request)) {
    problems.push({
      code: "DISCOUNT_NOT_MAPPED_AT_PROVIDER",
      path: "orderDiscount.code",
      message: `Discount code "${request.discount.code}" is not set up in Stripe yet, so it cannot be applied there.`,
    });
  }
  return problems;
}

/** Refused before asking Stripe: every line needs its price, the discount its coupon. */
export function assertSyncedToStripe(request: ProviderOrderRequest): void {
  const problems = unsyncedProblems(request);
  if (problems.length === 0) return;
  throw new DomainError(
    "INELIGIBLE",
    `The order is not eligible: ${problems.map((p) => p.message).join(" ")}`,
    { problems },
  );
}

/** The command that makes what an order found missing at Stripe. */
export const STRIPE_SYNC_COMMAND = "catalog sync-stripe";

/**
 * STRIPE_TAX=rates and Stripe has no tax rate for the order's country and rate: the sync was not
 * run since TAX_RATES gained it. Refused before Stripe is asked, as an unsynced offer is, with
 * the same remedy.
 */
export function missingTaxRateError(country: string, rateBps: number): DomainError {
  const message = `Stripe has no tax rate for ${country.toUpperCase()} at ${rateBps / 100} % yet, so the order's tax cannot be billed there; the portal's operator sets it up with \`${STRIPE_SYNC_COMMAND}\`.`;
  return new DomainError("INELIGIBLE", `The order is not eligible: ${message}`, {
    problems: [{ code: "TAX_RATE_NOT_MAPPED_AT_PROVIDER", path: "country", message }],
  });
}
