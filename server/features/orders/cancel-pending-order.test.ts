// An admin cancels an order waiting to be processed: it ends failed (CANCELLED) before the
// billing provider ever sees it, its job is gone (a worker run afterwards does nothing), its
// subscription is cancelled and its discount use given back; not while a worker holds it, not
// once it has moved on, not by staff, not another partner's. Runs on SQLite, and on PostgreSQL
// with TEST_DATABASE_URL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedPartners, staffScope, testDeps } from "../../../tests/helpers/fixtures";
import { domainError, newOrder } from "../../../tests/helpers/order-test-kit";
import { createTestDatabase, type TestDatabase } from "../../../tests/helpers/test-database";
import type { BillingProvider } from "../../infra/billing/billing-provider";
import { BuiltinBillingProvider } from "../../infra/billing/builtin-provider";
import { startJobWorker } from "../../infra/queue/job-worker";
import type { PartnerScope } from "../auth/partner-scope";
import { cancelPendingOrder } from "./cancel-pending-order";
import { getOrder } from "./get-order";
import { processOrderHandler } from "./process-order";
import { retryFailedOrder } from "./retry-order";
import { submitOrder } from "./submit-order";

let t: TestDatabase;
let admin: PartnerScope;
let staff: PartnerScope;
let otherAdmin: PartnerScope;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedPartners(t.db);
  admin = await staffScope(t.db, "admin@acme.test");
  staff = await staffScope(t.db, "staff@acme.test");
  otherAdmin = await staffScope(t.db, "admin@globex.test");
});
afterAll(async () => t?.close());

const used = async () =>
  (await t.db.discountCode.findUniqueOrThrow({ where: { code: "WELCOME10" } })).timesRedeemed;

async function waitingOrder(extra: Record<string, unknown> = {}) {
  const body = newOrder([{ id: "pro-monthly", quantity: 1 }], { process_immediately: false, ...extra });
  return (await submitOrder(t.db, staff, body, {}, testDeps())).order;
}

describe("cancelling an order waiting to be processed", () => {
  it("ends it before the provider sees it, with its subscription and discount use", async () => {
    const before = await used();
    const order = await waitingOrder({ orderDiscount: { code: "WELCOME10" } });
    expect(await used()).toBe(before + 1);
    await cancelPendingOrder(t.db, admin, { orderId: order.id });

    const after = await getOrder(t.db, admin, order.id);
    expect(after).toMatchObject({ status: "failed", failure: { code: "CANCELLED" } });
    expect(after.failure?.message).toMatch(/admin@acme\.test/);
    expect(await used()).toBe(before);
    const subscription = await t.db.subscription.findUniqueOrThrow({
      where: { reference: order.subscriptionReference },
    });
    expect(subscription.status).toBe("cancelled");
    expect(await t.db.job.count({ where: { key: `order:${order.id}` } })).toBe(0);
    expect(after.audit.map((a) => a.action)).toContain("order.cancelled");

    // No worker ever asks the provider about it.
    const calls: string[] = [];
    const builtin = new BuiltinBillingProvider();
    const watching: BillingProvider = {
      kind: "builtin",
      preview: (request) => builtin.preview(request),
      submit: (request, key) => {
        calls.push(key);
        return builtin.submit(request, key);
      },
    };
    const worker = startJobWorker(
      t.db,
      { "order.process": processOrderHandler(testDeps({ provider: () => watching })) },
      { concurrency: 1, retryDelaysMs: [0], pollMs: 20 },
    );
    await worker.drain();
    await worker.stop();
    expect(calls).toEqual([]);
    await domainError(retryFailedOrder(t.db, admin, { orderId: order.id }), "CONFLICT");
  });

  it("is refused while a worker holds it, once it moved on, to staff and to another partner", async () => {
    const held = await waitingOrder();
    await t.db.job.updateMany({
      where: { key: `order:${held.id}` },
      data: { lockedBy: "worker-x", lockedUntil: new Date(Date.now() + 60_000) },
    });
    await domainError(cancelPendingOrder(t.db, admin, { orderId: held.id }), "CONFLICT");
    expect((await getOrder(t.db, admin, held.id)).status).toBe("submitted");

    const done = (
      await submitOrder(t.db, staff, newOrder([{ id: "pro-monthly", quantity: 1 }]), {}, testDeps())
    ).order;
    await domainError(cancelPendingOrder(t.db, admin, { orderId: done.id }), "CONFLICT");

    const waiting = await waitingOrder();
    await domainError(cancelPendingOrder(t.db, staff, { orderId: waiting.id }), "FORBIDDEN");
    await domainError(cancelPendingOrder(t.db, otherAdmin, { orderId: waiting.id }), "NOT_FOUND");
    await domainError(cancelPendingOrder(t.db, admin, { orderId: "not-an-order" }), "VALIDATION");
    expect((await getOrder(t.db, admin, waiting.id)).status).toBe("submitted");
  });
});
