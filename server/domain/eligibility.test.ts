import { describe, expect, it } from "vitest";
import {
  checkEligibility,
  type EligibilityContext,
  type EligibilityOffer,
  type EligibilitySubscription,
  evaluateEligibility,
  subscriptionChangeRefusal,
} from "./eligibility";
import {
  CALLOUT_ELIGIBILITY_CODES,
  ELIGIBILITY_CODE_VALUES,
  ELIGIBILITY_CODES,
  type EligibilityCode,
  PROVIDER_ELIGIBILITY_CODES,
} from "./eligibility-codes";

const NOW = new Date("2025-06-15T12:00:00Z");
const PARTNER_ID = "partner-acme";

function offer(overrides: Partial<EligibilityOffer> = {}): EligibilityOffer {
  return {
    id: "pro",
    version: 1,
    name: "Pro",
    published: true,
    openToAllPartners: true,
    eligiblePartnerIds: [],
    countries: null,
    prices: { GBP: 1500, EUR: 1700 },
    minQuantity: 1,
    maxQuantity: 100,
    addOn: false,
    ...overrides,
  };
}

const addOnOffer = offer({ id: "backup", name: "Backup", addOn: true });

function subscription(overrides: Partial<EligibilitySubscription> = {}): EligibilitySubscription {
  return {
    id: "sub-1",
    reference: "ABCDEFGH2345",
    partnerId: PARTNER_ID,
    status: "active",
    termEnd: new Date("2026-01-01T00:00:00Z"),
    termMonths: 12,
    cancelAt: null,
    items: [{ offerId: "pro", addOn: false }],
    ...overrides,
  };
}

/** A `new` order that passes every check. */
function happy(overrides: Partial<EligibilityContext> = {}): EligibilityContext {
  return {
    now: NOW,
    orderType: "new",
    partner: {
      id: PARTNER_ID,
      slug: "acme",
      status: "active",
      allowedCountries: ["GB", "DE"],
      creditLimit: 100_000,
    },
    country: "GB",
    currency: "GBP",
    lines: [
      { offerId: "pro", quantity: 2, offer: offer() },
      { offerId: "backup", quantity: 1, offer: addOnOffer },
    ],
    discount: {
      code: "SPRING",
      found: {
        partnerId: PARTNER_ID,
        kind: "percent",
        currency: null,
        expiresAt: new Date("2025-12-31T00:00:00Z"),
        maxRedemptions: 10,
        timesRedeemed: 3,
        active: true,
      },
    },
    customer: {
      owner: `id-${"a".repeat(32)}`,
      found: { id: "c1", partnerId: PARTNER_ID, activeSubscriptionOfferIds: ["other"] },
    },
    subscription: null,
    pricedTotal: 5000,
    ...overrides,
  };
}

/** A subscription order (`type`) against an active subscription, passing every check. */
function happyFor(
  type: "change_offer" | "add_offer" | "cancel" | "renew",
  overrides: Partial<EligibilityContext> = {},
) {
  const lines =
    type === "change_offer"
      ? [{ offerId: "max", quantity: 1, offer: offer({ id: "max", name: "Max" }) }]
      : type === "add_offer"
        ? [{ offerId: "backup", quantity: 1, offer: addOnOffer }]
        : [];
  return happy({
    orderType: type,
    lines,
    discount: null,
    customer: null,
    subscription: { reference: "ABCDEFGH2345", found: subscription() },
    cancelEffective: type === "cancel" ? "end_of_term" : null,
    pricedTotal: 0,
    ...overrides,
  });
}

function codes(ctx: EligibilityContext): EligibilityCode[] {
  return checkEligibility(ctx).map((problem) => problem.code);
}

describe("eligibility: happy paths", () => {
  it("finds no problem in a valid new order", () => {
    expect(evaluateEligibility(happy())).toEqual({ eligible: true, problems: [] });
  });

  it.each(["change_offer", "add_offer", "cancel", "renew"] as const)(
    "finds no problem in a valid %s",
    (type) => {
      expect(checkEligibility(happyFor(type))).toEqual([]);
    },
  );

  it("accepts open-ended settings (every country, no limit, no discount, new customer)", () => {
    const ctx = happy({
      partner: { id: PARTNER_ID, slug: "acme", status: "active", allowedCountries: null, creditLimit: null },
      discount: null,
      customer: null,
      pricedTotal: 10 ** 12,
      country: "JP",
    });
    expect(checkEligibility(ctx)).toEqual([]);
  });
});

