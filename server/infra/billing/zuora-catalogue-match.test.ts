// Where `catalog map-zuora` finds an offer and a discount code in a Zuora catalogue: the rules,
// on catalogues written out here.
import { describe, expect, it } from "vitest";
import { matchDiscountPlan, matchOffer, ratePlanOf } from "./zuora-catalogue-match";
import type {
  ZuoraCatalogue,
  ZuoraCatalogueCharge,
  ZuoraCatalogueProduct,
  ZuoraCatalogueRatePlan,
} from "./zuora-catalogue-reader";

let sequence = 0;
const id = () => (++sequence).toString(16).padStart(32, "0");

function charge(
  model: string,
  type: string,
  billingPeriod: string | null,
  currencies = ["GBP"],
): ZuoraCatalogueCharge {
  return {
    id: id(),
    number: `PRPC-${sequence}`,
    name: `${model} charge`,
    type,
    model,
    billingPeriod,
    currencies,
  };
}

function plan(charges: ZuoraCatalogueCharge[], status: string | null = "Active"): ZuoraCatalogueRatePlan {
  return { id: id(), number: `PRP-${sequence}`, name: `plan ${sequence}`, status, charges };
}

function product(
  sku: string,
  ratePlans: ZuoraCatalogueRatePlan[],
  productNumber: string | null = null,
): ZuoraCatalogueProduct {
  return { id: id(), name: sku, sku, productNumber, ratePlans };
}

const monthly = () => charge("PerUnit", "Recurring", "Month", ["GBP", "EUR"]);
const annual = () => charge("PerUnit", "Recurring", "Annual");
const oneTime = () => charge("PerUnit", "OneTime", null);

describe("matchOffer", () => {
  const proMonthly = plan([monthly()]);
  const proAnnual = plan([annual()]);
  const catalogue: ZuoraCatalogue = {
    products: [
      product("PRO", [proMonthly, proAnnual, plan([monthly()], "Expired")]),
      product("SETUP-SKU", [plan([oneTime()])], "SETUP"),
      product("FLAT", [plan([charge("FlatFee", "Recurring", "Month")])]),
      product("BUNDLE", [plan([monthly(), charge("FlatFee", "OneTime", null)])]),
      product("TWICE", [plan([monthly()]), plan([monthly()])]),
      product("DUP", []),
      product("OTHER", [], "DUP"),
    ],
  };

  it("takes the one active plan of the product whose only charge is per unit and billed like the offer", () => {
    const month = matchOffer(catalogue, { productCode: "PRO", billingPeriod: "month", currencies: ["GBP"] });
    expect(month).toMatchObject({
      found: true,
      ref: { productRatePlanId: proMonthly.id, productRatePlanChargeId: proMonthly.charges[0]?.id },
      ratePlanNumber: proMonthly.number,
      missingCurrencies: [],
    });
    const year = matchOffer(catalogue, {
      productCode: "PRO",
      billingPeriod: "year",
      currencies: ["GBP", "USD"],
    });
    expect(year).toMatchObject({
      found: true,
      ref: { productRatePlanId: proAnnual.id },
      missingCurrencies: ["USD"],
    });
  });

  it("finds the product by its product number too", () => {
    expect(
      matchOffer(catalogue, { productCode: "SETUP", billingPeriod: "once", currencies: [] }),
    ).toMatchObject({
      found: true,
    });
  });

  it.each([
    ["NOPE", "month", 'no product has the SKU or product number "NOPE"'],
    ["DUP", "month", '2 products have the SKU or product number "DUP"'],
    ["PRO", "once", 'product "PRO" has no active rate plan whose only charge is a per-unit one-time charge'],
    ["FLAT", "month", "no active rate plan whose only charge is a per-unit monthly recurring charge"],
    ["BUNDLE", "month", "no active rate plan whose only charge is a per-unit monthly recurring charge"],
    [
      "TWICE",
      "month",
      'product "TWICE" has 2 active rate plans whose only charge is a per-unit monthly recurring charge (PRP-',
    ],
  ] as const)("%s (%s) is not mapped: %s", (productCode, billingPeriod, reason) => {
    const match = matchOffer(catalogue, { productCode, billingPeriod, currencies: [] });
    expect(match.found).toBe(false);
    expect(match.found ? "" : match.reason).toContain(reason);
  });
});

describe("matchDiscountPlan", () => {
  const percent = plan([charge("DiscountPercentage", "Recurring", "Month")]);
  const amount = plan([charge("DiscountFixedAmount", "Recurring", "Month")]);
  const otherAmount = plan([charge("DiscountFixedAmount", "Recurring", "Month")]);
  const catalogue: ZuoraCatalogue = {
    products: [product("DISCOUNTS", [percent, amount]), product("MORE-DISCOUNTS", [otherAmount])],
  };

  it("takes the one plan whose only charge is a discount of the kind, in any product", () => {
    expect(matchDiscountPlan(catalogue, "percent")).toMatchObject({
      found: true,
      ref: { productRatePlanId: percent.id, productRatePlanChargeId: percent.charges[0]?.id },
    });
  });

  it("several fit: none is taken unless one is named, by number or id", () => {
    const several = matchDiscountPlan(catalogue, "amount");
    expect(several.found ? "" : several.reason).toBe(
      `2 active rate plans have a DiscountFixedAmount charge only (${amount.number}, ${otherAmount.number})`,
    );
    expect(matchDiscountPlan(catalogue, "amount", otherAmount.number ?? "")).toMatchObject({
      ref: { productRatePlanId: otherAmount.id },
    });
    expect(matchDiscountPlan(catalogue, "amount", amount.id)).toMatchObject({
      ref: { productRatePlanId: amount.id },
    });
    const wrongKind = matchDiscountPlan(catalogue, "amount", percent.number ?? "");
    expect(wrongKind.found).toBe(false);
  });
});

describe("ratePlanOf", () => {
  it("finds the active plan holding the charge, nothing otherwise", () => {
    const live = plan([monthly()]);
    const expired = plan([monthly()], "Expired");
    const catalogue = { products: [product("PRO", [live, expired])] };
    const ref = (p: ZuoraCatalogueRatePlan, chargeId = p.charges[0]?.id ?? "") => ({
      productRatePlanId: p.id,
      productRatePlanChargeId: chargeId,
    });
    expect(ratePlanOf(catalogue, ref(live))).toBe(live);
    expect(ratePlanOf(catalogue, ref(expired))).toBeNull();
    expect(ratePlanOf(catalogue, ref(live, expired.charges[0]?.id))).toBeNull();
  });
});
