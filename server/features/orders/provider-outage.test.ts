// A billing provider outage during submit, then recovery: nothing is half-written (no order,
// customer, subscription, audit event or idempotency row) and a retry with the same
// Idempotency-Key then places the order once. First with a test double, then through the real
// Stripe provider against the local Stripe fake.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedPartners, staffScope, testDeps } from "../../../tests/helpers/fixtures";
import { domainError, flakyProvider, newOrder, rowCounts } from "../../../tests/helpers/order-test-kit";
import { type StripePartner, stripePartner } from "../../../tests/helpers/stripe-partner";
import { createTestDatabase, type TestDatabase } from "../../../tests/helpers/test-database";
import { BuiltinBillingProvider } from "../../infra/billing/builtin-provider";
import type { PartnerScope } from "../auth/partner-scope";
import { previewOrder } from "./preview-order";
import { submitOrder } from "./submit-order";

let t: TestDatabase;
let acme: PartnerScope;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedPartners(t.db);
  acme = await staffScope(t.db, "staff@acme.test");
});
afterAll(async () => t?.close());

describe("billing provider outage (test double)", () => {
  it("a failed submit stores nothing and frees the key; the retry succeeds once, then replays", async () => {
    const flaky = flakyProvider(new BuiltinBillingProvider(), 1);
    const deps = testDeps({ provider: () => flaky.provider });
    const body = newOrder([{ id: "pro-monthly", quantity: 2 }], {
      external_id: "OUTAGE-1",
      orderDiscount: { code: "WELCOME10" },
    });
    const before = await rowCounts(t.db);

    await domainError(submitOrder(t.db, acme, body, { idempotencyKey: "outage-1" }, deps), "UPSTREAM_FAILED");
    expect(flaky.calls).toEqual({ preview: 0, submit: 1, failed: 1 });
    expect(await rowCounts(t.db)).toEqual(before);
    expect(await t.db.idempotencyRecord.findFirst({ where: { key: "outage-1" } })).toBeNull();
    expect(await t.db.customer.findFirst({ where: { emailLower: body.customerDetails.email } })).toBeNull();

    const retried = await submitOrder(t.db, acme, body, { idempotencyKey: "outage-1" }, deps);
    expect(retried.replayed).toBe(false);
    // 2 x 4900 = 9800, 10 % off = 8820, + 20 % tax = 10584.
    expect(retried.order).toMatchObject({ external_id: "OUTAGE-1", total: 10584, status: "complete" });
    expect(await rowCounts(t.db)).toEqual({
      ...before,
      orders: before.orders + 1,
      orderItems: before.orderItems + 1,
      customers: before.customers + 1,
      subscriptions: before.subscriptions + 1,
      subscriptionItems: before.subscriptionItems + 1,
      idempotencyRecords: before.idempotencyRecords + 1,
      auditEvents: before.auditEvents + 1,
      timesRedeemed: before.timesRedeemed + 1,
    });

    const replay = await submitOrder(t.db, acme, body, { idempotencyKey: "outage-1" }, deps);
    expect(replay).toEqual({ order: retried.order, replayed: true });
    expect(flaky.calls.submit).toBe(2);
  });

  it("an outage on a change to an existing subscription leaves the subscription untouched", async () => {
    const deps = testDeps();
    const { order } = await submitOrder(
      t.db,
      acme,
      newOrder([{ id: "starter-monthly", quantity: 1 }], { orderDate: "2026-11-01" }),
      {},
      deps,
    );
    const reference = order.subscriptionReference;
    const snapshot = await t.db.subscription.findUniqueOrThrow({
      where: { reference },
      include: { items: true },
    });
    const flaky = flakyProvider(new BuiltinBillingProvider(), 1);
    const change = {
      order_type: "change_offer",
      forSubscription: { reference },
      orderItems: [{ offer: { id: "pro-monthly" }, quantity: 1 }],
    };
    const before = await rowCounts(t.db);
    await domainError(
      submitOrder(
        t.db,
        acme,
        change,
        { idempotencyKey: "outage-2" },
        testDeps({ provider: () => flaky.provider }),
      ),
      "UPSTREAM_FAILED",
    );
    expect(await rowCounts(t.db)).toEqual(before);
    expect(
      await t.db.subscription.findUniqueOrThrow({ where: { reference }, include: { items: true } }),
    ).toEqual(snapshot);
    const retried = await submitOrder(
      t.db,
      acme,
      change,
      { idempotencyKey: "outage-2" },
      testDeps({ provider: () => flaky.provider }),
    );
    expect(retried.replayed).toBe(false);
    const items = await t.db.subscriptionItem.findMany({
      where: { subscription: { reference }, removedAt: null },
    });
    expect(items.map((i) => i.offerId)).toEqual(["pro-monthly"]);
  });
});