describe("eligibility: each code from a minimal change", () => {
  const lineWith = (overrides: Partial<EligibilityOffer>) => [
    { offerId: "pro", quantity: 2, offer: offer(overrides) },
  ];
  const discountWith = (
    overrides: Partial<NonNullable<NonNullable<EligibilityContext["discount"]>["found"]>>,
  ) => {
    const found = happy().discount?.found;
    if (!found) throw new Error("fixture");
    return { code: "SPRING", found: { ...found, ...overrides } };
  };

  const cases: [EligibilityCode, EligibilityContext, string][] = [
    ["PARTNER_SUSPENDED", happy({ partner: { ...happy().partner, status: "suspended" } }), ""],
    [
      "OFFER_NOT_FOUND",
      happy({ lines: [{ offerId: "nope", version: 3, quantity: 1, offer: null }] }),
      "orderItems.0.offer.id",
    ],
    ["OFFER_NOT_PUBLISHED", happy({ lines: lineWith({ published: false }) }), "orderItems.0.offer.id"],
    [
      "OFFER_NOT_SOLD_BY_PARTNER",
      happy({ lines: lineWith({ openToAllPartners: false, eligiblePartnerIds: ["someone-else"] }) }),
      "orderItems.0.offer.id",
    ],
    ["COUNTRY_NOT_ALLOWED_FOR_PARTNER", happy({ country: "FR", lines: lineWith({}) }), "country"],
    [
      "COUNTRY_NOT_ALLOWED_FOR_OFFER",
      happy({ lines: lineWith({ countries: ["DE"] }) }),
      "orderItems.0.offer.id",
    ],
    ["CURRENCY_NOT_PRICED", happy({ lines: lineWith({ prices: { EUR: 1700 } }) }), "orderItems.0.offer.id"],
    [
      "QUANTITY_OUT_OF_BOUNDS",
      happy({ lines: [{ offerId: "pro", quantity: 101, offer: offer() }] }),
      "orderItems.0.quantity",
    ],
    [
      "DUPLICATE_OFFER_IN_ORDER",
      happy({
        lines: [
          { offerId: "pro", quantity: 1, offer: offer() },
          { offerId: "pro", quantity: 1, offer: offer() },
        ],
      }),
      "orderItems.1.offer.id",
    ],
    [
      "ADD_ON_WITHOUT_BASE",
      happy({ lines: [{ offerId: "backup", quantity: 1, offer: addOnOffer }] }),
      "orderItems.0.offer.id",
    ],
    ["DISCOUNT_NOT_FOUND", happy({ discount: { code: "NOPE", found: null } }), "orderDiscount.code"],
    [
      "DISCOUNT_NOT_FOR_PARTNER",
      happy({ discount: discountWith({ partnerId: "other-partner" }) }),
      "orderDiscount.code",
    ],
    ["DISCOUNT_EXPIRED", happy({ discount: discountWith({ expiresAt: NOW }) }), "orderDiscount.code"],
    ["DISCOUNT_USED_UP", happy({ discount: discountWith({ timesRedeemed: 10 }) }), "orderDiscount.code"],
    [
      "DISCOUNT_CURRENCY_MISMATCH",
      happy({ discount: discountWith({ kind: "amount", currency: "EUR" }) }),
      "orderDiscount.code",
    ],
    [
      "CUSTOMER_NOT_FOUND",
      happy({ customer: { owner: `id-${"b".repeat(32)}`, found: null } }),
      "customer.owner",
    ],
    [
      "SUBSCRIPTION_NOT_FOUND",
      happyFor("cancel", { subscription: { reference: "ZZZZZZZZZZZZ", found: null } }),
      "forSubscription.reference",
    ],
    [
      "SUBSCRIPTION_NOT_CHANGEABLE",
      happyFor("cancel", {
        subscription: { reference: "ABCDEFGH2345", found: subscription({ status: "cancelled" }) },
      }),
      "forSubscription.reference",
    ],
    [
      "ALREADY_SUBSCRIBED",
      happy({
        customer: {
          owner: `id-${"a".repeat(32)}`,
          found: { id: "c1", partnerId: PARTNER_ID, activeSubscriptionOfferIds: ["pro"] },
        },
      }),
      "orderItems.0.offer.id",
    ],
    ["CREDIT_LIMIT_EXCEEDED", happy({ pricedTotal: 100_001 }), ""],
  ];

  it("covers every code", () => {
    expect(new Set(cases.map(([code]) => code))).toEqual(
      new Set(
        ELIGIBILITY_CODE_VALUES.filter(
          (code) => !CALLOUT_ELIGIBILITY_CODES.includes(code) && !PROVIDER_ELIGIBILITY_CODES.includes(code),
        ),
      ),
    );
  });

  it.each(cases)("%s", (code, ctx, path) => {
    const problems = checkEligibility(ctx);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code, path });
    expect(problems[0]?.message.length).toBeGreaterThan(10);
  });
});

