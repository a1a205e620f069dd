// The sales summaries against the orders they count, through every path that changes them: an
// order stored at once or for later, failed by the worker, cancelled before processing,
// reopened by a retry and completed, orders racing for the same day's row, in two currencies.
// After each step the kept summaries must equal (a) the same figures computed here in
// JavaScript from the Order rows, and (b) what `rebuildSalesSummaries` computes in SQL; the
// charts' figures must equal the orders they stand for. The subscription counts per status (kept
// by triggers) must equal the subscriptions, through the same steps and a cancel, a renewal and a
// scheduled end. SQLite, and PostgreSQL with TEST_DATABASE_URL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedPartners, staffScope, testDeps } from "../../../tests/helpers/fixtures";
import { flakyProvider, newOrder } from "../../../tests/helpers/order-test-kit";
import {
  createTestDatabase,
  type TestDatabase,
  testDatabaseKind,
} from "../../../tests/helpers/test-database";
import type { BillingProvider } from "../../infra/billing/billing-provider";
import { BuiltinBillingProvider } from "../../infra/billing/builtin-provider";
import { providerRefused } from "../../infra/billing/provider-errors";
import { startJobWorker } from "../../infra/queue/job-worker";
import type { PartnerScope } from "../auth/partner-scope";
import { cancelPendingOrder } from "../orders/cancel-pending-order";
import type { OrderDeps } from "../orders/order-deps";
import { processOrderHandler } from "../orders/process-order";
import { retryFailedOrder } from "../orders/retry-order";
import { submitOrder } from "../orders/submit-order";
import { endDueSubscriptions } from "../subscriptions/scheduled-ends";
import { rebuildSalesSummaries } from "./rebuild-sales-summaries";
import { salesInsight } from "./sales-insight";

let t: TestDatabase;
let acme: PartnerScope;
let admin: PartnerScope;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedPartners(t.db);
  acme = await staffScope(t.db, "staff@acme.test");
  admin = await staffScope(t.db, "admin@acme.test");
});
afterAll(async () => t?.close());

async function work(deps: OrderDeps) {
  const worker = startJobWorker(
    t.db,
    { "order.process": processOrderHandler(deps) },
    { concurrency: 2, retryDelaysMs: [0], pollMs: 20 },
  );
  await worker.drain();
  await worker.stop();
}

const byKey = <T extends Record<string, unknown>>(rows: T[], key: (r: T) => string) =>
  [...rows].sort((a, b) => key(a).localeCompare(key(b)));

/** The rows of each key added up over their shards (the readers' view), without the shard. */
function addedUp<T extends { shard: number }>(rows: T[], key: (r: T) => string, counters: (keyof T)[]) {
  const sums = new Map<string, Omit<T, "shard">>();
  for (const { shard: _shard, ...row } of rows) {
    const seen = sums.get(key(row as T)) as Record<keyof T, number> | undefined;
    if (!seen) sums.set(key(row as T), row);
    else for (const c of counters) seen[c] += (row as T)[c] as number;
  }
  return [...sums.values()];
}

/** The summary rows as stored, their shards added up, in a stable order. */
async function kept() {
  const dayKey = (r: { partnerId: string; day: string; currency: string; type: string }) =>
    `${r.partnerId}|${r.day}|${r.currency}|${r.type}`;
  const offerKey = (r: { partnerId: string; day: string; offerId: string; currency: string }) =>
    `${r.partnerId}|${r.day}|${r.offerId}|${r.currency}`;
  const orderDays = addedUp(await t.db.orderDaySummary.findMany(), dayKey, [
    "orders",
    "failedOrders",
    "revenue",
  ]);
  const offerDays = addedUp(await t.db.offerDaySummary.findMany(), offerKey, ["quantity", "revenue"]);
  const counts = await t.db.subscriptionStatusCount.findMany();
  return {
    // A status whose subscriptions all moved on is kept at zero; the rebuild has no row for it.
    subscriptionCounts: byKey(
      counts.filter((r) => r.subscriptions !== 0),
      (r) => `${r.partnerId}|${r.status}`,
    ),
    orderDays: byKey(orderDays, dayKey),
    // An offer row whose orders all failed is kept at zero; the rebuild has no row for it.
    offerDays: byKey(
      offerDays.filter((r) => r.quantity !== 0 || r.revenue !== 0),
      offerKey,
    ),
  };
}

