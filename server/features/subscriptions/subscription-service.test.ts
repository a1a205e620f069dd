// The partner's subscriptions: by reference (any case), by status and customer, page by page.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDeps } from "../../../tests/helpers/fixtures";
import { domainError, newOrder, partnerWithStaff } from "../../../tests/helpers/order-test-kit";
import { createTestDatabase, type TestDatabase } from "../../../tests/helpers/test-database";
import { subscriptionDetailSchema } from "../../domain/partner-object-schemas";
import type { PartnerScope } from "../auth/partner-scope";
import { importOffers } from "../catalog/import-offers";
import { submitOrder } from "../orders/submit-order";
import { getSubscription, listSubscriptions } from "./subscription-service";

let t: TestDatabase;
let scope: PartnerScope;
const refs: string[] = [];
let owner = "";

beforeAll(async () => {
  t = await createTestDatabase();
  scope = (await partnerWithStaff(t.db, { slug: "subco", name: "Sub Co" })).scope;
  await importOffers(t.db, {
    offers: [
      { id: "plan", name: "Plan", productCode: "P", billingPeriod: "month", prices: { GBP: 1000 } },
      {
        id: "extra",
        name: "Extra",
        productCode: "X",
        billingPeriod: "month",
        prices: { GBP: 100 },
        addOn: true,
      },
    ],
  });
  const deps = testDeps();
  for (let i = 0; i < 5; i++) {
    const { order } = await submitOrder(
      t.db,
      scope,
      newOrder([{ id: "plan", quantity: i + 1 }], { process_immediately: i !== 4 }),
      {},
      deps,
    );
    refs.push(order.subscriptionReference);
    if (i === 0) owner = order.owner;
  }
  await submitOrder(
    t.db,
    scope,
    {
      order_type: "cancel",
      forSubscription: { reference: refs[1] },
      effective: "immediately",
      reason: "moving",
    },
    {},
    deps,
  );
  await submitOrder(
    t.db,
    scope,
    {
      order_type: "add_offer",
      forSubscription: { reference: refs[0] },
      orderItems: [{ offer: { id: "extra" }, quantity: 3 }],
    },
    {},
    deps,
  );
});
afterAll(async () => t?.close());

describe("subscriptions", () => {
  it("getSubscription finds one by reference in any case, with its current items and orders", async () => {
    const view = await getSubscription(t.db, scope, ` ${(refs[0] as string).toLowerCase()} `);
    expect(subscriptionDetailSchema.parse(view)).toEqual(view);
    expect(view.orders.map((o) => o.order_type).sort()).toEqual(["add_offer", "new"]);
    expect(view).toMatchObject({
      reference: refs[0],
      status: "active",
      currency: "GBP",
      customer: { owner },
    });
    expect(view.items.map((i) => [i.offer.id, i.offer.addOn, i.quantity, i.unitAmount])).toEqual([
      ["plan", false, 1, 1000],
      ["extra", true, 3, 100],
    ]);
    expect(await getSubscription(t.db, scope, refs[1] as string)).toMatchObject({
      status: "cancelled",
      cancelReason: "moving",
      items: [],
    });
    await domainError(getSubscription(t.db, scope, "AAAAAAAAAAAA"), "NOT_FOUND");
    const other = (await partnerWithStaff(t.db, { slug: "othersubco", name: "Other" })).scope;
    await domainError(getSubscription(t.db, other, refs[0] as string), "NOT_FOUND");
  });

  it("listSubscriptions filters by status and customer", async () => {
    const refsOf = async (query: Parameters<typeof listSubscriptions>[2]) =>
      (await listSubscriptions(t.db, scope, query)).items.map((s) => s.reference).sort();
    expect(await refsOf({ status: "cancelled" })).toEqual([refs[1]]);
    expect(await refsOf({ status: "pending" })).toEqual([refs[4]]);
    expect(await refsOf({ status: "active" })).toEqual([refs[0], refs[2], refs[3]].sort());
    expect(await refsOf({ customer: owner })).toEqual([refs[0]]);
    await domainError(listSubscriptions(t.db, scope, { customer: "someone" }), "VALIDATION");
  });

  it("pages through every subscription exactly once", async () => {
    const seen: string[] = [];
    const created: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 10; i++) {
      const page = await listSubscriptions(t.db, scope, { limit: 2, cursor });
      seen.push(...page.items.map((s) => s.reference));
      created.push(...page.items.map((s) => s.createdAt));
      if (!page.next_cursor) break;
      cursor = page.next_cursor;
    }
    expect([...seen].sort()).toEqual([...refs].sort());
    // Newest first across pages.
    expect(created).toEqual([...created].sort().reverse());
  });
});
