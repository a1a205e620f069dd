// Every eligibility code reached through previewOrder and submitOrder against the real catalogue:
// preview lists all problems of an order at once; submit refuses the same order with INELIGIBLE
// and the same problems, storing nothing (not even the idempotency key); an unknown subscription
// is NOT_FOUND on submit. previewOrder never writes anything.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedPartners, staffScope, testDeps } from "../../../tests/helpers/fixtures";
import {
  domainError,
  newOrder,
  partnerWithStaff,
  rowCounts,
  subscriptionSnapshot,
} from "../../../tests/helpers/order-test-kit";
import { createTestDatabase, type TestDatabase } from "../../../tests/helpers/test-database";
import {
  CALLOUT_ELIGIBILITY_CODES,
  ELIGIBILITY_CODE_VALUES,
  type EligibilityCode,
  PROVIDER_ELIGIBILITY_CODES,
  RETIRED_ELIGIBILITY_CODES,
} from "../../domain/eligibility-codes";
import type { PartnerScope } from "../auth/partner-scope";
import { previewOrder } from "./preview-order";
import { submitOrder } from "./submit-order";

let t: TestDatabase;
let acme: PartnerScope;
let globex: PartnerScope;
let suspended: PartnerScope;
const deps = testDeps();
const subs: Record<"rolling" | "annual" | "cancelled" | "scheduled", { reference: string; owner: string }> =
  {} as never;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedPartners(t.db);
  acme = await staffScope(t.db, "staff@acme.test");
  globex = await staffScope(t.db, "staff@globex.test");
  suspended = (await partnerWithStaff(t.db, { slug: "initech", name: "Initech", status: "suspended" })).scope;
  const make = async (offer: string) => {
    const { order } = await submitOrder(
      t.db,
      acme,
      newOrder([{ id: offer, quantity: 1 }], { orderDate: "2026-11-01" }),
      {},
      deps,
    );
    return { reference: order.subscriptionReference, owner: order.owner };
  };
  subs.rolling = await make("starter-monthly");
  subs.annual = await make("starter-annual");
  subs.cancelled = await make("starter-monthly");
  subs.scheduled = await make("pro-monthly");
  await submitOrder(
    t.db,
    acme,
    {
      order_type: "cancel",
      forSubscription: { reference: subs.cancelled.reference },
      effective: "immediately",
    },
    {},
    deps,
  );
  await submitOrder(
    t.db,
    acme,
    {
      order_type: "cancel",
      forSubscription: { reference: subs.scheduled.reference },
      effective: "end_of_term",
    },
    {},
    deps,
  );
});
afterAll(async () => t?.close());

type Case = {
  name: string;
  scope: () => PartnerScope;
  body: () => Record<string, unknown>;
  codes: EligibilityCode[];
  paths?: string[];
};

const item = (id: string, quantity = 1, version?: number) => ({ id, quantity, version });
const forSub = (key: keyof typeof subs) => ({ reference: subs[key].reference });

