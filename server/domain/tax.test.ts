import { describe, expect, it } from "vitest";
import { DEFAULT_TAX_RATES, parseTaxRates, taxOn, taxRateFor, taxRatesFromConfig } from "./tax";

describe("parseTaxRates", () => {
  it("parses a configuration string", () => {
    expect(parseTaxRates("GB:2000,DE:1900")).toEqual({ ok: true, rates: { GB: 2000, DE: 1900 } });
    expect(parseTaxRates(" gb : 2000 , fr:2000 ")).toEqual({ ok: true, rates: { GB: 2000, FR: 2000 } });
    expect(parseTaxRates("")).toEqual({ ok: true, rates: {} });
    expect(parseTaxRates("US:0")).toEqual({ ok: true, rates: { US: 0 } });
  });

  it("reports every bad entry with its position", () => {
    const result = parseTaxRates("GB:20%,XX:100,DE:10001,FR:2000,FR:2100,,NL");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(6);
    expect(result.errors[0]).toMatch(/entry 1 \("GB:20%"\): expected COUNTRY:BASIS_POINTS/);
    expect(result.errors[1]).toMatch(/XX is not an ISO 3166-1 alpha-2/);
    expect(result.errors[2]).toMatch(/from 0 to 10000/);
    expect(result.errors[3]).toMatch(/FR is listed more than once/);
    expect(result.errors[4]).toMatch(/entry 6 \(""\)/);
    expect(result.errors[5]).toMatch(/entry 7 \("NL"\)/);
  });

  it("refuses negative and fractional rates", () => {
    expect(parseTaxRates("GB:-1").ok).toBe(false);
    expect(parseTaxRates("GB:20.5").ok).toBe(false);
  });
});

describe("tax table", () => {
  it("defaults the main countries (and everything else) to 0", () => {
    for (const country of ["GB", "DE", "FR", "NL", "IE", "US"]) expect(DEFAULT_TAX_RATES[country]).toBe(0);
    expect(taxRateFor("JP")).toBe(0);
  });

  it("overrides the defaults with the configuration", () => {
    const result = taxRatesFromConfig("GB:2000");
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(taxRateFor("gb", result.rates)).toBe(2000);
    expect(taxRateFor("DE", result.rates)).toBe(0);
    expect(taxRatesFromConfig(undefined)).toEqual({ ok: true, rates: DEFAULT_TAX_RATES });
  });

  it("computes tax with the one rounding rule", () => {
    expect(taxOn(1000, 2000)).toBe(200);
    expect(taxOn(1999, 2000)).toBe(400);
    expect(taxOn(1, 5000)).toBe(1);
    expect(taxOn(0, 2000)).toBe(0);
  });
});
