// Proration for changes in the middle of a billing period: the new line is charged for the part
// of the period that is left, the replaced line is credited for the part that is unused. Both use
// the same fraction, kept as an exact rational so the only rounding is the one in money.ts.
// Fractions from dates count whole UTC days, and the change day itself counts as remaining (a
// change on the last day of a period still charges that day).

import { addMonthsUtc, assertValidDate, calendarMonthsBetween, utcDayNumber } from "./dates";
import { multiplyRatio } from "./money";

export interface Fraction {
  numerator: number;
  denominator: number;
}

export interface ProrationDates {
  periodStart: Date;
  periodEnd: Date;
  changeDate: Date;
}

/** Either an exact fraction of the period, or the dates it is computed from. */
export type ProrationSpec = Fraction | ProrationDates;

export const FULL_PERIOD: Fraction = Object.freeze({ numerator: 1, denominator: 1 });

function gcd(a: number, b: number): number {
  let x = Math.abs(a);
  let y = Math.abs(b);
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}

/** Validates 0 <= numerator <= denominator, denominator > 0, and reduces to lowest terms. */
export function normalizeFraction(fraction: Fraction): Fraction {
  const { numerator, denominator } = fraction;
  if (!Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator) || denominator <= 0) {
    throw new RangeError(
      `proration must be integers with a positive denominator, got ${numerator}/${denominator}`,
    );
  }
  if (numerator < 0 || numerator > denominator) {
    throw new RangeError(`proration must be between 0 and 1, got ${numerator}/${denominator}`);
  }
  if (numerator === 0) return { numerator: 0, denominator: 1 };
  const divisor = gcd(numerator, denominator);
  return { numerator: numerator / divisor, denominator: denominator / divisor };
}

/** The part of [periodStart, periodEnd) from changeDate on, in whole days; clamped to 0..1. */
export function remainingFraction({ periodStart, periodEnd, changeDate }: ProrationDates): Fraction {
  assertValidDate(periodStart, "periodStart");
  assertValidDate(periodEnd, "periodEnd");
  assertValidDate(changeDate, "changeDate");
  const start = utcDayNumber(periodStart);
  const end = utcDayNumber(periodEnd);
  if (end <= start) throw new RangeError("periodEnd must be at least one day after periodStart");
  const from = Math.min(Math.max(utcDayNumber(changeDate), start), end);
  return normalizeFraction({ numerator: end - from, denominator: end - start });
}

export function isProrationDates(spec: ProrationSpec): spec is ProrationDates {
  return "periodStart" in spec;
}

export function prorationFraction(spec: ProrationSpec): Fraction {
  return isProrationDates(spec) ? remainingFraction(spec) : normalizeFraction(spec);
}

export function isFullPeriod(fraction: Fraction): boolean {
  return fraction.numerator === fraction.denominator;
}

/** amount * fraction, rounded half away from zero. */
export function prorate(amount: number, fraction: Fraction): number {
  const { numerator, denominator } = normalizeFraction(fraction);
  return multiplyRatio(amount, numerator, denominator);
}

/**
 * The billing period that contains `at`, for periods of `periodMonths` counted from `anchor`
 * (anchor + k * periodMonths). Lets the service turn "change on this date" into ProrationDates.
 */
export function billingPeriodContaining(
  anchor: Date,
  periodMonths: number,
  at: Date,
): { periodStart: Date; periodEnd: Date } {
  assertValidDate(anchor, "anchor");
  assertValidDate(at, "at");
  if (!Number.isInteger(periodMonths) || periodMonths <= 0) {
    throw new RangeError(`periodMonths must be a positive integer, got ${periodMonths}`);
  }
  let k = Math.max(0, Math.floor(calendarMonthsBetween(anchor, at) / periodMonths) - 1);
  while (addMonthsUtc(anchor, (k + 1) * periodMonths).getTime() <= at.getTime()) k += 1;
  return {
    periodStart: addMonthsUtc(anchor, k * periodMonths),
    periodEnd: addMonthsUtc(anchor, (k + 1) * periodMonths),
  };
}
