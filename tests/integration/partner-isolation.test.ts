// Partner B (Globex) can neither read nor change partner A's (Acme's) orders, subscriptions or
// customers through any service, and gets the same answer for A's objects as for objects that do
// not exist (never confirming that they do).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PartnerScope } from "../../server/features/auth/partner-scope";
import { getCustomer, listCustomers } from "../../server/features/customers/customer-service";
import { getOrder } from "../../server/features/orders/get-order";
import { listOrders } from "../../server/features/orders/list-orders";
import { previewOrder } from "../../server/features/orders/preview-order";
import { submitOrder } from "../../server/features/orders/submit-order";
import { getSubscription, listSubscriptions } from "../../server/features/subscriptions/subscription-service";
import { seedPartners, staffScope, testDeps } from "../helpers/fixtures";
import {
  apiClientScope,
  domainError,
  newOrder,
  rowCounts,
  subscriptionSnapshot,
} from "../helpers/order-test-kit";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

let t: TestDatabase;
let acme: PartnerScope;
let globexStaff: PartnerScope;
let globexApi: PartnerScope;
const deps = testDeps();
let a: {
  orderId: string;
  reference: string;
  subscription: string;
  owner: string;
  email: string;
  externalId: string;
};

beforeAll(async () => {
  t = await createTestDatabase();
  await seedPartners(t.db);
  acme = await staffScope(t.db, "staff@acme.test");
  globexStaff = await staffScope(t.db, "staff@globex.test");
  globexApi = await apiClientScope(t.db, "demo-globex-shop");
  const email = "only.acme@example.test";
  const { order } = await submitOrder(
    t.db,
    acme,
    newOrder([{ id: "starter-annual", quantity: 1 }], {
      customerDetails: { firstName: "Ona", lastName: "Acme", email },
      external_id: "SHARED-EXT",
      orderDate: "2026-11-01",
    }),
    {},
    deps,
  );
  a = {
    orderId: order.id,
    reference: order.order_reference,
    subscription: order.subscriptionReference,
    owner: order.owner,
    email,
    externalId: "SHARED-EXT",
  };
});
afterAll(async () => t?.close());

// Scopes are made in beforeAll, after describe.each has run: hand over getters.
const globexScopes: [string, () => PartnerScope][] = [
  ["Globex staff", () => globexStaff],
  ["Globex API client", () => globexApi],
];

