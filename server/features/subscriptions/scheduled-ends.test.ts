// Cancellations at the end of the term take effect when the term ends, as of that moment, once:
// not before, not twice when runs overlap (several instances), and a late run catches up.
// Runs on SQLite, and on PostgreSQL with TEST_DATABASE_URL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedPartners, staffScope, testDeps } from "../../../tests/helpers/fixtures";
import { newOrder } from "../../../tests/helpers/order-test-kit";
import { createTestDatabase, type TestDatabase } from "../../../tests/helpers/test-database";
import type { PartnerScope } from "../auth/partner-scope";
import { submitOrder } from "../orders/submit-order";
import { endDueSubscriptions } from "./scheduled-ends";

let t: TestDatabase;
let acme: PartnerScope;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedPartners(t.db);
  acme = await staffScope(t.db, "staff@acme.test");
});
afterAll(async () => t?.close());

/** A subscription cancelled at the end of its term; its end moment. */
async function endingSubscription(offerId: string): Promise<{ reference: string; endsAt: Date }> {
  const deps = testDeps();
  const { order } = await submitOrder(t.db, acme, newOrder([{ id: offerId, quantity: 1 }]), {}, deps);
  const reference = order.subscriptionReference;
  await submitOrder(
    t.db,
    acme,
    { order_type: "cancel", forSubscription: { reference }, effective: "end_of_term", reason: "budget" },
    {},
    deps,
  );
  const { cancelAt } = await t.db.subscription.findUniqueOrThrow({ where: { reference } });
  if (!cancelAt) throw new Error("no cancelAt");
  return { reference, endsAt: cancelAt };
}

describe("scheduled ends of subscriptions", () => {
  it("end a subscription when its term ends, as of that moment, with its items, once", async () => {
    const { reference, endsAt } = await endingSubscription("pro-annual");
    expect(endsAt.getTime()).toBeGreaterThan(testDeps().now().getTime());

    expect(await endDueSubscriptions(t.db, new Date(endsAt.getTime() - 1))).toBe(0);
    expect((await t.db.subscription.findUniqueOrThrow({ where: { reference } })).status).toBe("active");

    // A run a day late catches up, and records the end at the term's end, not at the run.
    const late = new Date(endsAt.getTime() + 24 * 3600_000);
    expect(await endDueSubscriptions(t.db, late)).toBeGreaterThanOrEqual(1);
    const ended = await t.db.subscription.findUniqueOrThrow({
      where: { reference },
      include: { items: true },
    });
    expect(ended).toMatchObject({ status: "cancelled", cancelledAt: endsAt, cancelReason: "budget" });
    expect(ended.items.every((i) => i.removedAt?.getTime() === endsAt.getTime())).toBe(true);

    expect(await endDueSubscriptions(t.db, late)).toBe(0);
    const audit = await t.db.auditEvent.findMany({
      where: { subjectType: "subscription", subjectId: reference, action: "subscription.cancelled" },
    });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorKind: "system", partnerId: acme.partnerId });
  });

  it("ends each subscription once when several runs overlap", async () => {
    const ending = [await endingSubscription("starter-monthly"), await endingSubscription("pro-monthly")];
    const after = new Date(Math.max(...ending.map((e) => e.endsAt.getTime())) + 1000);
    const counts = await Promise.all([1, 2, 3].map(() => endDueSubscriptions(t.db, after)));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(2);
    for (const { reference } of ending) {
      const audit = await t.db.auditEvent.count({
        where: { subjectType: "subscription", subjectId: reference, action: "subscription.cancelled" },
      });
      expect(audit).toBe(1);
    }
  });
});
