import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  allocate,
  basisPointsOf,
  divideRounded,
  formatMinorUnits,
  MoneyRangeError,
  minorUnitExponent,
  multiplyRatio,
  percentOf,
  sumMinor,
  toSafeNumber,
} from "./money";

describe("divideRounded (half away from zero)", () => {
  it.each([
    [5n, 2n, 3n],
    [-5n, 2n, -3n],
    [24n, 10n, 2n],
    [26n, 10n, 3n],
    [-24n, 10n, -2n],
    [-26n, 10n, -3n],
    [25n, 10n, 3n],
    [-25n, 10n, -3n],
    [0n, 7n, 0n],
    [7n, -2n, -4n],
    [9_999n, 10_000n, 1n],
    [4_999n, 10_000n, 0n],
    [5_000n, 10_000n, 1n],
  ])("%d / %d = %d", (n, d, expected) => {
    expect(divideRounded(n, d)).toBe(expected);
  });

  it("refuses division by zero", () => {
    expect(() => divideRounded(1n, 0n)).toThrow(MoneyRangeError);
  });

  it("agrees with the exact rational value on every input", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }),
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        (n, d) => {
          const q = divideRounded(n, d);
          // |n/d - q| <= 1/2, and exactly 1/2 only when q is the one further from zero.
          const twiceError = 2n * n - 2n * q * d;
          const abs = twiceError < 0n ? -twiceError : twiceError;
          expect(abs <= d).toBe(true);
          if (abs === d) expect(q < 0n ? -q : q).toBeGreaterThan(n < 0n ? -n / d : n / d);
        },
      ),
    );
  });
});

describe("multiplyRatio and friends", () => {
  it("applies a rate without floating point error", () => {
    // 0.1 + 0.2 style traps: 1005 * 0.5 = 502.5 -> 503
    expect(multiplyRatio(1005, 1, 2)).toBe(503);
    expect(basisPointsOf(1999, 2000)).toBe(400); // 399.8
    expect(basisPointsOf(2, 2500)).toBe(1); // 0.5 rounds up
    expect(percentOf(333, 10)).toBe(33); // 33.3
    expect(percentOf(335, 10)).toBe(34); // 33.5
  });

  it("refuses unsafe results and inputs", () => {
    expect(() => multiplyRatio(Number.MAX_SAFE_INTEGER, 2, 1)).toThrow(MoneyRangeError);
    expect(() => multiplyRatio(1.5, 1, 1)).toThrow(MoneyRangeError);
    expect(() => toSafeNumber(2n ** 60n)).toThrow(MoneyRangeError);
    expect(() => sumMinor([Number.MAX_SAFE_INTEGER, 1])).toThrow(MoneyRangeError);
  });
});

describe("allocate (largest remainder)", () => {
  it("splits evenly with the leftover to the earliest parts", () => {
    expect(allocate(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocate(-100, [1, 1, 1])).toEqual([-34, -33, -33]);
  });

  it("gives leftovers to the largest remainders", () => {
    // exact shares 14.2857, 28.5714, 57.1428 -> floors 14, 28, 57 (99), +1 to 28.57
    expect(allocate(100, [1, 2, 4])).toEqual([14, 29, 57]);
  });

  it("splits evenly over all-zero weights and handles empty input", () => {
    expect(allocate(5, [0, 0])).toEqual([3, 2]);
    expect(allocate(0, [])).toEqual([]);
    expect(() => allocate(1, [])).toThrow(MoneyRangeError);
    expect(() => allocate(1, [-1, 2])).toThrow(MoneyRangeError);
  });

  it("parts always add up, stay within one unit of the exact share, and never exceed the weight", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }),
        fc.array(fc.integer({ min: 0, max: 1_000_000_000 }), { minLength: 1, maxLength: 60 }),
        (amount, weights) => {
          const parts = allocate(amount, weights);
          expect(parts).toHaveLength(weights.length);
          expect(parts.reduce((a, b) => a + b, 0)).toBe(amount);
          const total = weights.reduce((a, b) => a + b, 0);
          const effective = total === 0 ? weights.map(() => 1) : weights;
          const effectiveTotal = total === 0 ? weights.length : total;
          parts.forEach((part, i) => {
            const exactTimesTotal = BigInt(Math.abs(amount)) * BigInt(effective[i] ?? 0);
            const partTimesTotal = BigInt(Math.abs(part)) * BigInt(effectiveTotal);
            const diff = partTimesTotal - exactTimesTotal;
            expect(diff < BigInt(effectiveTotal) && diff > -BigInt(effectiveTotal)).toBe(true);
            if (total > 0 && Math.abs(amount) <= total)
              expect(Math.abs(part)).toBeLessThanOrEqual(weights[i] ?? 0);
          });
        },
      ),
    );
  });
});

describe("currencies", () => {
  it("knows minor-unit exponents", () => {
    expect(minorUnitExponent("GBP")).toBe(2);
    expect(minorUnitExponent("eur")).toBe(2);
    expect(minorUnitExponent("USD")).toBe(2);
    expect(minorUnitExponent("JPY")).toBe(0);
    expect(minorUnitExponent("KWD")).toBe(3);
    expect(minorUnitExponent("XYZ")).toBe(2);
  });

  it("formats minor units exactly", () => {
    expect(formatMinorUnits(123456, "GBP")).toBe("1234.56");
    expect(formatMinorUnits(5, "EUR")).toBe("0.05");
    expect(formatMinorUnits(-5, "EUR")).toBe("-0.05");
    expect(formatMinorUnits(1500, "JPY")).toBe("1500");
    expect(formatMinorUnits(1, "KWD")).toBe("0.001");
  });
});