describe.each(globexScopes)("%s", (_name, b) => {
  it("cannot read Acme's order, subscription or customer: the same NOT_FOUND as an unknown one", async () => {
    const unknownOrder = await domainError(getOrder(t.db, b(), `order-${"0".repeat(32)}`), "NOT_FOUND");
    const hidden = await domainError(getOrder(t.db, b(), a.orderId), "NOT_FOUND");
    expect(hidden.message).toBe(
      unknownOrder.message.replace("0".repeat(32), a.orderId.slice("order-".length)),
    );
    await domainError(getSubscription(t.db, b(), a.subscription), "NOT_FOUND");
    await domainError(getSubscription(t.db, b(), a.subscription.toLowerCase()), "NOT_FOUND");
    await domainError(getCustomer(t.db, b(), a.owner), "NOT_FOUND");
    // Acme itself can.
    expect((await getOrder(t.db, acme, a.orderId)).id).toBe(a.orderId);
    expect((await getSubscription(t.db, acme, a.subscription)).reference).toBe(a.subscription);
    expect((await getCustomer(t.db, acme, a.owner)).email).toBe(a.email);
  });

  it("never sees Acme's objects in its lists, whatever the filter", async () => {
    const queries = [
      {},
      { q: a.reference },
      { q: a.email },
      { q: "only.acme" },
      { q: a.externalId },
      { external_id: a.externalId },
      { customer: a.owner },
      { subscription: a.subscription },
      { created_from: "2000-01-01", limit: 100 },
    ];
    for (const query of queries) {
      const page = await listOrders(t.db, b(), query);
      expect(page.items.map((o) => o.id)).not.toContain(a.orderId);
      expect(page.items.every((o) => o.customer.owner !== a.owner)).toBe(true);
    }
    expect((await listOrders(t.db, b(), { q: a.email })).items).toEqual([]);
    expect((await listOrders(t.db, b(), { customer: a.owner })).items).toEqual([]);
    expect((await listOrders(t.db, b(), { subscription: a.subscription })).items).toEqual([]);

    const subs = await listSubscriptions(t.db, b(), { limit: 100 });
    expect(subs.items.map((s) => s.reference)).not.toContain(a.subscription);
    expect((await listSubscriptions(t.db, b(), { customer: a.owner })).items).toEqual([]);

    const customers = await listCustomers(t.db, b(), { limit: 100 });
    expect(customers.items.map((c) => c.owner)).not.toContain(a.owner);
    expect((await listCustomers(t.db, b(), { q: "only.acme" })).items).toEqual([]);
    expect((await listCustomers(t.db, b(), { q: a.owner })).items).toEqual([]);
    // ...while Acme finds them with the same queries.
    expect((await listOrders(t.db, acme, { q: a.email })).items.map((o) => o.id)).toEqual([a.orderId]);
    expect((await listCustomers(t.db, acme, { q: "only.acme" })).items.map((c) => c.owner)).toEqual([
      a.owner,
    ]);
    expect(
      (await listSubscriptions(t.db, acme, { customer: a.owner })).items.map((s) => s.reference),
    ).toEqual([a.subscription]);
  });

  it("cannot change Acme's subscription with any variant: NOT_FOUND, nothing stored", async () => {
    const before = await rowCounts(t.db);
    const snapshot = await subscriptionSnapshot(t.db);
    const forSubscription = { reference: a.subscription };
    const bodies = [
      {
        order_type: "change_offer",
        forSubscription,
        orderItems: [{ offer: { id: "pro-annual" }, quantity: 1 }],
      },
      {
        order_type: "add_offer",
        forSubscription,
        orderItems: [{ offer: { id: "addon-storage" }, quantity: 1 }],
      },
      { order_type: "cancel", forSubscription, effective: "immediately" },
      { order_type: "cancel", forSubscription, effective: "end_of_term" },
      { order_type: "renew", forSubscription, termMonths: 12 },
    ];
    for (const body of bodies) {
      const preview = await previewOrder(t.db, b(), body, deps);
      expect(preview.eligibility.problems).toEqual([
        {
          code: "SUBSCRIPTION_NOT_FOUND",
          path: "forSubscription.reference",
          message: `Subscription ${a.subscription} does not exist.`,
        },
      ]);
      await domainError(
        submitOrder(
          t.db,
          b(),
          body,
          { idempotencyKey: `steal-${body.order_type}-${"effective" in body ? body.effective : ""}` },
          deps,
        ),
        "NOT_FOUND",
      );
    }
    expect(await rowCounts(t.db)).toEqual(before);
    expect(await subscriptionSnapshot(t.db)).toEqual(snapshot);
  });

  it("cannot order for Acme's customer (customer.owner): CUSTOMER_NOT_FOUND, nothing stored", async () => {
    const before = await rowCounts(t.db);
    const body = {
      ...newOrder([{ id: "pro-monthly", quantity: 1 }], { country: "DE" }),
      customerDetails: undefined,
      customer: { owner: a.owner },
    };
    const preview = await previewOrder(t.db, b(), body, deps);
    expect(preview.eligibility.problems).toEqual([
      { code: "CUSTOMER_NOT_FOUND", path: "customer.owner", message: `Customer ${a.owner} does not exist.` },
    ]);
    const error = await domainError(submitOrder(t.db, b(), body, {}, deps), "INELIGIBLE");
    expect(error.details.problems?.map((p) => p.code)).toEqual(["CUSTOMER_NOT_FOUND"]);
    expect(await rowCounts(t.db)).toEqual(before);
  });

  it("Acme's external_id and Idempotency-Key do not collide with its own", async () => {
    const key = `acme-key-${b().actor.kind}`;
    await submitOrder(
      t.db,
      acme,
      newOrder([{ id: "starter-monthly", quantity: 1 }]),
      { idempotencyKey: key },
      deps,
    );
    const mine = await submitOrder(
      t.db,
      b(),
      newOrder([{ id: "starter-monthly", quantity: 1 }], { country: "DE", external_id: a.externalId }),
      { idempotencyKey: key },
      deps,
    );
    expect(mine.replayed).toBe(false);
    expect(mine.order.external_id).toBe(a.externalId);
    await t.db.order.delete({ where: { id: mine.order.id } }); // let the next scope reuse the external id
  });
});

describe("a customer's email known to another partner", () => {
  it("makes a separate customer of Globex's own; Acme's customer is not touched", async () => {
    const acmeCustomer = await t.db.customer.findUniqueOrThrow({ where: { id: a.owner } });
    const { order } = await submitOrder(
      t.db,
      globexStaff,
      newOrder([{ id: "starter-annual", quantity: 1 }], {
        country: "DE",
        customerDetails: { firstName: "Other", lastName: "Person", email: a.email },
      }),
      {},
      deps,
    );
    expect(order.owner).not.toBe(a.owner);
    expect((await getCustomer(t.db, globexStaff, order.owner)).email).toBe(a.email);
    expect(await t.db.customer.findUniqueOrThrow({ where: { id: a.owner } })).toEqual(acmeCustomer);
    expect((await getCustomer(t.db, acme, a.owner)).subscriptions.map((s) => s.reference)).toEqual([
      a.subscription,
    ]);
  });
});
