import { describe, expect, it } from "vitest";
import { pricingResultSchema } from "./order-response-schemas";
import { type PricingInput, PricingInputError, type PricingOffer, priceOrder } from "./pricing";

const d = (iso: string) => new Date(`${iso}T00:00:00Z`);

const monthly: PricingOffer = {
  id: "pro",
  version: 1,
  name: "Pro",
  billingPeriod: "month",
  termMonths: null,
};
const yearly: PricingOffer = {
  id: "backup",
  version: 2,
  name: "Backup",
  billingPeriod: "year",
  termMonths: null,
};
const setup: PricingOffer = {
  id: "setup",
  version: 1,
  name: "Setup",
  billingPeriod: "once",
  termMonths: null,
};

function base(overrides: Partial<PricingInput> = {}): PricingInput {
  return {
    currency: "GBP",
    country: "GB",
    taxRateBps: 2000,
    startDate: d("2025-01-31"),
    lines: [{ offer: monthly, unitAmount: 1500, quantity: 2 }],
    ...overrides,
  };
}

describe("priceOrder: first invoice", () => {
  it("prices a simple monthly order with tax after discount", () => {
    const result = priceOrder(base({ discount: { kind: "percent", percentOff: 10, durationPeriods: null } }));
    expect(result.lineItems).toEqual([
      {
        offer: { id: "pro", version: 1, name: "Pro" },
        description: "Pro",
        quantity: 2,
        unitAmount: 1500,
        billingPeriod: "month",
        periodStart: "2025-01-31",
        periodEnd: "2025-02-28",
        proration: null,
        amountWithoutTax: 2700,
        discountAmount: 300,
        creditAmount: 0,
        taxAmount: 540,
        amount: 3240,
      },
    ]);
    expect(result).toMatchObject({
      subtotal: 3000,
      discountTotal: 300,
      creditTotal: 0,
      taxTotal: 540,
      total: 3240,
    });
    expect(pricingResultSchema.parse(result)).toEqual(result);
  });

  it("spreads a fixed discount over the lines by largest remainder and caps it at the gross", () => {
    const lines = [
      { offer: monthly, unitAmount: 1000, quantity: 1 },
      { offer: setup, unitAmount: 2000, quantity: 1 },
    ];
    const spread = priceOrder(
      base({ lines, discount: { kind: "amount", amountOff: 100, durationPeriods: 1 } }),
    );
    expect(spread.lineItems.map((line) => line.discountAmount)).toEqual([33, 67]);
    expect(spread.discountTotal).toBe(100);

    const capped = priceOrder(
      base({ lines, discount: { kind: "amount", amountOff: 999_999, durationPeriods: 1 } }),
    );
    expect(capped.lineItems.map((line) => line.discountAmount)).toEqual([1000, 2000]);
    expect(capped.total).toBe(0);
    // Period 2 is not discounted any more.
    expect(capped.schedule[1]?.discountAmount).toBe(0);
    expect(capped.schedule[1]?.amount).toBe(1200);
  });

  it("rounds tax per line half away from zero", () => {
    const result = priceOrder(
      base({ taxRateBps: 2500, lines: [{ offer: monthly, unitAmount: 2, quantity: 1 }] }),
    );
    expect(result.taxTotal).toBe(1); // 0.5 -> 1
  });

  it("prices an order with no lines as empty", () => {
    const result = priceOrder(base({ lines: [] }));
    expect(result).toMatchObject({ subtotal: 0, total: 0, lineItems: [], schedule: [] });
  });
});

describe("priceOrder: schedule", () => {
  it("has 12 monthly entries for a rolling monthly order, month ends clamped from the anchor", () => {
    const result = priceOrder(base());
    expect(result.schedule.map((entry) => entry.date)).toEqual([
      "2025-01-31",
      "2025-02-28",
      "2025-03-31",
      "2025-04-30",
      "2025-05-31",
      "2025-06-30",
      "2025-07-31",
      "2025-08-31",
      "2025-09-30",
      "2025-10-31",
      "2025-11-30",
      "2025-12-31",
    ]);
    expect(result.schedule.every((entry) => entry.amount === 3600 && entry.currency === "GBP")).toBe(true);
  });

  it("steps by the shortest period: yearly lines bill every 12th month, one-off lines once", () => {
    const result = priceOrder(
      base({
        startDate: d("2025-03-01"),
        schedulePeriods: 13,
        lines: [
          { offer: monthly, unitAmount: 1000, quantity: 1 },
          { offer: yearly, unitAmount: 10000, quantity: 1 },
          { offer: setup, unitAmount: 5000, quantity: 1 },
        ],
        taxRateBps: 0,
      }),
    );
    expect(result.schedule).toHaveLength(13);
    const idsPerEntry = result.schedule.map((entry) => entry.lineItems.map((line) => line.offer.id));
    expect(idsPerEntry[0]).toEqual(["pro", "backup", "setup"]);
    expect(idsPerEntry.slice(1, 12).every((ids) => ids.join() === "pro")).toBe(true);
    expect(idsPerEntry[12]).toEqual(["pro", "backup"]);
    expect(result.schedule[12]?.date).toBe("2026-03-01");
    expect(result.lineItems[1]).toMatchObject({ periodStart: "2025-03-01", periodEnd: "2026-03-01" });
    expect(result.lineItems[2]).toMatchObject({ periodStart: null, periodEnd: null });
  });

  it("stops at the end of the term", () => {
    const termed = { ...monthly, termMonths: 6 };
    expect(
      priceOrder(base({ lines: [{ offer: termed, unitAmount: 100, quantity: 1 }] })).schedule,
    ).toHaveLength(6);
    const yearlyTerm = { ...yearly, termMonths: 36 };
    const result = priceOrder(
      base({ startDate: d("2024-02-29"), lines: [{ offer: yearlyTerm, unitAmount: 100, quantity: 1 }] }),
    );
    expect(result.schedule.map((entry) => entry.date)).toEqual(["2024-02-29", "2025-02-28", "2026-02-28"]);
  });

  it("applies a discount for N periods to the first N entries only", () => {
    const result = priceOrder(base({ discount: { kind: "percent", percentOff: 50, durationPeriods: 3 } }));
    expect(result.schedule.map((entry) => entry.discountAmount)).toEqual([
      1500, 1500, 1500, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ]);
  });

  it("has only the first invoice when every line is one-off", () => {
    const result = priceOrder(base({ lines: [{ offer: setup, unitAmount: 5000, quantity: 1 }] }));
    expect(result.schedule).toHaveLength(1);
  });
});

