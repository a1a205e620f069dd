// Terms that end without a renewal: the subscription expires as of its term's end, once however
// many runs overlap or catch up, emitting subscription.expired; not before its term ends, not
// when an end is scheduled (that is a cancellation), not a rolling one; a renewal revives it.
// Runs on SQLite, and on PostgreSQL with TEST_DATABASE_URL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedPartners, staffScope, testDeps } from "../../../tests/helpers/fixtures";
import { newOrder } from "../../../tests/helpers/order-test-kit";
import { createTestDatabase, type TestDatabase } from "../../../tests/helpers/test-database";
import type { PartnerScope } from "../auth/partner-scope";
import { submitOrder } from "../orders/submit-order";
import { expireDueSubscriptions } from "./scheduled-expiries";

let t: TestDatabase;
let acme: PartnerScope;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedPartners(t.db);
  acme = await staffScope(t.db, "staff@acme.test");
});
afterAll(async () => t?.close());

async function subscriptionOf(offerId: string) {
  const { order } = await submitOrder(t.db, acme, newOrder([{ id: offerId, quantity: 1 }]), {}, testDeps());
  return t.db.subscription.findUniqueOrThrow({ where: { reference: order.subscriptionReference } });
}

const statusOf = async (reference: string) =>
  (await t.db.subscription.findUniqueOrThrow({ where: { reference } })).status;

describe("expiry at the end of a term not renewed", () => {
  it("expires a termed subscription as its term ends, once, with an audit row; a renewal revives it", async () => {
    const termed = await subscriptionOf("pro-annual");
    const rolling = await subscriptionOf("pro-monthly");
    const termEnd = termed.termEnd;
    if (!termEnd) throw new Error("the fixture offer has a term");
    expect(rolling.termEnd).toBeNull();

    expect(await expireDueSubscriptions(t.db, new Date(termEnd.getTime() - 1))).toBe(0);
    expect(await statusOf(termed.reference)).toBe("active");

    const late = new Date(termEnd.getTime() + 3 * 24 * 3_600_000);
    const [first, second] = await Promise.all([
      expireDueSubscriptions(t.db, late),
      expireDueSubscriptions(t.db, late),
    ]);
    expect((first ?? 0) + (second ?? 0)).toBeGreaterThanOrEqual(1);
    expect(await statusOf(termed.reference)).toBe("expired");
    expect(await statusOf(rolling.reference)).toBe("active");
    const audit = await t.db.auditEvent.findMany({
      where: { subjectId: termed.reference, action: "subscription.expired" },
    });
    expect(audit).toHaveLength(1);
    expect(audit[0]?.data).toEqual({ termEnd: termEnd.toISOString() });
    // Its items stay, for a renewal to bring back.
    expect(await t.db.subscriptionItem.count({ where: { subscriptionId: termed.id, removedAt: null } })).toBe(
      1,
    );

    const renewed = await submitOrder(
      t.db,
      acme,
      { order_type: "renew", forSubscription: { reference: termed.reference } },
      {},
      testDeps(),
    );
    expect(renewed.order.status).toBe("complete");
    expect(await statusOf(termed.reference)).toBe("active");
  });

  it("leaves a subscription whose end is scheduled to the cancellation", async () => {
    const termed = await subscriptionOf("pro-annual");
    await submitOrder(
      t.db,
      acme,
      { order_type: "cancel", forSubscription: { reference: termed.reference }, effective: "end_of_term" },
      {},
      testDeps(),
    );
    const late = new Date((termed.termEnd?.getTime() ?? 0) + 24 * 3_600_000);
    await expireDueSubscriptions(t.db, late);
    expect(await statusOf(termed.reference)).toBe("active");
  });
});