describe("eligibility: details", () => {
  it("reports every problem at once", () => {
    const ctx = happy({
      partner: { ...happy().partner, status: "suspended", creditLimit: 10 },
      country: "FR",
      lines: [
        { offerId: "pro", quantity: 0, offer: offer({ published: false }) },
        { offerId: "gone", quantity: 1, offer: null },
        { offerId: "pro", quantity: 1, offer: offer() },
      ],
      discount: { code: "NOPE", found: null },
      customer: { owner: `id-${"c".repeat(32)}`, found: null },
    });
    expect(checkEligibility(ctx)).toEqual([
      expect.objectContaining({ code: "PARTNER_SUSPENDED", path: "" }),
      expect.objectContaining({ code: "COUNTRY_NOT_ALLOWED_FOR_PARTNER", path: "country" }),
      expect.objectContaining({ code: "CUSTOMER_NOT_FOUND", path: "customer.owner" }),
      expect.objectContaining({ code: "OFFER_NOT_PUBLISHED", path: "orderItems.0.offer.id" }),
      expect.objectContaining({ code: "QUANTITY_OUT_OF_BOUNDS", path: "orderItems.0.quantity" }),
      expect.objectContaining({ code: "OFFER_NOT_FOUND", path: "orderItems.1.offer.id" }),
      expect.objectContaining({ code: "DUPLICATE_OFFER_IN_ORDER", path: "orderItems.2.offer.id" }),
      expect.objectContaining({ code: "DISCOUNT_NOT_FOUND", path: "orderDiscount.code" }),
      expect.objectContaining({ code: "CREDIT_LIMIT_EXCEEDED", path: "" }),
    ]);
    expect(evaluateEligibility(ctx).eligible).toBe(false);
  });

  it("lets a partner sell an offer restricted to it", () => {
    const lines = [
      {
        offerId: "pro",
        quantity: 1,
        offer: offer({ openToAllPartners: false, eligiblePartnerIds: [PARTNER_ID] }),
      },
    ];
    expect(codes(happy({ lines }))).toEqual([]);
  });

  it("reports several discount problems together, but nothing more for an unknown or foreign code", () => {
    const found = happy().discount?.found;
    if (!found) throw new Error("fixture");
    const all = { ...found, kind: "amount" as const, currency: "EUR", expiresAt: NOW, timesRedeemed: 10 };
    expect(codes(happy({ discount: { code: "X", found: all } }))).toEqual([
      "DISCOUNT_EXPIRED",
      "DISCOUNT_USED_UP",
      "DISCOUNT_CURRENCY_MISMATCH",
    ]);
    expect(codes(happy({ discount: { code: "X", found: { ...all, active: false } } }))).toEqual([
      "DISCOUNT_NOT_FOUND",
    ]);
    expect(codes(happy({ discount: { code: "X", found: { ...all, partnerId: "other" } } }))).toEqual([
      "DISCOUNT_NOT_FOR_PARTNER",
    ]);
    expect(codes(happy({ discount: { code: "X", found: { ...found, partnerId: null } } }))).toEqual([]);
  });

  it("treats another partner's customer or subscription as not found", () => {
    expect(
      codes(
        happy({
          customer: {
            owner: "id-x",
            found: { id: "c", partnerId: "other", activeSubscriptionOfferIds: ["pro"] },
          },
        }),
      ),
    ).toEqual(["CUSTOMER_NOT_FOUND"]);
    expect(
      codes(
        happyFor("add_offer", {
          subscription: { reference: "R", found: subscription({ partnerId: "other" }) },
        }),
      ),
    ).toEqual(["SUBSCRIPTION_NOT_FOUND"]);
  });

  it("lets add_offer rely on a base offer on the subscription, but not change_offer", () => {
    const addOnLine = [{ offerId: "backup", quantity: 1, offer: addOnOffer }];
    expect(codes(happyFor("add_offer", { lines: addOnLine }))).toEqual([]);
    const onlyAddOns = subscription({
      items: [
        { offerId: "other-addon", addOn: true },
        { offerId: "pro", addOn: false, removedAt: NOW },
      ],
    });
    expect(
      codes(happyFor("add_offer", { lines: addOnLine, subscription: { reference: "R", found: onlyAddOns } })),
    ).toEqual(["ADD_ON_WITHOUT_BASE"]);
    expect(codes(happyFor("change_offer", { lines: addOnLine }))).toEqual(["ADD_ON_WITHOUT_BASE"]);
  });

  it("reports ALREADY_SUBSCRIBED when add_offer adds an offer the subscription has", () => {
    const lines = [{ offerId: "pro", quantity: 1, offer: offer() }];
    expect(checkEligibility(happyFor("add_offer", { lines }))).toEqual([
      expect.objectContaining({ code: "ALREADY_SUBSCRIBED", path: "orderItems.0.offer.id" }),
    ]);
  });

  it("skips country checks when the country is unknown", () => {
    const lines = [{ offerId: "max", quantity: 1, offer: offer({ id: "max", countries: ["DE"] }) }];
    expect(codes(happyFor("change_offer", { country: null, lines }))).toEqual([]);
  });
});