describe("priceOrder: mid-term changes", () => {
  const anchor = d("2025-01-01");
  const change = d("2025-01-17"); // 15 of 31 days remain
  const period = { periodStart: anchor, periodEnd: d("2025-02-01"), changeDate: change };
  const bigger: PricingOffer = {
    id: "max",
    version: 1,
    name: "Max",
    billingPeriod: "month",
    termMonths: null,
  };

  it("charges the remaining fraction of the new line and credits the unused part of the old one", () => {
    const result = priceOrder(
      base({
        startDate: change,
        billingAnchor: anchor,
        taxRateBps: 0,
        lines: [{ offer: bigger, unitAmount: 6200, quantity: 1, proration: period }],
        replacedLines: [{ offer: monthly, unitAmount: 3100, quantity: 1, proration: period }],
      }),
    );
    expect(result.credits).toEqual([
      {
        offer: { id: "pro", version: 1, name: "Pro" },
        description: "Unused time on Pro",
        quantity: 1,
        unitAmount: 3100,
        billingPeriod: "month",
        proration: { numerator: 15, denominator: 31 },
        amount: 1500,
      },
    ]);
    expect(result.lineItems[0]).toMatchObject({
      proration: { numerator: 15, denominator: 31 },
      periodStart: "2025-01-17",
      periodEnd: "2025-02-01",
      creditAmount: 1500,
      amountWithoutTax: 1500,
      amount: 1500,
    });
    expect(result).toMatchObject({ subtotal: 3000, creditTotal: 1500, total: 1500, creditCarriedForward: 0 });
    expect(result.schedule[1]).toMatchObject({ date: "2025-02-01", amount: 6200 });
  });

  it("never goes negative on a downgrade: the unused credit is carried forward", () => {
    const result = priceOrder(
      base({
        startDate: change,
        billingAnchor: anchor,
        taxRateBps: 2000,
        lines: [{ offer: monthly, unitAmount: 620, quantity: 1, proration: period }],
        replacedLines: [{ offer: bigger, unitAmount: 6200, quantity: 1, proration: period }],
      }),
    );
    expect(result.credits[0]?.amount).toBe(3000);
    expect(result).toMatchObject({
      subtotal: 300,
      creditTotal: 300,
      taxTotal: 0,
      total: 0,
      creditCarriedForward: 2700,
    });
    // The carried credit pays the next invoices before tax: 620 + 620 + 620 + 620 = 2480, then 220 left.
    expect(result.schedule.slice(1, 6).map((entry) => entry.creditAmount)).toEqual([620, 620, 620, 620, 220]);
    expect(result.schedule[5]?.amount).toBe(480); // (620 - 220) * 1.2
  });

  it("prorating a full period is the same as not prorating", () => {
    const full = priceOrder(
      base({
        lines: [
          { offer: monthly, unitAmount: 999, quantity: 3, proration: { numerator: 7, denominator: 7 } },
        ],
      }),
    );
    const plain = priceOrder(base({ lines: [{ offer: monthly, unitAmount: 999, quantity: 3 }] }));
    expect(full).toEqual(plain);
  });
});

describe("priceOrder: refuses bad input", () => {
  it.each([
    ["currency", base({ currency: "pounds" })],
    ["tax rate", base({ taxRateBps: 10_001 })],
    ["negative price", base({ lines: [{ offer: monthly, unitAmount: -1, quantity: 1 }] })],
    ["zero quantity", base({ lines: [{ offer: monthly, unitAmount: 1, quantity: 0 }] })],
    ["fractional price", base({ lines: [{ offer: monthly, unitAmount: 1.5, quantity: 1 }] })],
    [
      "bad proration",
      base({
        lines: [{ offer: monthly, unitAmount: 1, quantity: 1, proration: { numerator: 3, denominator: 2 } }],
      }),
    ],
    ["bad percent", base({ discount: { kind: "percent", percentOff: 101, durationPeriods: null } })],
    ["bad duration", base({ discount: { kind: "amount", amountOff: 1, durationPeriods: 0 } })],
    ["bad date", base({ startDate: new Date("nope") })],
    ["schedule length", base({ schedulePeriods: 0 })],
  ])("%s", (_label, input) => {
    expect(() => priceOrder(input)).toThrow(PricingInputError);
  });

  it("uses its own error class for input problems", () => {
    expect(() => priceOrder(base({ currency: "x" }))).toThrow(PricingInputError);
  });
});
