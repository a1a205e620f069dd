import { describe, expect, it } from "vitest";
import { currencyForCountry, deriveOrderCurrency } from "./currency";

describe("order currency", () => {
  it("maps countries that decide the currency", () => {
    expect(currencyForCountry("GB")).toBe("GBP");
    expect(currencyForCountry("US")).toBe("USD");
    for (const country of ["DE", "FR", "NL", "IE", "ES", "IT", "HR", "BG", "MC"]) {
      expect(currencyForCountry(country)).toBe("EUR");
    }
    expect(currencyForCountry("de")).toBe("EUR");
    expect(currencyForCountry("CH")).toBeNull();
    expect(currencyForCountry("DK")).toBeNull();
  });

  it("prefers the requested currency, then the country, then the partner default", () => {
    expect(deriveOrderCurrency({ requested: "usd", country: "GB", partnerDefaultCurrency: "GBP" })).toBe(
      "USD",
    );
    expect(deriveOrderCurrency({ country: "FR", partnerDefaultCurrency: "GBP" })).toBe("EUR");
    expect(deriveOrderCurrency({ requested: null, country: "CH", partnerDefaultCurrency: "chf" })).toBe(
      "CHF",
    );
    expect(deriveOrderCurrency({ partnerDefaultCurrency: "GBP" })).toBe("GBP");
  });
});
