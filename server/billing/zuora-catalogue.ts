// How catalogue offers and discount codes are found in Zuora's product catalogue. The convention
// of this deployment: each offer is one Zuora product rate plan whose id is the offer's
// productCode, with one per-unit charge whose id is "<productCode>-charge"; a discount code is the
// rate plan "discount-percent" or "discount-amount" with the code's value as a charge override.
// Zuora is the price authority here: no list price is overridden, so the preview shows what Zuora
// will invoice. A tenant with generated ids replaces these two functions with a lookup table.
import type { ProviderDiscount, ProviderOfferLine } from "./billing-provider";

export type ZuoraRatePlanRef = { productRatePlanId: string; productRatePlanChargeId: string };

export function zuoraRatePlanFor(offer: ProviderOfferLine["offer"]): ZuoraRatePlanRef {
  return { productRatePlanId: offer.productCode, productRatePlanChargeId: `${offer.productCode}-charge` };
}

export function zuoraDiscountPlanFor(discount: ProviderDiscount): ZuoraRatePlanRef {
  const id = discount.kind === "percent" ? "discount-percent" : "discount-amount";
  return { productRatePlanId: id, productRatePlanChargeId: `${id}-charge` };
}