describe("subscription states", () => {
  const refusal = (
    type: "change_offer" | "add_offer" | "cancel" | "renew",
    overrides: Partial<EligibilitySubscription>,
    effective: "immediately" | "end_of_term" | null = null,
  ) => subscriptionChangeRefusal(type, subscription(overrides), NOW, effective);
  const scheduled = { cancelAt: new Date("2026-01-01T00:00:00Z") };

  it.each([
    ["change_offer", {}, null, false],
    ["change_offer", { status: "expired" }, null, true],
    ["change_offer", { status: "pending" }, null, true],
    ["change_offer", { termEnd: new Date("2025-06-01T00:00:00Z") }, null, true],
    ["change_offer", scheduled, null, true],
    ["add_offer", { status: "cancelled" }, null, true],
    ["cancel", {}, "immediately", false],
    ["cancel", { status: "pending" }, "end_of_term", true],
    ["cancel", { status: "cancelled" }, "immediately", true],
    ["cancel", { status: "expired" }, "end_of_term", true],
    ["cancel", scheduled, "end_of_term", true],
    ["cancel", scheduled, "immediately", false],
    ["renew", {}, null, false],
    ["renew", { status: "expired" }, null, false],
    ["renew", { termEnd: null, termMonths: null }, null, true],
    ["renew", { status: "cancelled" }, null, true],
    ["renew", scheduled, null, true],
  ] as const)("%s with %o (%s) refused: %s", (type, overrides, effective, refused) => {
    const result = refusal(type, overrides as Partial<EligibilitySubscription>, effective);
    if (refused) expect(result).toEqual(expect.any(String));
    else expect(result).toBeNull();
  });
});

describe("eligibility codes", () => {
  it("are unique, upper snake case and described", () => {
    expect(new Set(ELIGIBILITY_CODE_VALUES).size).toBe(ELIGIBILITY_CODES.length);
    for (const { code, description } of ELIGIBILITY_CODES) {
      expect(code).toMatch(/^[A-Z]+(_[A-Z]+)*$/);
      expect(description.length).toBeGreaterThan(15);
    }
  });
});
