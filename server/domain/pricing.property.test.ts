// Invariants of priceOrder over random orders (fast-check). Example-based tests live in
// pricing.test.ts; these guard the arithmetic contract whatever the combination of lines.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addMonthsUtc } from "./dates";
import type { PricingDiscount } from "./discount";
import { pricingResultSchema } from "./order-response-schemas";
import {
  type PricedLineItem,
  type PricingInput,
  type PricingLineInput,
  priceOrder,
  type ReplacedLineInput,
} from "./pricing";
import { prorate } from "./proration";
import { taxOn } from "./tax";

const RUNS = { numRuns: 300 };

const fractionArb = fc
  .integer({ min: 1, max: 366 })
  .chain((denominator) =>
    fc.record({ numerator: fc.integer({ min: 0, max: denominator }), denominator: fc.constant(denominator) }),
  );

const offerArb = fc.record({
  id: fc.constantFrom("a", "b", "c", "d", "e"),
  version: fc.integer({ min: 1, max: 5 }),
  name: fc.string({ maxLength: 12 }),
  billingPeriod: fc.constantFrom("month" as const, "year" as const, "once" as const),
  termMonths: fc.option(fc.integer({ min: 1, max: 48 }), { nil: null }),
});

const lineArb: fc.Arbitrary<PricingLineInput> = fc.record(
  {
    offer: offerArb,
    unitAmount: fc.integer({ min: 0, max: 5_000_000 }),
    quantity: fc.integer({ min: 1, max: 500 }),
    proration: fractionArb,
  },
  { requiredKeys: ["offer", "unitAmount", "quantity"] },
);

const replacedArb: fc.Arbitrary<ReplacedLineInput> = fc.record(
  {
    offer: offerArb,
    unitAmount: fc.integer({ min: 0, max: 5_000_000 }),
    quantity: fc.integer({ min: 1, max: 50 }),
    proration: fractionArb,
  },
  { requiredKeys: ["offer", "unitAmount", "quantity"] },
);

const discountArb: fc.Arbitrary<PricingDiscount> = fc.oneof(
  fc.record({
    kind: fc.constant("percent" as const),
    percentOff: fc.integer({ min: 1, max: 100 }),
    durationPeriods: fc.option(fc.integer({ min: 1, max: 24 }), { nil: null }),
  }),
  fc.record({
    kind: fc.constant("amount" as const),
    amountOff: fc.integer({ min: 0, max: 50_000_000 }),
    durationPeriods: fc.option(fc.integer({ min: 1, max: 24 }), { nil: null }),
  }),
);

const dateArb = fc.date({
  min: new Date("2000-01-01T00:00:00Z"),
  max: new Date("2060-12-31T00:00:00Z"),
  noInvalidDate: true,
});

const inputArb: fc.Arbitrary<PricingInput> = fc
  .record({
    currency: fc.constantFrom("GBP", "EUR", "USD", "JPY"),
    country: fc.constantFrom("GB", "DE", "US"),
    taxRateBps: fc.integer({ min: 0, max: 10_000 }),
    anchor: dateArb,
    startOffsetDays: fc.option(fc.integer({ min: 0, max: 800 }), { nil: null }),
    lines: fc.array(lineArb, { maxLength: 8 }),
    replacedLines: fc.array(replacedArb, { maxLength: 3 }),
    discount: fc.option(discountArb, { nil: null }),
    schedulePeriods: fc.option(fc.integer({ min: 1, max: 24 }), { nil: undefined }),
  })
  .map(({ anchor, startOffsetDays, ...rest }) => ({
    ...rest,
    startDate: startOffsetDays === null ? anchor : new Date(anchor.getTime() + startOffsetDays * 86_400_000),
    billingAnchor: startOffsetDays === null ? undefined : anchor,
  }));

/** A "new" order: no proration, no credits, anchored at the start. */
const newOrderArb: fc.Arbitrary<PricingInput> = inputArb.map((input) => ({
  ...input,
  billingAnchor: undefined,
  replacedLines: [],
  lines: input.lines.map(({ proration: _ignored, ...line }) => line),
}));

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
const grossOf = (line: PricedLineItem) => line.amountWithoutTax + line.discountAmount + line.creditAmount;

