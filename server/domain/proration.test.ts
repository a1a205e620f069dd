import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toIsoDate } from "./dates";
import {
  billingPeriodContaining,
  normalizeFraction,
  prorate,
  prorationFraction,
  remainingFraction,
} from "./proration";

const d = (iso: string) => new Date(`${iso}T00:00:00Z`);

describe("proration", () => {
  it("counts remaining whole days, the change day included", () => {
    const period = { periodStart: d("2025-04-01"), periodEnd: d("2025-05-01") };
    expect(remainingFraction({ ...period, changeDate: d("2025-04-16") })).toEqual({
      numerator: 1,
      denominator: 2,
    });
    expect(remainingFraction({ ...period, changeDate: new Date("2025-04-30T18:00:00Z") })).toEqual({
      numerator: 1,
      denominator: 30,
    });
    expect(remainingFraction({ ...period, changeDate: d("2025-04-01") })).toEqual({
      numerator: 1,
      denominator: 1,
    });
    expect(remainingFraction({ ...period, changeDate: d("2025-03-01") })).toEqual({
      numerator: 1,
      denominator: 1,
    });
    expect(remainingFraction({ ...period, changeDate: d("2025-05-01") })).toEqual({
      numerator: 0,
      denominator: 1,
    });
  });

  it("refuses malformed fractions and periods", () => {
    expect(() => normalizeFraction({ numerator: 2, denominator: 1 })).toThrow(RangeError);
    expect(() => normalizeFraction({ numerator: -1, denominator: 2 })).toThrow(RangeError);
    expect(() => normalizeFraction({ numerator: 1, denominator: 0 })).toThrow(RangeError);
    expect(() =>
      remainingFraction({
        periodStart: d("2025-01-02"),
        periodEnd: d("2025-01-01"),
        changeDate: d("2025-01-01"),
      }),
    ).toThrow(RangeError);
  });

  it("prorates the full period to the full price and zero to nothing", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000_000 }),
        fc.integer({ min: 1, max: 100_000 }),
        (amount, den) => {
          expect(prorate(amount, { numerator: den, denominator: den })).toBe(amount);
          expect(prorate(amount, { numerator: 0, denominator: den })).toBe(0);
        },
      ),
    );
  });

  it("is monotonic in the fraction and rounds half away from zero", () => {
    expect(prorate(1000, { numerator: 1, denominator: 3 })).toBe(333);
    expect(prorate(1001, { numerator: 1, denominator: 2 })).toBe(501);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 1, max: 366 }),
        fc.integer({ min: 0, max: 366 }),
        (amount, den, raw) => {
          const num = raw % (den + 1);
          const lower = prorate(amount, { numerator: Math.max(0, num - 1), denominator: den });
          const value = prorate(amount, { numerator: num, denominator: den });
          expect(value).toBeGreaterThanOrEqual(lower);
          expect(value).toBeLessThanOrEqual(amount);
        },
      ),
    );
  });

  it("accepts either form of specification", () => {
    expect(prorationFraction({ numerator: 10, denominator: 30 })).toEqual({ numerator: 1, denominator: 3 });
    expect(
      prorationFraction({
        periodStart: d("2025-02-01"),
        periodEnd: d("2025-03-01"),
        changeDate: d("2025-02-15"),
      }),
    ).toEqual({ numerator: 1, denominator: 2 });
  });

  it("finds the billing period containing a date, clamping month ends from the anchor", () => {
    const period = billingPeriodContaining(d("2025-01-31"), 1, d("2025-03-05"));
    expect(toIsoDate(period.periodStart)).toBe("2025-02-28");
    expect(toIsoDate(period.periodEnd)).toBe("2025-03-31");
    const yearly = billingPeriodContaining(d("2024-06-01"), 12, d("2026-06-01"));
    expect(toIsoDate(yearly.periodStart)).toBe("2026-06-01");
    expect(toIsoDate(yearly.periodEnd)).toBe("2027-06-01");
  });
});
