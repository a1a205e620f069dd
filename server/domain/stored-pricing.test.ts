// The stored form of a priced answer gives the same billing schedule back, for any order
// priceOrder can price (fast-check), after a trip through JSON as the database makes it; it is
// much smaller; and rows stored before the compact form are read as they are.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type PricingInput, priceOrder } from "./pricing";
import { compactPricing, expandStoredSchedule } from "./stored-pricing";

const offerArb = fc.record({
  id: fc.constantFrom("a", "b", "c"),
  version: fc.integer({ min: 1, max: 3 }),
  name: fc.string({ maxLength: 12 }),
  billingPeriod: fc.constantFrom("month" as const, "year" as const, "once" as const),
  termMonths: fc.option(fc.integer({ min: 1, max: 36 }), { nil: null }),
});

const fractionArb = fc
  .integer({ min: 1, max: 366 })
  .chain((denominator) =>
    fc.record({ numerator: fc.integer({ min: 0, max: denominator }), denominator: fc.constant(denominator) }),
  );

const inputArb: fc.Arbitrary<PricingInput> = fc
  .record({
    currency: fc.constantFrom("GBP", "EUR", "JPY"),
    country: fc.constantFrom("GB", "DE"),
    taxRateBps: fc.integer({ min: 0, max: 2_500 }),
    start: fc.date({
      min: new Date("2020-01-01T00:00:00Z"),
      max: new Date("2040-01-01T00:00:00Z"),
      noInvalidDate: true,
    }),
    anchorDaysBefore: fc.option(fc.integer({ min: 1, max: 400 }), { nil: null }),
    lines: fc.array(
      fc.record(
        {
          offer: offerArb,
          unitAmount: fc.integer({ min: 0, max: 500_000 }),
          quantity: fc.integer({ min: 1, max: 50 }),
          proration: fractionArb,
        },
        { requiredKeys: ["offer", "unitAmount", "quantity"] },
      ),
      { maxLength: 6 },
    ),
    replacedLines: fc.array(
      fc.record({
        offer: offerArb,
        unitAmount: fc.integer({ min: 0, max: 500_000 }),
        quantity: fc.integer({ min: 1, max: 5 }),
      }),
      { maxLength: 2 },
    ),
    discount: fc.option(
      fc.record({
        kind: fc.constant("percent" as const),
        percentOff: fc.integer({ min: 1, max: 100 }),
        durationPeriods: fc.option(fc.integer({ min: 1, max: 6 }), { nil: null }),
      }),
      { nil: null },
    ),
    schedulePeriods: fc.option(fc.integer({ min: 1, max: 24 }), { nil: undefined }),
  })
  .map(({ start, anchorDaysBefore, ...rest }) => ({
    ...rest,
    startDate: start,
    billingAnchor:
      anchorDaysBefore === null ? undefined : new Date(start.getTime() - anchorDaysBefore * 86_400_000),
  }));

/** What the database gives back: JSON, with the provider's result the order adds beside. */
const stored = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

describe("stored pricing", () => {
  it("gives every order's billing schedule back exactly", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const pricing = priceOrder(input);
        const row = stored({ ...compactPricing(pricing), providerResult: { id: "x" } });
        expect(expandStoredSchedule(row)).toEqual(pricing.schedule);
      }),
      { numRuns: 300 },
    );
  });

  it("keeps a year of monthly billing in far fewer bytes", () => {
    const offer = (id: string, name: string) => ({
      id,
      version: 2,
      name,
      billingPeriod: "month" as const,
      termMonths: 12,
    });
    const pricing = priceOrder({
      currency: "GBP",
      country: "GB",
      taxRateBps: 2_000,
      startDate: new Date("2026-12-01T00:00:00Z"),
      lines: [
        { offer: offer("pro-monthly", "Pro (monthly)"), unitAmount: 4_900, quantity: 3 },
        { offer: offer("addon-storage", "Extra storage"), unitAmount: 900, quantity: 2 },
      ],
      discount: { kind: "percent", percentOff: 10, durationPeriods: 3 },
      schedulePeriods: 12,
    });
    const whole = JSON.stringify(pricing).length;
    const compact = JSON.stringify(compactPricing(pricing)).length;
    expect(compact).toBeLessThan(whole / 2);
    expect(expandStoredSchedule(stored(compactPricing(pricing)))).toEqual(pricing.schedule);
  });

  it("reads a schedule stored whole, and nothing from a row without one", () => {
    const pricing = priceOrder({
      currency: "EUR",
      country: "DE",
      taxRateBps: 1_900,
      startDate: new Date("2026-06-15T00:00:00Z"),
      lines: [
        {
          offer: { id: "a", version: 1, name: "A", billingPeriod: "month", termMonths: null },
          unitAmount: 1_000,
          quantity: 1,
        },
      ],
    });
    expect(expandStoredSchedule(stored(pricing))).toEqual(pricing.schedule);
    expect(expandStoredSchedule(null)).toEqual([]);
    expect(expandStoredSchedule({ lineItems: [] })).toEqual([]);
  });
});