function collectNumbers(value: unknown, into: number[] = []): number[] {
  if (typeof value === "number") into.push(value);
  else if (Array.isArray(value)) for (const item of value) collectNumbers(item, into);
  else if (value && typeof value === "object" && !(value instanceof Date)) {
    for (const item of Object.values(value)) collectNumbers(item, into);
  }
  return into;
}

describe("priceOrder invariants", () => {
  it("totals equal the sum of the lines", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const result = priceOrder(input);
        const lines = result.lineItems;
        expect(result.subtotal).toBe(sum(lines.map(grossOf)));
        expect(result.discountTotal).toBe(sum(lines.map((line) => line.discountAmount)));
        expect(result.creditTotal).toBe(sum(lines.map((line) => line.creditAmount)));
        expect(result.taxTotal).toBe(sum(lines.map((line) => line.taxAmount)));
        expect(result.total).toBe(sum(lines.map((line) => line.amount)));
        expect(result.total).toBe(
          result.subtotal - result.discountTotal - result.creditTotal + result.taxTotal,
        );
        for (const line of lines) expect(line.amount).toBe(line.amountWithoutTax + line.taxAmount);
      }),
      RUNS,
    );
  });

  it("each schedule entry sums its lines, and the first entry is the first invoice", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const result = priceOrder(input);
        for (const entry of result.schedule) {
          expect(entry.currency).toBe(input.currency);
          expect(entry.amountWithoutTax).toBe(sum(entry.lineItems.map((line) => line.amountWithoutTax)));
          expect(entry.discountAmount).toBe(sum(entry.lineItems.map((line) => line.discountAmount)));
          expect(entry.creditAmount).toBe(sum(entry.lineItems.map((line) => line.creditAmount)));
          expect(entry.taxAmount).toBe(sum(entry.lineItems.map((line) => line.taxAmount)));
          expect(entry.amount).toBe(sum(entry.lineItems.map((line) => line.amount)));
          expect(entry.amount).toBe(entry.amountWithoutTax + entry.taxAmount);
        }
        if (input.lines.length > 0) {
          expect(result.schedule[0]?.lineItems).toEqual(result.lineItems);
          expect(result.schedule[0]?.amount).toBe(result.total);
        }
        const dates = result.schedule.map((entry) => entry.date);
        expect([...dates].sort()).toEqual(dates);
        expect(new Set(dates).size).toBe(dates.length);
      }),
      RUNS,
    );
  });

  it("has no negative amount anywhere and matches the published schema", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const result = priceOrder(input);
        for (const value of collectNumbers(result)) {
          expect(Number.isSafeInteger(value)).toBe(true);
          expect(value).toBeGreaterThanOrEqual(0);
        }
        expect(pricingResultSchema.safeParse(result).success).toBe(true);
      }),
      // Parsing the whole result is the slow part; fewer runs keep the suite quick.
      { numRuns: 100 },
    );
  });

  it("charges tax on the amount after discount and credit, line by line", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const result = priceOrder(input);
        result.schedule.forEach((entry, entryIndex) => {
          for (const line of entry.lineItems) {
            expect(line.taxAmount).toBe(taxOn(line.amountWithoutTax, input.taxRateBps));
            const full = line.unitAmount * line.quantity;
            const expectedGross = entryIndex === 0 && line.proration ? prorate(full, line.proration) : full;
            expect(grossOf(line)).toBe(expectedGross);
            expect(line.discountAmount).toBeLessThanOrEqual(expectedGross);
          }
        });
      }),
      RUNS,
    );
  });

  it("a discount never raises any amount", () => {
    fc.assert(
      fc.property(inputArb, discountArb, (raw, discount) => {
        const without = priceOrder({ ...raw, discount: null });
        const withDiscount = priceOrder({ ...raw, discount });
        expect(withDiscount.schedule).toHaveLength(without.schedule.length);
        expect(withDiscount.total).toBeLessThanOrEqual(without.total);
        expect(withDiscount.subtotal).toBe(without.subtotal);
        withDiscount.schedule.forEach((entry, i) => {
          const other = without.schedule[i];
          expect(entry.amount).toBeLessThanOrEqual(other?.amount ?? 0);
          entry.lineItems.forEach((line, j) => {
            const otherLine = other?.lineItems[j];
            expect(line.amount).toBeLessThanOrEqual(otherLine?.amount ?? 0);
            expect(line.taxAmount).toBeLessThanOrEqual(otherLine?.taxAmount ?? 0);
            expect(line.amountWithoutTax).toBeLessThanOrEqual(otherLine?.amountWithoutTax ?? 0);
          });
        });
      }),
      RUNS,
    );
  });

  it("a discount respects its kind and duration per period", () => {
    fc.assert(
      fc.property(inputArb, discountArb, (raw, discount) => {
        const result = priceOrder({ ...raw, discount });
        result.schedule.forEach((entry, index) => {
          const gross = sum(entry.lineItems.map(grossOf));
          const active = discount.durationPeriods === null || index < discount.durationPeriods;
          const expected = !active
            ? 0
            : discount.kind === "percent"
              ? prorate(gross, { numerator: discount.percentOff, denominator: 100 })
              : Math.min(discount.amountOff, gross);
          expect(entry.discountAmount).toBe(expected);
        });
      }),
      RUNS,
    );
  });

  it("credits are conserved: applied plus carried forward equals the credit given", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const result = priceOrder(input);
        const given = sum(result.credits.map((credit) => credit.amount));
        expect(result.creditTotal + result.creditCarriedForward).toBe(given);
        expect(sum(result.schedule.map((entry) => entry.creditAmount))).toBeLessThanOrEqual(given);
        for (const credit of result.credits) {
          expect(credit.amount).toBe(prorate(credit.unitAmount * credit.quantity, credit.proration));
          if (credit.billingPeriod === "once") expect(credit.amount).toBe(0);
        }
      }),
      RUNS,
    );
  });

  it("is deterministic", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        expect(priceOrder(structuredClone(input))).toEqual(priceOrder(input));
      }),
      RUNS,
    );
  });

  it("a new order's schedule has min(12, term) entries, at monthly or yearly steps", () => {
    fc.assert(
      fc.property(newOrderArb, (input) => {
        const result = priceOrder(input);
        const recurring = input.lines.filter((line) => line.offer.billingPeriod !== "once");
        const limit = input.schedulePeriods ?? 12;
        let expected: number;
        if (input.lines.length === 0) expected = 0;
        else if (recurring.length === 0) expected = 1;
        else {
          const step = recurring.some((line) => line.offer.billingPeriod === "month") ? 1 : 12;
          const terms = recurring.map((line) => line.offer.termMonths);
          const term = terms.includes(null) ? Number.POSITIVE_INFINITY : Math.max(...(terms as number[]));
          expected = Math.min(limit, Math.ceil(term / step));
          result.schedule.forEach((entry, index) => {
            expect(entry.date).toBe(
              addMonthsUtc(input.startDate, index * step)
                .toISOString()
                .slice(0, 10),
            );
          });
        }
        expect(result.schedule).toHaveLength(expected);
      }),
      RUNS,
    );
  });

  it("prorating a full period equals the full price, and a zero fraction charges nothing", () => {
    fc.assert(
      fc.property(newOrderArb, fc.integer({ min: 1, max: 366 }), (input, denominator) => {
        const plain = priceOrder(input);
        const full = priceOrder({
          ...input,
          lines: input.lines.map((line) => ({ ...line, proration: { numerator: denominator, denominator } })),
        });
        expect(full).toEqual(plain);
        const zero = priceOrder({
          ...input,
          lines: input.lines.map((line) => ({ ...line, proration: { numerator: 0, denominator } })),
        });
        for (const line of zero.lineItems) {
          expect(grossOf(line)).toBe(line.billingPeriod === "once" ? line.unitAmount * line.quantity : 0);
        }
      }),
      RUNS,
    );
  });
});