const CASES: Case[] = [
  {
    name: "partner suspended",
    scope: () => suspended,
    body: () => newOrder([item("starter-monthly")]),
    codes: ["PARTNER_SUSPENDED"],
    paths: [""],
  },
  {
    name: "unknown offer and unknown version",
    scope: () => acme,
    body: () => newOrder([item("no-such-offer"), item("pro-monthly", 1, 7)]),
    codes: ["OFFER_NOT_FOUND", "OFFER_NOT_FOUND"],
    paths: ["orderItems.0.offer.id", "orderItems.1.offer.id"],
  },
  {
    // What a partner may not sell reads exactly like an offer that does not exist.
    name: "unpublished offer",
    scope: () => acme,
    body: () => newOrder([item("legacy-basic")]),
    codes: ["OFFER_NOT_FOUND"],
  },
  {
    name: "offer sold only by another partner",
    scope: () => globex,
    body: () => newOrder([item("acme-exclusive-bundle")]),
    codes: ["OFFER_NOT_FOUND"],
  },
  {
    name: "country the partner may not sell in",
    scope: () => acme,
    body: () => newOrder([item("starter-monthly")], { country: "US" }),
    codes: ["COUNTRY_NOT_ALLOWED_FOR_PARTNER"],
    paths: ["country"],
  },
  {
    name: "country the offer is not sold in",
    scope: () => acme,
    body: () => newOrder([item("acme-exclusive-bundle")], { country: "DE" }),
    codes: ["COUNTRY_NOT_ALLOWED_FOR_OFFER"],
  },
  {
    name: "currency the offer has no price in",
    scope: () => globex,
    body: () => newOrder([item("addon-analytics-annual"), item("starter-monthly")], { country: "US" }),
    codes: ["CURRENCY_NOT_PRICED"],
    paths: ["orderItems.0.offer.id"],
  },
  {
    name: "quantity below the minimum and above the maximum",
    scope: () => globex,
    body: () => newOrder([item("enterprise-annual", 9), item("setup-fee", 2)], { country: "DE" }),
    codes: ["QUANTITY_OUT_OF_BOUNDS", "QUANTITY_OUT_OF_BOUNDS"],
    paths: ["orderItems.0.quantity", "orderItems.1.quantity"],
  },
  {
    name: "the same offer on two lines",
    scope: () => acme,
    body: () => newOrder([item("starter-monthly"), item("starter-monthly", 2)]),
    codes: ["DUPLICATE_OFFER_IN_ORDER"],
    paths: ["orderItems.1.offer.id"],
  },
  {
    name: "add-on without a base offer",
    scope: () => acme,
    body: () => newOrder([item("addon-storage", 2)]),
    codes: ["ADD_ON_WITHOUT_BASE"],
  },
  {
    name: "unknown discount code",
    scope: () => acme,
    body: () => newOrder([item("starter-monthly")], { orderDiscount: { code: "NOPE" } }),
    codes: ["DISCOUNT_NOT_FOUND"],
    paths: ["orderDiscount.code"],
  },
  {
    name: "another partner's discount code",
    scope: () => globex,
    body: () => newOrder([item("starter-monthly")], { country: "DE", orderDiscount: { code: "acme20" } }),
    codes: ["DISCOUNT_NOT_FOUND"],
  },
  {
    name: "expired discount code",
    scope: () => acme,
    body: () => newOrder([item("starter-monthly")], { orderDiscount: { code: "EXPIRED2020" } }),
    codes: ["DISCOUNT_EXPIRED"],
  },
  {
    name: "used-up discount code",
    scope: () => acme,
    body: () => newOrder([item("starter-monthly")], { orderDiscount: { code: "ONCEONLY" } }),
    codes: ["DISCOUNT_USED_UP"],
  },
  {
    name: "amount discount in another currency",
    scope: () => acme,
    body: () => newOrder([item("starter-monthly")], { country: "DE", orderDiscount: { code: "FIVEPOUNDS" } }),
    codes: ["DISCOUNT_CURRENCY_MISMATCH"],
  },
  {
    name: "unknown customer owner",
    scope: () => acme,
    body: () => ({
      ...newOrder([item("starter-monthly")]),
      customerDetails: undefined,
      customer: { owner: `id-${"0".repeat(32)}` },
    }),
    codes: ["CUSTOMER_NOT_FOUND"],
    paths: ["customer.owner"],
  },
  {
    name: "new order for an offer the customer already has",
    scope: () => acme,
    body: () => ({
      ...newOrder([item("starter-monthly")]),
      customerDetails: undefined,
      customer: { owner: subs.rolling.owner },
    }),
    codes: ["ALREADY_SUBSCRIBED"],
  },
  {
    name: "add_offer of an offer the subscription already has",
    scope: () => acme,
    body: () => ({
      order_type: "add_offer",
      forSubscription: forSub("rolling"),
      orderItems: [{ offer: { id: "starter-monthly" }, quantity: 1 }],
    }),
    codes: ["ALREADY_SUBSCRIBED"],
  },
  {
    name: "change of a cancelled subscription",
    scope: () => acme,
    body: () => ({
      order_type: "change_offer",
      forSubscription: forSub("cancelled"),
      orderItems: [{ offer: { id: "pro-monthly" }, quantity: 1 }],
    }),
    codes: ["SUBSCRIPTION_NOT_CHANGEABLE"],
    paths: ["forSubscription.reference"],
  },
  {
    name: "add_offer to a subscription scheduled to cancel",
    scope: () => acme,
    body: () => ({
      order_type: "add_offer",
      forSubscription: forSub("scheduled"),
      orderItems: [{ offer: { id: "addon-storage" }, quantity: 1 }],
    }),
    codes: ["SUBSCRIPTION_NOT_CHANGEABLE"],
  },
  {
    name: "renewal of a rolling subscription",
    scope: () => acme,
    body: () => ({ order_type: "renew", forSubscription: forSub("rolling") }),
    codes: ["SUBSCRIPTION_NOT_CHANGEABLE"],
  },
  {
    name: "order above the partner's credit limit",
    scope: () => acme,
    // 20 x 250000 = 5,000,000 + 20 % tax = 6,000,000 > Acme's 5,000,000.
    body: () => newOrder([item("enterprise-annual", 20)]),
    codes: ["CREDIT_LIMIT_EXCEEDED"],
    paths: [""],
  },
];