/** The same figures computed from the Order rows, in JavaScript. */
async function fromOrders() {
  const orders = await t.db.order.findMany({ include: { items: true } });
  const orderDays = new Map<
    string,
    Record<string, unknown> & { orders: number; failedOrders: number; revenue: number }
  >();
  const offerDays = new Map<string, Record<string, unknown> & { quantity: number; revenue: number }>();
  for (const o of orders) {
    const day = o.createdAt.toISOString().slice(0, 10);
    const failed = o.status === "failed";
    const k = `${o.partnerId}|${day}|${o.currency}|${o.type}`;
    const row = orderDays.get(k) ?? {
      partnerId: o.partnerId,
      day,
      currency: o.currency,
      type: o.type,
      orders: 0,
      failedOrders: 0,
      revenue: 0,
    };
    row.orders += 1;
    row.failedOrders += failed ? 1 : 0;
    row.revenue += failed ? 0 : o.total;
    orderDays.set(k, row);
    if (failed) continue;
    for (const item of o.items) {
      const ik = `${o.partnerId}|${day}|${item.offerId}|${o.currency}`;
      const line = offerDays.get(ik) ?? {
        partnerId: o.partnerId,
        day,
        offerId: item.offerId,
        currency: o.currency,
        quantity: 0,
        revenue: 0,
      };
      line.quantity += item.quantity;
      line.revenue += item.amount;
      offerDays.set(ik, line);
    }
  }
  const counts = new Map<string, { partnerId: string; status: string; subscriptions: number }>();
  for (const sub of await t.db.subscription.findMany({ select: { partnerId: true, status: true } })) {
    const k = `${sub.partnerId}|${sub.status}`;
    const row = counts.get(k) ?? { partnerId: sub.partnerId, status: sub.status, subscriptions: 0 };
    row.subscriptions += 1;
    counts.set(k, row);
  }
  return {
    subscriptionCounts: byKey([...counts.values()], (r) => `${r.partnerId}|${r.status}`),
    orderDays: byKey([...orderDays.values()], (r) => `${r.partnerId}|${r.day}|${r.currency}|${r.type}`),
    offerDays: byKey([...offerDays.values()], (r) => `${r.partnerId}|${r.day}|${r.offerId}|${r.currency}`),
  };
}

/** Midnight UTC of a "YYYY-MM-DD" day, or of a day that many days later. */
const dayStart = (day: string, plusDays = 0) =>
  new Date(Date.parse(`${day}T00:00:00.000Z`) + plusDays * 86_400_000);

async function expectInStep() {
  const expected = await fromOrders();
  expect(await kept()).toEqual(expected);
  await rebuildSalesSummaries(t.db);
  expect(await kept()).toEqual(expected);
}

