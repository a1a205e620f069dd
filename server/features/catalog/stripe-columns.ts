// How a discount code's Stripe coupons are stored: two nullable columns, set together by the
// Stripe catalogue sync (the same id twice unless the code lasts a number of billing periods).
import type { StripeCouponRefs } from "../../infra/billing/billing-provider";

export const stripeCouponColumnsSelect = { stripeCouponIdMonthly: true, stripeCouponIdYearly: true } as const;

export type StripeCouponColumns = {
  stripeCouponIdMonthly: string | null;
  stripeCouponIdYearly: string | null;
};

export function stripeCouponsOf(row: StripeCouponColumns): StripeCouponRefs | null {
  const { stripeCouponIdMonthly: monthly, stripeCouponIdYearly: yearly } = row;
  return monthly && yearly ? { monthly, yearly } : null;
}

export function stripeCouponColumnsFor(refs: StripeCouponRefs): StripeCouponColumns {
  return { stripeCouponIdMonthly: refs.monthly, stripeCouponIdYearly: refs.yearly };
}