describe("billing provider outage through the Stripe provider and the Stripe fake", () => {
  let billed: StripePartner;
  beforeAll(async () => {
    billed = await stripePartner(t.db, "stripey");
  });
  afterAll(async () => billed?.close());

  it("Stripe failing (5xx) on submit stores nothing; after recovery the same key places one order", async () => {
    const { stripe, scope } = billed;
    const deps = billed.deps();
    const body = newOrder([{ id: "pro-monthly", quantity: 2 }], { external_id: "STRIPE-OUTAGE-1" });
    const preview = await previewOrder(t.db, scope, body, deps);
    expect(preview.billingProvider).toBe("stripe");
    expect(preview.eligibility.eligible).toBe(true);
    expect(preview.total).toBe(11760); // 2 x 4900 + 20 %

    const before = await rowCounts(t.db);
    stripe.setMode("fail");
    await domainError(
      submitOrder(t.db, scope, body, { idempotencyKey: "stripe-outage-1" }, deps),
      "UPSTREAM_FAILED",
    );
    expect(await rowCounts(t.db)).toEqual(before);
    expect(stripe.subscriptions.size).toBe(0);

    stripe.recover();
    const retried = await submitOrder(t.db, scope, body, { idempotencyKey: "stripe-outage-1" }, deps);
    expect(retried.replayed).toBe(false);
    expect(retried.order.total).toBe(preview.total);
    const stored = await t.db.order.findUniqueOrThrow({
      where: { id: retried.order.id },
      include: { subscription: true, customer: true },
    });
    expect(stored.billingProvider).toBe("stripe");
    expect(stored.subscription?.providerSubscriptionId).toMatch(/^sub_/);
    expect(stored.customer.providerCustomerId).toMatch(/^cus_/);
    expect(stripe.subscriptions.size).toBe(1);
    expect(await rowCounts(t.db)).toMatchObject({
      orders: before.orders + 1,
      customers: before.customers + 1,
      subscriptions: before.subscriptions + 1,
    });

    const replay = await submitOrder(t.db, scope, body, { idempotencyKey: "stripe-outage-1" }, deps);
    expect(replay).toEqual({ order: retried.order, replayed: true });
    expect(stripe.subscriptions.size).toBe(1);
  });

  it("a used external_id is refused before Stripe is asked, so Stripe bills nothing for it", async () => {
    const { stripe, scope } = billed;
    const deps = billed.deps();
    const first = await submitOrder(
      t.db,
      scope,
      newOrder([{ id: "pro-monthly", quantity: 1 }], { external_id: "STRIPE-EXT-1" }),
      {},
      deps,
    );
    const subscriptions = stripe.subscriptions.size;
    const error = await domainError(
      submitOrder(
        t.db,
        scope,
        newOrder([{ id: "starter-monthly", quantity: 1 }], { external_id: "STRIPE-EXT-1" }),
        {},
        deps,
      ),
      "CONFLICT",
    );
    expect(error.details.extra).toEqual({
      existing_order: { id: first.order.id, order_reference: first.order.order_reference },
    });
    expect(stripe.subscriptions.size).toBe(subscriptions);
  });
});