describe("each eligibility code through the services", () => {
  it.each(CASES)(
    "$name: preview lists it, submit refuses with it and stores nothing",
    async ({ scope, body, codes, paths }) => {
      const request = body();
      const before = await rowCounts(t.db);
      const preview = await previewOrder(t.db, scope(), request, deps);
      expect(preview.eligibility.eligible).toBe(false);
      expect(preview.eligibility.problems.map((p) => p.code)).toEqual(codes);
      if (paths) expect(preview.eligibility.problems.map((p) => p.path)).toEqual(paths);
      for (const p of preview.eligibility.problems) expect(p.message.length).toBeGreaterThan(10);

      const snapshot = await subscriptionSnapshot(t.db);
      const error = await domainError(
        submitOrder(t.db, scope(), request, { idempotencyKey: `refused-${codes[0]}` }, deps),
        "INELIGIBLE",
      );
      expect(error.details.problems).toEqual(preview.eligibility.problems);
      expect(await rowCounts(t.db)).toEqual(before);
      expect(await subscriptionSnapshot(t.db)).toEqual(snapshot);
    },
  );

  it("the cases above reach every code there is, besides SUBSCRIPTION_NOT_FOUND (below) and the partner's own check's", () => {
    const reached = new Set<string>([
      ...CASES.flatMap((c) => c.codes),
      "SUBSCRIPTION_NOT_FOUND",
      ...RETIRED_ELIGIBILITY_CODES,
      // Reached in partner-callout.test.ts, against a real callout server.
      ...CALLOUT_ELIGIBILITY_CODES,
      // Reached in billing/stripe-provider.test.ts and billing/zuora-provider.test.ts, against the
      // Stripe and Zuora fakes (and the Zuora ones through orders in cli/zuora-commands.test.ts).
      ...PROVIDER_ELIGIBILITY_CODES,
    ]);
    expect([...ELIGIBILITY_CODE_VALUES].filter((code) => !reached.has(code))).toEqual([]);
  });

  it("an unknown subscription is listed by preview and NOT_FOUND on submit, for every variant", async () => {
    const before = await rowCounts(t.db);
    const reference = "ZZZZZZZZZZZZ";
    const bodies = [
      {
        order_type: "change_offer",
        forSubscription: { reference },
        orderItems: [{ offer: { id: "pro-monthly" }, quantity: 1 }],
      },
      {
        order_type: "add_offer",
        forSubscription: { reference },
        orderItems: [{ offer: { id: "addon-storage" }, quantity: 1 }],
      },
      { order_type: "cancel", forSubscription: { reference }, effective: "immediately" },
      { order_type: "renew", forSubscription: { reference } },
    ];
    for (const body of bodies) {
      const preview = await previewOrder(t.db, acme, body, deps);
      expect(preview.eligibility.problems).toEqual([
        {
          code: "SUBSCRIPTION_NOT_FOUND",
          path: "forSubscription.reference",
          message: `Subscription ${reference} does not exist.`,
        },
      ]);
      await domainError(
        submitOrder(t.db, acme, body, { idempotencyKey: `nf-${body.order_type}` }, deps),
        "NOT_FOUND",
      );
    }
    expect(await rowCounts(t.db)).toEqual(before);
  });

  it("preview lists every problem of one order at once, and submit names the same ones", async () => {
    // Acme selling to the US (not one of its countries, so USD):
    const body = newOrder(
      [
        item("no-such-offer"), // OFFER_NOT_FOUND
        item("legacy-basic"), // unpublished: OFFER_NOT_FOUND
        item("acme-exclusive-bundle"), // GB/IE only, no USD price
        item("setup-fee", 2), // at most 1
        item("legacy-basic", 3), // again: duplicate (and still not found)
        item("enterprise-annual", 20), // 20 x 300000 USD = 6,000,000 > 5,000,000 limit
      ],
      { country: "US", orderDiscount: { code: "FIVEPOUNDS" } }, // a GBP amount on a USD order
    );
    const preview = await previewOrder(t.db, acme, body, deps);
    expect(preview.currency).toBe("USD");
    expect(preview.eligibility.problems.map((p) => `${p.code} ${p.path}`)).toEqual([
      "COUNTRY_NOT_ALLOWED_FOR_PARTNER country",
      "OFFER_NOT_FOUND orderItems.0.offer.id",
      "OFFER_NOT_FOUND orderItems.1.offer.id",
      "COUNTRY_NOT_ALLOWED_FOR_OFFER orderItems.2.offer.id",
      "CURRENCY_NOT_PRICED orderItems.2.offer.id",
      "QUANTITY_OUT_OF_BOUNDS orderItems.3.quantity",
      "OFFER_NOT_FOUND orderItems.4.offer.id",
      "DUPLICATE_OFFER_IN_ORDER orderItems.4.offer.id",
      "DISCOUNT_CURRENCY_MISMATCH orderDiscount.code",
      "CREDIT_LIMIT_EXCEEDED ",
    ]);
    const before = await rowCounts(t.db);
    const error = await domainError(
      submitOrder(t.db, acme, body, { idempotencyKey: "many-problems" }, deps),
      "INELIGIBLE",
    );
    expect(error.details.problems).toEqual(preview.eligibility.problems);
    expect(await rowCounts(t.db)).toEqual(before);
  });
});

