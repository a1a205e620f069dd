import { describe, expect, it } from "vitest";
import {
  assertMatchesProviderTotals,
  foldInvoice,
  type ProviderCharge,
  ProviderFiguresError,
  pricedOrderFrom,
} from "./provider-invoice-folding";

function charge(gross: number, tax = 0, discount = 0): ProviderCharge {
  return {
    offer: { id: `offer-${gross}`, version: 1, name: "Offer" },
    description: "Offer",
    quantity: 1,
    unitAmount: gross,
    billingPeriod: "month",
    periodStart: null,
    periodEnd: null,
    gross,
    discount,
    tax,
  };
}

const none = { net: 0, tax: 0 };

describe("foldInvoice", () => {
  it("spreads an unattributed discount over the lines by what is left of each", () => {
    const folded = foldInvoice({
      date: "2026-03-15",
      currency: "GBP",
      // Zuora style: tax on the full charges, and a negative tax on the discount item.
      charges: [charge(3000, 600), charge(9900, 1980)],
      unattributedDiscount: { net: 1290, tax: 258 },
      credit: none,
    });
    expect(
      folded.entry.lineItems.map((l) => [l.discountAmount, l.amountWithoutTax, l.taxAmount, l.amount]),
    ).toEqual([
      [300, 2700, 540, 3240],
      [990, 8910, 1782, 10692],
    ]);
    expect(folded.entry.amount).toBe(12900 - 1290 + 2580 - 258);
    assertMatchesProviderTotals(folded, { total: 13932, tax: 2322 });
  });

  it("uses a credit line by line and carries the rest forward", () => {
    const folded = foldInvoice({
      date: "2026-03-15",
      currency: "GBP",
      charges: [charge(1000, 200), charge(500, 100)],
      unattributedDiscount: none,
      credit: { net: 1800, tax: 360 },
    });
    expect(folded.entry.lineItems.map((l) => [l.creditAmount, l.amountWithoutTax, l.taxAmount])).toEqual([
      [1000, 0, 0],
      [500, 0, 0],
    ]);
    expect(folded.carriedForward).toEqual({ net: 300, tax: 60 });
    // The provider's invoice total is negative: -300 net, -60 tax.
    assertMatchesProviderTotals(folded, { total: -360, tax: -60 });
    const priced = pricedOrderFrom("GBP", folded, [folded.entry]);
    expect(priced).toMatchObject({ subtotal: 1500, creditTotal: 1500, total: 0, creditCarriedForward: 300 });
  });

  it("refuses figures that cannot be made consistent", () => {
    const base = { date: "2026-03-15", currency: "GBP", unattributedDiscount: none, credit: none };
    expect(() => foldInvoice({ ...base, charges: [charge(-5)] })).toThrow(ProviderFiguresError);
    expect(() => foldInvoice({ ...base, charges: [charge(100, 0, 101)] })).toThrow(ProviderFiguresError);
    expect(() =>
      foldInvoice({ ...base, charges: [charge(100)], unattributedDiscount: { net: 101, tax: 0 } }),
    ).toThrow(ProviderFiguresError);
    const folded = foldInvoice({ ...base, charges: [charge(100, 20)] });
    expect(() => assertMatchesProviderTotals(folded, { total: 121, tax: 20 })).toThrow(ProviderFiguresError);
    expect(() => assertMatchesProviderTotals(folded, { total: 120, tax: 21 })).toThrow(ProviderFiguresError);
  });
});