describe("sales summaries", () => {
  it("follow orders stored, failed, cancelled, reopened and completed, in two currencies", async () => {
    const deps = testDeps();
    await submitOrder(t.db, acme, newOrder([{ id: "pro-monthly", quantity: 3 }]), {}, deps);
    await submitOrder(
      t.db,
      acme,
      newOrder(
        [
          { id: "pro-monthly", quantity: 1 },
          { id: "starter-monthly", quantity: 2 },
        ],
        { country: "DE", orderDiscount: { code: "WELCOME10" } },
      ),
      {},
      deps,
    );
    const { order: first } = await submitOrder(
      t.db,
      acme,
      newOrder([{ id: "starter-monthly", quantity: 1 }]),
      {},
      deps,
    );
    await submitOrder(
      t.db,
      acme,
      {
        order_type: "cancel",
        forSubscription: { reference: first.subscriptionReference },
        effective: "end_of_term",
      },
      {},
      deps,
    );
    await expectInStep();

    // Refused by the provider in the worker: counted as failed, its revenue and lines taken back.
    const refusing: BillingProvider = {
      kind: "builtin",
      preview: (request) => new BuiltinBillingProvider().preview(request),
      submit: async () => {
        throw providerRefused("stripe", "No such price: 'price_123'");
      },
    };
    const refusingDeps = testDeps({ provider: () => refusing });
    await submitOrder(
      t.db,
      acme,
      newOrder([{ id: "pro-monthly", quantity: 5 }], { process_immediately: false }),
      {},
      refusingDeps,
    );
    await work(refusingDeps);
    await expectInStep();

    // Cancelled by an admin before it was processed.
    const { order: waiting } = await submitOrder(
      t.db,
      acme,
      newOrder([{ id: "starter-monthly", quantity: 4 }], { process_immediately: false }),
      {},
      deps,
    );
    await expectInStep();
    await cancelPendingOrder(t.db, admin, { orderId: waiting.id });
    await expectInStep();

    // Failed through an outage, reopened (revenue back), then completed.
    const down = flakyProvider(new BuiltinBillingProvider(), 1000);
    const downDeps = testDeps({ provider: () => down.provider });
    const { order: unlucky } = await submitOrder(
      t.db,
      acme,
      newOrder([{ id: "pro-monthly", quantity: 2 }], { process_immediately: false }),
      {},
      downDeps,
    );
    await work(downDeps);
    await expectInStep();
    await retryFailedOrder(t.db, admin, { orderId: unlucky.id });
    await expectInStep();
    await work(deps);
    expect((await t.db.order.findUniqueOrThrow({ where: { id: unlucky.id } })).status).toBe("complete");
    await expectInStep();

    // Subscription moves that change no summary: cancelled at once, renewed, ended on schedule.
    const { order: second } = await submitOrder(
      t.db,
      acme,
      newOrder([{ id: "pro-monthly", quantity: 1 }]),
      {},
      deps,
    );
    await submitOrder(
      t.db,
      acme,
      {
        order_type: "cancel",
        forSubscription: { reference: second.subscriptionReference },
        effective: "immediately",
      },
      {},
      deps,
    );
    await expectInStep();
    const { order: annual } = await submitOrder(
      t.db,
      acme,
      newOrder([{ id: "pro-annual", quantity: 1 }]),
      {},
      deps,
    );
    await submitOrder(
      t.db,
      acme,
      { order_type: "renew", forSubscription: { reference: annual.subscriptionReference }, termMonths: 12 },
      {},
      deps,
    );
    await expectInStep();
    const ends = await endDueSubscriptions(t.db, new Date(Date.now() + 800 * 86_400_000));
    expect(ends).toBeGreaterThanOrEqual(1);
    await expectInStep();
    const statuses = (await kept()).subscriptionCounts.map((r) => r.status);
    expect(statuses).toEqual(expect.arrayContaining(["active", "cancelled"]));
  });

  it("add up when orders of the same day race for the same rows", async () => {
    const deps = testDeps();
    const globex = await staffScope(t.db, "staff@globex.test");
    await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        submitOrder(
          t.db,
          i % 4 === 0 ? globex : acme,
          newOrder([{ id: "pro-monthly", quantity: 1 + (i % 3) }]),
          {},
          deps,
        ),
      ),
    );
    // On PostgreSQL the day's orders spread over rows taken in turn; SQLite keeps one a day.
    const rows = await t.db.orderDaySummary.findMany({ where: { partnerId: acme.partnerId } });
    const perDay = new Map<string, number>();
    for (const r of rows) {
      const day = `${r.day}|${r.currency}|${r.type}`;
      perDay.set(day, (perDay.get(day) ?? 0) + 1);
    }
    if (testDatabaseKind() === "postgresql") expect(Math.max(...perDay.values())).toBeGreaterThan(1);
    else expect(rows.map((r) => r.shard)).toEqual(rows.map(() => 0));
    await expectInStep();
  });

  // On PostgreSQL the count trigger is deferred to COMMIT (migration 20261203163500): each queued
  // event must still count with the row values of its own moment.
  it("count a subscription created and moved twice in one transaction once, under its last status", async () => {
    const source = await t.db.subscription.findFirstOrThrow({ where: { partnerId: acme.partnerId } });
    await t.db.$transaction(async (tx) => {
      const { id: _id, reference: _reference, ...copy } = source;
      await tx.subscription.create({
        data: { ...copy, id: "sub-moved-twice", reference: "MOVEDTWICE01", status: "pending" },
      });
      await tx.subscription.update({ where: { id: "sub-moved-twice" }, data: { status: "active" } });
      await tx.subscription.update({ where: { id: "sub-moved-twice" }, data: { status: "expired" } });
      await tx.subscription.update({ where: { id: source.id }, data: { status: "expired" } });
    });
    await expectInStep();
  });

  // Two app instances submitting for one partner: the second subscription's insert must not wait
  // for the first transaction to end (before the deferral it waited on the count row it holds).
  it.runIf(testDatabaseKind() === "postgresql")(
    "let a second writer add a subscription of the partner while the first one's transaction is open",
    async () => {
      const source = await t.db.subscription.findFirstOrThrow({ where: { partnerId: acme.partnerId } });
      const { id: _id, reference: _reference, ...copy } = source;
      const add = (db: Pick<typeof t.db, "subscription">, n: number) =>
        db.subscription.create({
          data: { ...copy, id: `sub-side-by-side-${n}`, reference: `SIDEBYSIDE0${n}`, status: "active" },
        });
      let second: "committed" | "waited" = "waited";
      await t.db.$transaction(async (tx) => {
        await add(tx, 1);
        second = await Promise.race([
          add(t.db, 2).then(() => "committed" as const),
          new Promise<"waited">((resolve) => setTimeout(() => resolve("waited"), 3_000)),
        ]);
      });
      expect(second).toBe("committed");
      await expectInStep();
    },
  );

  it("feed charts whose figures are the orders', per currency, never summed across currencies", async () => {
    const now = testDeps().now();
    const insight = await salesInsight(t.db, acme, { period: "30d", grain: "day" }, now);
    expect(insight.buckets).toHaveLength(30);
    expect(insight.to).toBe(now.toISOString().slice(0, 10));
    const within = { gte: dayStart(insight.from), lt: dayStart(insight.to, 1) };
    const orders = await t.db.order.findMany({
      where: { partnerId: acme.partnerId, createdAt: within },
      select: { status: true, currency: true, total: true, type: true },
    });
    expect(insight.buckets.reduce((n, b) => n + b.orders, 0)).toBe(orders.length);
    const revenue: Record<string, number> = {};
    for (const o of orders)
      if (o.status !== "failed") revenue[o.currency] = (revenue[o.currency] ?? 0) + o.total;
    expect(insight.currencies).toEqual(Object.keys(revenue).sort());
    expect(insight.currencies.length).toBeGreaterThanOrEqual(2);
    for (const currency of insight.currencies) {
      expect(insight.buckets.reduce((n, b) => n + (b.revenue[currency] ?? 0), 0)).toBe(revenue[currency]);
    }
    const started = orders.filter((o) => o.type === "new" && o.status !== "failed").length;
    expect(insight.buckets.reduce((n, b) => n + b.subscriptions.started, 0)).toBe(started);
    expect(insight.buckets.reduce((n, b) => n + b.subscriptions.cancelled, 0)).toBeGreaterThanOrEqual(1);

    // The top offers: sold lines only, per currency, most revenue first, named.
    const gbp = insight.topOffers.filter((o) => o.currency === "GBP");
    expect(gbp.length).toBeGreaterThan(0);
    expect(gbp.map((o) => o.revenue)).toEqual([...gbp.map((o) => o.revenue)].sort((a, b) => b - a));
    expect(gbp[0]?.name).not.toBe(gbp[0]?.offerId);

    // Another partner's charts hold none of acme's orders.
    const globex = await staffScope(t.db, "staff@globex.test");
    const theirs = await salesInsight(t.db, globex, { period: "30d", grain: "day" }, now);
    const globexOrders = await t.db.order.count({
      where: { partnerId: globex.partnerId, createdAt: within },
    });
    expect(theirs.buckets.reduce((n, b) => n + b.orders, 0)).toBe(globexOrders);
  });

  it("cut twelve months into weeks or months that cover every day once", async () => {
    const now = testDeps().now();
    for (const grain of ["month", "week"] as const) {
      const insight = await salesInsight(t.db, acme, { period: "12m", grain }, now);
      const total = await t.db.order.count({
        where: {
          partnerId: acme.partnerId,
          createdAt: { gte: dayStart(insight.from), lt: dayStart(insight.to, 1) },
        },
      });
      expect(insight.buckets.reduce((n, b) => n + b.orders, 0)).toBe(total);
      if (grain === "month") expect(insight.buckets).toHaveLength(12);
    }
  });
});
