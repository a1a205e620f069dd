import { describe, expect, it } from "vitest";
import { amountsPerPeriod, renewalWindowOf, termEndKind } from "./renewals";

describe("renewals", () => {
  it("a term billed by Stripe renews by itself; the builtin provider's and Zuora's end", () => {
    expect(termEndKind("stripe")).toBe("renews");
    expect(termEndKind("builtin")).toBe("ends");
    expect(termEndKind("zuora")).toBe("ends");
    expect(termEndKind(null)).toBe("ends");
  });

  it("sums the recurring amounts per billing period, leaving one-off fees out", () => {
    expect(
      amountsPerPeriod([
        { unitAmount: 1999, quantity: 3, billingPeriod: "month" },
        { unitAmount: 500, quantity: 1, billingPeriod: "once" },
        { unitAmount: 12_000, quantity: 2, billingPeriod: "year" },
        { unitAmount: 1, quantity: 1, billingPeriod: "month" },
      ]),
    ).toEqual([
      { period: "month", amount: 5998 },
      { period: "year", amount: 24_000 },
    ]);
    expect(amountsPerPeriod([])).toEqual([]);
  });

  it("knows only its windows", () => {
    expect(renewalWindowOf("60")).toBe(60);
    expect(renewalWindowOf(90)).toBe(90);
    expect(renewalWindowOf("45")).toBeUndefined();
    expect(renewalWindowOf(undefined)).toBeUndefined();
  });
});