describe("previewOrder stores nothing", () => {
  it("leaves every table as it was, for eligible orders of every variant and for refused ones", async () => {
    const before = await rowCounts(t.db);
    const snapshot = await subscriptionSnapshot(t.db);
    const customers = await t.db.customer.findMany({ orderBy: { id: "asc" } });
    const discounts = await t.db.discountCode.findMany({ orderBy: { id: "asc" } });
    const bodies: unknown[] = [
      newOrder([item("pro-monthly", 2), item("setup-fee")], {
        orderDiscount: { code: "WELCOME10" },
        external_id: "PREVIEW-ONLY",
      }),
      {
        ...newOrder([item("pro-annual")]),
        customerDetails: undefined,
        customer: { owner: subs.rolling.owner },
      },
      {
        order_type: "add_offer",
        forSubscription: forSub("rolling"),
        orderItems: [{ offer: { id: "addon-storage" }, quantity: 1 }],
      },
      {
        order_type: "change_offer",
        forSubscription: forSub("rolling"),
        orderItems: [{ offer: { id: "pro-monthly" }, quantity: 1 }],
      },
      { order_type: "cancel", forSubscription: forSub("rolling"), effective: "immediately" },
      { order_type: "renew", forSubscription: forSub("annual"), termMonths: 12 },
      newOrder([item("legacy-basic")], { country: "US" }),
    ];
    const results = [];
    for (const body of bodies) results.push(await previewOrder(t.db, acme, body, deps));
    expect(results.map((r) => r.eligibility.eligible)).toEqual([true, true, true, true, true, true, false]);
    expect(results[0]?.discountTotal).toBe(10 * 98 + 990); // 10 % of 9800 and of 9900
    expect(await rowCounts(t.db)).toEqual(before);
    expect(await subscriptionSnapshot(t.db)).toEqual(snapshot);
    expect(await t.db.customer.findMany({ orderBy: { id: "asc" } })).toEqual(customers);
    expect(await t.db.discountCode.findMany({ orderBy: { id: "asc" } })).toEqual(discounts);
    expect(await t.db.order.findFirst({ where: { externalId: "PREVIEW-ONLY" } })).toBeNull();
  });

  it("refuses a malformed body with VALIDATION, naming the field", async () => {
    const error = await domainError(
      previewOrder(t.db, acme, { ...newOrder([item("pro-monthly", 0)]) }, deps),
      "VALIDATION",
    );
    expect(error.details.errors?.map((e) => e.path)).toEqual(["orderItems.0.quantity"]);
    await domainError(previewOrder(t.db, acme, { order_type: "upgrade" }, deps), "VALIDATION");
    await domainError(
      submitOrder(t.db, acme, { order_type: "upgrade" }, { idempotencyKey: "bad" }, deps),
      "VALIDATION",
    );
    expect(await t.db.idempotencyRecord.count({ where: { key: "bad" } })).toBe(0);
  });
});
