import { describe, expect, it } from "vitest";
import { DecimalAmountError, decimalToMinorUnits } from "./decimal-amounts";

describe("decimalToMinorUnits", () => {
  it("converts decimal strings and JSON numbers exactly, per the currency's exponent", () => {
    expect(decimalToMinorUnits("15.00", "GBP")).toBe(1500);
    expect(decimalToMinorUnits(49.99, "GBP")).toBe(4999);
    // 0.1 + 0.2 style floats are never multiplied: 1.15 * 100 is 114.99999999999999 in floats.
    expect(decimalToMinorUnits(1.15, "EUR")).toBe(115);
    expect(decimalToMinorUnits(4.35, "USD")).toBe(435);
    expect(decimalToMinorUnits("1500", "JPY")).toBe(1500);
    expect(decimalToMinorUnits("1.234", "KWD")).toBe(1234);
    expect(decimalToMinorUnits(-12.5, "GBP")).toBe(-1250);
    expect(decimalToMinorUnits(0, "GBP")).toBe(0);
    expect(decimalToMinorUnits("49.990000000", "GBP")).toBe(4999);
    expect(decimalToMinorUnits(12345678.91, "GBP")).toBe(1234567891);
  });

  it("rounds digits beyond the currency's exponent half away from zero", () => {
    expect(decimalToMinorUnits("0.005", "GBP")).toBe(1);
    expect(decimalToMinorUnits("0.004999999", "GBP")).toBe(0);
    expect(decimalToMinorUnits("-0.005", "GBP")).toBe(-1);
    expect(decimalToMinorUnits(3.333333333, "GBP")).toBe(333);
  });

  it("reads exponent notation, which String() uses for tiny and huge numbers", () => {
    expect(decimalToMinorUnits(1e-7, "GBP")).toBe(0);
    expect(decimalToMinorUnits("1.5e2", "GBP")).toBe(15000);
  });

  it("refuses what is not a finite decimal", () => {
    for (const bad of ["", "12,50", "abc", "1.2.3", Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => decimalToMinorUnits(bad, "GBP")).toThrow(DecimalAmountError);
    }
  });
});
