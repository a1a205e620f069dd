// The dashboard's figures, from the use case the page calls (the portal reads pages through use
// cases, not tRPC), on whichever database the suite runs on (groupBy goes through `aggregating`).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newOrderBody, seedPartners, staffScope, testDeps } from "../../../tests/helpers/fixtures";
import { createTestDatabase, type TestDatabase } from "../../../tests/helpers/test-database";
import { submitOrder } from "../orders/submit-order";
import { dashboardSummary } from "./dashboard-summary";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await seedPartners(t.db);
});
afterAll(async () => t?.close());

describe("dashboardSummary", () => {
  it("counts this month's orders and revenue per currency, the latest orders and subscriptions by status", async () => {
    const scope = await staffScope(t.db, "staff@acme.test");
    const deps = testDeps();
    const placed = [];
    for (let i = 0; i < 2; i++) placed.push((await submitOrder(t.db, scope, newOrderBody(), {}, deps)).order);
    const row = await t.db.order.findUniqueOrThrow({
      where: { id: placed[0]?.id ?? "" },
      select: { createdAt: true },
    });

    const summary = await dashboardSummary(t.db, scope, row.createdAt);
    // The seed's own orders of the month count too: compare with the database itself.
    const month = { gte: new Date(summary.monthStart) };
    const expected = await t.db.order.findMany({
      where: { partnerId: scope.partnerId, createdAt: month, status: { not: "failed" } },
      select: { currency: true, total: true },
    });
    expect(summary.ordersThisMonth).toBe(
      await t.db.order.count({ where: { partnerId: scope.partnerId, createdAt: month } }),
    );
    expect(summary.ordersThisMonth).toBeGreaterThanOrEqual(2);
    const totals = new Map<string, number>();
    for (const o of expected) totals.set(o.currency, (totals.get(o.currency) ?? 0) + o.total);
    expect(summary.revenueThisMonth).toEqual(
      [...totals].sort(([a], [b]) => a.localeCompare(b)).map(([currency, total]) => ({ currency, total })),
    );
    expect(summary.recentOrders.map((o) => o.id)).toEqual(expect.arrayContaining(placed.map((o) => o.id)));
    expect(summary.subscriptionsByStatus.find((s) => s.status === "active")?.count).toBe(
      await t.db.subscription.count({ where: { partnerId: scope.partnerId, status: "active" } }),
    );

    // Another partner's dashboard sees none of it.
    const other = await dashboardSummary(t.db, await staffScope(t.db, "staff@globex.test"), row.createdAt);
    expect(other.recentOrders.map((o) => o.id)).not.toEqual(expect.arrayContaining([placed[0]?.id]));
  });
});
