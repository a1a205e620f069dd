// How a discount code turns into per-line discount amounts for one billing period.
//   percent: the period's discount is percentOff % of the period's gross, rounded once (money.ts)
//            and spread over the lines by largest remainder, so lines add up to the rounded total.
//   amount:  amountOff per billing period, capped at the period's gross (a discount never makes
//            anything negative), spread over the lines by largest remainder weighted by gross.
// Because each share is at most its weight, no line's discount exceeds that line's gross.
// durationPeriods = N applies the discount to the first N billing periods of the schedule (the
// first invoice is period 1, even when it is prorated); null applies it to every period.

import { allocate, assertNonNegativeMinorUnits, percentOf, sumMinor } from "./money";

export type PricingDiscount =
  | { kind: "percent"; percentOff: number; durationPeriods: number | null; code?: string }
  | { kind: "amount"; amountOff: number; durationPeriods: number | null; code?: string };

export function assertValidDiscount(discount: PricingDiscount): void {
  if (discount.kind === "percent") {
    if (!Number.isInteger(discount.percentOff) || discount.percentOff < 1 || discount.percentOff > 100) {
      throw new RangeError(`percentOff must be a whole number from 1 to 100, got ${discount.percentOff}`);
    }
  } else {
    assertNonNegativeMinorUnits(discount.amountOff, "amountOff");
  }
  const { durationPeriods } = discount;
  if (durationPeriods !== null && (!Number.isInteger(durationPeriods) || durationPeriods < 1)) {
    throw new RangeError(`durationPeriods must be a positive integer or null, got ${durationPeriods}`);
  }
}

/** periodIndex is 0 for the first invoice. */
export function discountAppliesToPeriod(discount: PricingDiscount, periodIndex: number): boolean {
  return discount.durationPeriods === null || periodIndex < discount.durationPeriods;
}

/** Discount per line for one billing period, given each billed line's gross amount. */
export function discountForPeriod(
  discount: PricingDiscount | null | undefined,
  grossAmounts: readonly number[],
  periodIndex: number,
): number[] {
  if (!discount || !discountAppliesToPeriod(discount, periodIndex)) return grossAmounts.map(() => 0);
  const gross = sumMinor(grossAmounts, "period gross");
  const total =
    discount.kind === "percent" ? percentOf(gross, discount.percentOff) : Math.min(discount.amountOff, gross);
  return allocate(total, grossAmounts);
}
