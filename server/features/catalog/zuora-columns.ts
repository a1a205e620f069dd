// How an offer's or a discount code's Zuora ids are stored: two nullable columns, set together
// (the catalogue file, `catalog map-zuora`) or both null (not mapped).
import type { ZuoraRatePlanRef } from "../../infra/billing/billing-provider";

export const zuoraColumnsSelect = {
  zuoraProductRatePlanId: true,
  zuoraProductRatePlanChargeId: true,
} as const;

export type ZuoraColumns = {
  zuoraProductRatePlanId: string | null;
  zuoraProductRatePlanChargeId: string | null;
};

export function zuoraRefOf(row: ZuoraColumns): ZuoraRatePlanRef | null {
  const { zuoraProductRatePlanId: productRatePlanId, zuoraProductRatePlanChargeId: productRatePlanChargeId } =
    row;
  return productRatePlanId && productRatePlanChargeId ? { productRatePlanId, productRatePlanChargeId } : null;
}

export function zuoraColumnsFor(ref: ZuoraRatePlanRef | null): ZuoraColumns {
  return {
    zuoraProductRatePlanId: ref?.productRatePlanId ?? null,
    zuoraProductRatePlanChargeId: ref?.productRatePlanChargeId ?? null,
  };
}
