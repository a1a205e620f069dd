// Which Zuora product rate plan and charge an order line or a discount code stands for. Zuora
// generates these ids, so they are data: stored with each offer and discount code (the catalogue
// file, or `catalog map-zuora`, which finds them in the tenant's catalogue), and carried on the
// provider request. Each offer is one rate plan with one per-unit charge, which gets the order's
// quantity; a discount code is a discount rate plan whose charge gets the code's value. Zuora is
// the price authority: no list price is overridden, so the preview shows what Zuora will invoice.
//
// An order that needs an id it does not have is refused here, as an eligibility problem the
// partner can read, before Zuora is asked (asking would only get Zuora's "invalid product rate
// plan id", a 502).
import { DomainError } from "../../domain/domain-error";
import type { EligibilityProblem } from "../../domain/eligibility-codes";
import type {
  ProviderDiscount,
  ProviderOfferLine,
  ProviderOrderRequest,
  ZuoraRatePlanRef,
} from "./billing-provider";

export type { ZuoraRatePlanRef } from "./billing-provider";

export function zuoraRatePlanFor(offer: ProviderOfferLine["offer"]): ZuoraRatePlanRef | null {
  return offer.zuora ?? null;
}

export function zuoraDiscountPlanFor(discount: ProviderDiscount): ZuoraRatePlanRef | null {
  return discount.zuora ?? null;
}

/** The order types whose lines and discount Zuora is asked to subscribe to. */
const SUBSCRIBING = new Set<ProviderOrderRequest["orderType"]>(["new", "add_offer", "change_offer"]);

function unmappedProblems(request: ProviderOrderRequest): EligibilityProblem[] {
  // A cancellation names the subscription only (a compensation's carries the lines it undoes).
  if (request.orderType === "cancel") return [];
  const problems: EligibilityProblem[] = [];
  // A renewal subscribes to nothing, but its preview finds its lines by their charge ids.
  request.lines.forEach((line, index) => {
    if (zuoraRatePlanFor(line.offer)) return;
    problems.push({
      code: "OFFER_NOT_MAPPED_AT_PROVIDER",
      path: SUBSCRIBING.has(request.orderType) ? `orderItems.${index}.offer.id` : "forSubscription.reference",
      message: `Offer "${line.offer.id}" is not set up in Zuora yet, so it cannot be billed there.`,
    });
  });
  const { discount } = request;
  if (discount && SUBSCRIBING.has(request.orderType) && !zuoraDiscountPlanFor(discount)) {
    problems.push({
      code: "DISCOUNT_NOT_MAPPED_AT_PROVIDER",
      path: "orderDiscount.code",
      message: `Discount code "${discount.code}" is not set up in Zuora yet, so it cannot be applied there.`,
    });
  }
  return problems;
}

/** Refused before asking Zuora: every line and the discount must have their Zuora ids. */
export function assertMappedInZuora(request: ProviderOrderRequest): void {
  const problems = unmappedProblems(request);
  if (problems.length === 0) return;
  throw new DomainError(
    "INELIGIBLE",
    `The order is not eligible: ${problems.map((p) => p.message).join(" ")}`,
    { problems },
  );
}
