// Credit in use, from the use case the dashboard and the new-order form call, on whichever
// database the suite runs on: it must equal what the orders themselves add up to (the seed's
// orders, failed ones among them, and orders placed here), per currency, over the last 30 days.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newOrderBody, seedPartners, staffScope, testDeps } from "../../../tests/helpers/fixtures";
import { createTestDatabase, type TestDatabase } from "../../../tests/helpers/test-database";
import { CREDIT_WINDOW_DAYS, creditOutlook } from "../../domain/credit-in-use";
import type { BillingProvider } from "../../infra/billing/billing-provider";
import { BuiltinBillingProvider } from "../../infra/billing/builtin-provider";
import { providerRefused } from "../../infra/billing/provider-errors";
import { startJobWorker } from "../../infra/queue/job-worker";
import type { PartnerScope } from "../auth/partner-scope";
import { processOrderHandler } from "../orders/process-order";
import { submitOrder } from "../orders/submit-order";
import { creditInUse } from "./credit-in-use";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await seedPartners(t.db);
});
afterAll(async () => t?.close());

const DAY = 86_400_000;

/** The same figure computed from the Order rows, not from the summaries the use case reads. */
async function fromOrders(scope: PartnerScope, now: Date) {
  const firstDay = new Date(now.getTime() - (CREDIT_WINDOW_DAYS - 1) * DAY);
  const since = new Date(Date.UTC(firstDay.getUTCFullYear(), firstDay.getUTCMonth(), firstDay.getUTCDate()));
  const orders = await t.db.order.findMany({
    where: { partnerId: scope.partnerId, createdAt: { gte: since }, status: { not: "failed" } },
    select: { currency: true, total: true },
  });
  const sums = new Map<string, number>();
  for (const order of orders) sums.set(order.currency, (sums.get(order.currency) ?? 0) + order.total);
  return sums;
}

describe("creditInUse", () => {
  it("adds up, per currency, the orders of the last 30 days that did not fail", async () => {
    const scope = await staffScope(t.db, "staff@acme.test");
    const deps = testDeps();
    const gbp = await submitOrder(t.db, scope, newOrderBody(), {}, deps);
    const eur = await submitOrder(t.db, scope, newOrderBody({ country: "DE" }), {}, deps);
    expect(eur.order.currency).toBe("EUR");
    const placedAt = (
      await t.db.order.findUniqueOrThrow({ where: { id: gbp.order.id }, select: { createdAt: true } })
    ).createdAt;

    // An order the provider refuses later, in the worker: failed, so it takes up no credit.
    const refusing: BillingProvider = {
      kind: "builtin",
      preview: (request) => new BuiltinBillingProvider().preview(request),
      submit: async () => {
        throw providerRefused("stripe", "No such customer");
      },
    };
    const refusingDeps = testDeps({ provider: () => refusing });
    const refused = await submitOrder(
      t.db,
      scope,
      newOrderBody({ process_immediately: false }),
      {},
      refusingDeps,
    );
    const pending = await creditInUse(t.db, scope, placedAt);
    const worker = startJobWorker(
      t.db,
      { "order.process": processOrderHandler(refusingDeps) },
      { concurrency: 1, retryDelaysMs: [0], pollMs: 20 },
    );
    await worker.drain();
    await worker.stop();
    expect(
      (await t.db.order.findUniqueOrThrow({ where: { id: refused.order.id }, select: { status: true } }))
        .status,
    ).toBe("failed");

    const credit = await creditInUse(t.db, scope, placedAt);
    const gbpOf = (c: typeof credit) => c?.currencies.find((x) => x.currency === "GBP")?.inUse ?? 0;
    // While it waited it counted (it may yet be billed); once failed, it no longer does.
    expect(gbpOf(pending) - gbpOf(credit)).toBe(refused.order.total);
    const expected = await fromOrders(scope, placedAt);
    expect(credit?.limit).toBe(5_000_000);
    expect(credit?.currencies).toEqual(
      [...expected]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([currency, inUse]) => ({ currency, inUse: Math.max(0, inUse) })),
    );
    expect(credit?.currencies.map((c) => c.currency)).toEqual(expect.arrayContaining(["EUR", "GBP"]));

    // The warning's arithmetic: in use plus the order, against the one limit.
    const inUseGbp = credit?.currencies.find((c) => c.currency === "GBP")?.inUse ?? -1;
    const room = 5_000_000 - inUseGbp;
    expect(creditOutlook(credit, "GBP", room)).toMatchObject({ after: 5_000_000, over: false });
    expect(creditOutlook(credit, "GBP", room + 1)).toMatchObject({ after: 5_000_001, over: true });
    expect(creditOutlook(credit, "USD", 10)).toEqual({
      currency: "USD",
      inUse: 0,
      after: 10,
      limit: 5_000_000,
      over: false,
    });
  });

  it("lets orders older than the window go, and keeps the default currency at nothing in use", async () => {
    const scope = await staffScope(t.db, "staff@acme.test");
    const later = new Date(Date.now() + 400 * DAY);
    expect(await creditInUse(t.db, scope, later)).toMatchObject({
      currencies: [{ currency: "GBP", inUse: 0 }],
    });
    // The window's first day is counted whole: 29 days later the orders of today still count.
    const edge = await creditInUse(t.db, scope, new Date(Date.now() + (CREDIT_WINDOW_DAYS - 1) * DAY));
    expect(edge?.currencies.find((c) => c.currency === "GBP")?.inUse).toBeGreaterThan(0);
  });

  it("is null for a partner without a credit limit", async () => {
    expect(await creditInUse(t.db, await staffScope(t.db, "staff@globex.test"))).toBeNull();
  });
});
