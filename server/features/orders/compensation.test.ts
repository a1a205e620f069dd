// Compensation through the real Stripe provider and the Stripe fake: a new order that Stripe
// accepted but that lost the race for its external_id or its new customer gets its Stripe
// subscription cancelled by the compensation job, so the fake is left with exactly one live
// subscription per local order; a write that failed for another reason waits for the client's
// retry, which adopts the same subscription (Stripe replays it), and the job then leaves it
// alone; without an Idempotency-Key nothing can adopt it and it is cancelled at once. An order of
// one-off offers only made no subscription but an invoice, finalised and sent: the job voids it at
// Stripe (once, however often it runs), leaves it open when the retry adopted it, and, when the
// customer has paid it, ends failed for good at its first attempt and tells an operator to refund
// it. Runs on SQLite, and on PostgreSQL with TEST_DATABASE_URL.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { seedPartners } from "../../../tests/helpers/fixtures";
import { newOrder, uniqueEmail } from "../../../tests/helpers/order-test-kit";
import { type StripePartner, stripePartner } from "../../../tests/helpers/stripe-partner";
import { createTestDatabase, type TestDatabase } from "../../../tests/helpers/test-database";
import type { Db } from "../../infra/db/db";
import { log } from "../../infra/log/log";
import type { ClaimedJob } from "../../infra/queue/job-queue";
import { startJobWorker } from "../../infra/queue/job-worker";
import { compensationHandler } from "./compensation";
import { submitOrder } from "./submit-order";

let t: TestDatabase;
let billed: StripePartner;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedPartners(t.db);
  billed = await stripePartner(t.db, "compensated");
});
afterAll(async () => {
  await billed?.close();
  await t?.close();
});

/** Runs the due compensation jobs with the Stripe provider of the fake. */
async function compensate() {
  const worker = startJobWorker(
    t.db,
    { "provider.compensate": compensationHandler(billed.deps()) },
    { concurrency: 2, retryDelaysMs: [0], pollMs: 20 },
  );
  await worker.drain();
  await worker.stop();
}

const live = () => [...billed.stripe.subscriptions.values()].filter((s) => s.status === "active");
const localWith = (providerSubscriptionId: string) =>
  t.db.subscription.count({ where: { providerSubscriptionId } });

/** Every live Stripe subscription belongs to a local one. */
async function expectNoOrphans() {
  for (const subscription of live()) expect(await localWith(subscription.id), subscription.id).toBe(1);
}

/** Every open invoice of one-off offers only (no subscription) at Stripe belongs to a local order. */
async function expectNoOrphanInvoices() {
  for (const invoice of billed.stripe.invoices.values()) {
    if (invoice.parent !== null || invoice.status !== "open") continue;
    expect(await t.db.order.count({ where: { providerReference: invoice.id } }), invoice.id).toBe(1);
  }
}

/** A client whose first write fails once (the database gone for a moment), then works. */
function failingOnce(db: Db): Db {
  let failed = false;
  return new Proxy(db, {
    get(target, property, receiver) {
      if (property === "$transaction" && !failed) {
        failed = true;
        return async () => {
          throw new Error("connection lost");
        };
      }
      return Reflect.get(target, property, receiver);
    },
  });
}

describe("compensation at Stripe", () => {
  it("cancels the subscriptions of orders that lost the race for their external_id", async () => {
    const externalId = `race-${Date.now()}`;
    const orders = ["starter-monthly", "pro-monthly", "setup-fee"].map((plan) =>
      newOrder([{ id: plan, quantity: 1 }], { external_id: externalId }),
    );
    const before = live().length;
    const settled = await Promise.allSettled(
      orders.map((body) => submitOrder(t.db, billed.scope, body, {}, billed.deps())),
    );
    expect(settled.filter((s) => s.status === "fulfilled")).toHaveLength(1);
    // The attempts that passed the external_id check before the winner's write reached Stripe.
    const reached = live().length - before;
    expect(reached).toBeGreaterThanOrEqual(1);
    await compensate();
    expect(live().length - before).toBe(1);
    await expectNoOrphans();
    const audits = await t.db.auditEvent.findMany({
      where: { partnerId: billed.scope.partnerId, action: "provider.compensated" },
    });
    const cancelled = audits.filter(
      (a) => (a.data as { providerSubscriptionId?: string }).providerSubscriptionId,
    );
    expect(cancelled).toHaveLength(reached - 1);
    // The set-up fee alone is an invoice: voided when that order lost, kept when it won.
    await expectNoOrphanInvoices();
  });

  it("cancels the subscriptions of orders that lost the race for a new customer", async () => {
    const email = uniqueEmail("comp.racer");
    const orders = ["starter-monthly", "pro-monthly"].map((plan) =>
      newOrder([{ id: plan, quantity: 1 }], { customerDetails: { firstName: "Ada", lastName: "L", email } }),
    );
    await Promise.allSettled(
      orders.map((body, i) =>
        submitOrder(t.db, billed.scope, body, { idempotencyKey: `${email}-${i}` }, billed.deps()),
      ),
    );
    await compensate();
    await expectNoOrphans();
  });

  it("leaves alone a subscription the client's retry adopted, and cancels one nothing can adopt", async () => {
    const body = newOrder([{ id: "pro-monthly", quantity: 2 }]);
    const key = `adopt-${Date.now()}`;
    await expect(
      submitOrder(failingOnce(t.db), billed.scope, body, { idempotencyKey: key }, billed.deps()),
    ).rejects.toThrow(/connection lost/);
    const waiting = await t.db.job.findFirstOrThrow({
      where: { name: "provider.compensate", runAt: { gt: new Date() } },
    });
    // The retry, under the same key: Stripe replays the subscription, and the order is stored.
    const { order } = await submitOrder(t.db, billed.scope, body, { idempotencyKey: key }, billed.deps());
    const kept = await t.db.subscription.findUniqueOrThrow({
      where: { reference: order.subscriptionReference },
    });
    // A day later the job runs and finds the subscription adopted.
    await t.db.job.update({ where: { id: waiting.id }, data: { runAt: new Date() } });
    await compensate();
    expect(billed.stripe.subscriptions.get(kept.providerSubscriptionId ?? "")?.status).toBe("active");

    // Without an Idempotency-Key no retry can adopt it: undone at once.
    const before = live().length;
    await expect(
      submitOrder(
        failingOnce(t.db),
        billed.scope,
        newOrder([{ id: "pro-monthly", quantity: 1 }]),
        {},
        billed.deps(),
      ),
    ).rejects.toThrow(/connection lost/);
    expect(live().length).toBe(before + 1);
    await compensate();
    expect(live().length).toBe(before);
    await expectNoOrphans();
  });
});

describe("compensation jobs queued before invoices were voided", () => {
  it("still cancel their subscription: data without an action reads as a cancel", async () => {
    await expect(
      submitOrder(
        failingOnce(t.db),
        billed.scope,
        newOrder([{ id: "starter-monthly", quantity: 1 }]),
        {},
        billed.deps(),
      ),
    ).rejects.toThrow(/connection lost/);
    const job = await t.db.job.findFirstOrThrow({
      where: { name: "provider.compensate", key: { startsWith: "compensate:stripe:sub_" } },
      orderBy: { createdAt: "desc" },
    });
    const { action, ...older } = job.data as Record<string, unknown>;
    expect(action).toBe("cancel_subscription");
    await t.db.job.update({ where: { id: job.id }, data: { data: older as object } });
    const subscriptionId = (older as { providerSubscriptionId: string }).providerSubscriptionId;
    expect(billed.stripe.subscriptions.get(subscriptionId)?.status).toBe("active");
    await compensate();
    expect(billed.stripe.subscriptions.get(subscriptionId)?.status).toBe("canceled");
    expect(await t.db.job.count({ where: { id: job.id } })).toBe(0);
  });
});

describe("compensation at Stripe of an order of one-off offers only", () => {
  afterEach(() => {
    vi.restoreAllMocks();
    billed.stripe.recover();
  });

  const setupFee = () => newOrder([{ id: "setup-fee", quantity: 1 }]);

  /** The compensation job of the invoice a failed order made (its key names the invoice). */
  async function invoiceJob() {
    const job = await t.db.job.findFirstOrThrow({
      where: { name: "provider.compensate", key: { startsWith: "compensate:stripe:in_" } },
      orderBy: { createdAt: "desc" },
    });
    return { job, invoiceId: (job.key ?? "").slice("compensate:stripe:".length) };
  }

  const voidRequests = (invoiceId: string) =>
    billed.stripe.requestsTo("POST", `/v1/invoices/${invoiceId}/void`);
  const audits = (action: string, invoiceId: string) =>
    t.db.auditEvent
      .findMany({ where: { partnerId: billed.scope.partnerId, action } })
      .then((rows) =>
        rows.filter((row) => (row.data as { providerInvoiceId?: string }).providerInvoiceId === invoiceId),
      );

  /** One run of the job's handler, as a worker that claimed it would. */
  const runOnce = (data: unknown) => {
    const claimed: ClaimedJob = {
      id: "job_direct",
      name: "provider.compensate",
      data,
      attempts: 1,
      maxAttempts: 7,
      lockedBy: "test",
    };
    return compensationHandler(billed.deps()).run(t.db, claimed);
  };

  it("voids at Stripe the invoice nothing can adopt, once however often the job runs", async () => {
    await expect(submitOrder(failingOnce(t.db), billed.scope, setupFee(), {}, billed.deps())).rejects.toThrow(
      /connection lost/,
    );
    const { job, invoiceId } = await invoiceJob();
    // Without an Idempotency-Key no retry can adopt it: due at once.
    expect(job.runAt.getTime()).toBeLessThanOrEqual(Date.now());
    expect(billed.stripe.invoices.get(invoiceId)?.status).toBe("open");
    expect(billed.stripe.sentInvoices.has(invoiceId)).toBe(true);
    expect(await t.db.order.count({ where: { providerReference: invoiceId } })).toBe(0);

    await compensate();
    expect(billed.stripe.invoices.get(invoiceId)?.status).toBe("void");
    expect(voidRequests(invoiceId)).toHaveLength(1);
    expect(await t.db.job.count({ where: { id: job.id } })).toBe(0);
    const [compensated] = await audits("provider.compensated", invoiceId);
    expect(compensated?.data).toMatchObject({
      provider: "stripe",
      providerInvoiceId: invoiceId,
      outcome: "voided",
    });

    // Delivered again (a worker died before deleting it): Stripe says void already, nothing is sent.
    await runOnce(job.data);
    expect(voidRequests(invoiceId)).toHaveLength(1);
    expect(billed.stripe.invoices.get(invoiceId)?.status).toBe("void");
  });

  it("sends two overlapping runs under one Idempotency-Key: Stripe voids once", async () => {
    await expect(submitOrder(failingOnce(t.db), billed.scope, setupFee(), {}, billed.deps())).rejects.toThrow(
      /connection lost/,
    );
    const { job, invoiceId } = await invoiceJob();
    const held = billed.stripe.hold({
      match: (r) => r.method === "POST" && r.path.endsWith("/void"),
      times: 1,
    });
    const first = runOnce(job.data);
    await held.arrived;
    // The second run reads the invoice open too, and asks while the first is still executing.
    await expect(runOnce(job.data)).rejects.toThrow();
    held.release();
    await first;
    const [a, b] = voidRequests(invoiceId);
    expect(a?.headers["idempotency-key"]).toMatch(/^po-stripe-[0-9a-f]{64}$/);
    expect(b?.headers["idempotency-key"]).toBe(a?.headers["idempotency-key"]);
    expect(b?.response?.status).toBe(409);
    expect(billed.stripe.invoices.get(invoiceId)?.status).toBe("void");
  });

  it("leaves open an invoice the client's retry adopted within the window", async () => {
    const body = setupFee();
    const key = `adopt-invoice-${Date.now()}`;
    await expect(
      submitOrder(failingOnce(t.db), billed.scope, body, { idempotencyKey: key }, billed.deps()),
    ).rejects.toThrow(/connection lost/);
    const { job, invoiceId } = await invoiceJob();
    // It waits for the retry, past Stripe's idempotency window.
    expect(job.runAt.getTime()).toBeGreaterThan(Date.now() + 24 * 3_600_000);
    // The retry, under the same key: Stripe replays the invoice, and the order stores it.
    await submitOrder(t.db, billed.scope, body, { idempotencyKey: key }, billed.deps());
    expect(await t.db.order.count({ where: { providerReference: invoiceId } })).toBe(1);

    await t.db.job.update({ where: { id: job.id }, data: { runAt: new Date() } });
    await compensate();
    expect(await t.db.job.count({ where: { id: job.id } })).toBe(0);
    expect(billed.stripe.invoices.get(invoiceId)?.status).toBe("open");
    expect(voidRequests(invoiceId)).toHaveLength(0);
    expect(await audits("provider.compensated", invoiceId)).toHaveLength(0);
  });

  it("ends at once, failed, telling an operator to refund a paid invoice, without retrying", async () => {
    const errors = vi.spyOn(log, "error");
    await expect(submitOrder(failingOnce(t.db), billed.scope, setupFee(), {}, billed.deps())).rejects.toThrow(
      /connection lost/,
    );
    const { job, invoiceId } = await invoiceJob();
    // The customer pays the invoice Stripe emailed before the job runs.
    billed.stripe.payInvoice(invoiceId);

    await compensate();
    const failed = await t.db.job.findUniqueOrThrow({ where: { id: job.id } });
    expect(failed.failedAt).not.toBeNull();
    expect(failed.attempts).toBe(1);
    expect(billed.stripe.invoices.get(invoiceId)?.status).toBe("paid");
    expect(voidRequests(invoiceId)).toHaveLength(0);
    const [audit] = await audits("provider.compensation_failed", invoiceId);
    expect(audit?.data).toMatchObject({ providerInvoiceId: invoiceId, invoicePaid: true, amountPaid: 11880 });
    expect(errors).toHaveBeenCalledWith(
      expect.stringMatching(/is paid at the billing provider; refund it there by hand/),
      expect.objectContaining({ providerInvoiceId: invoiceId, amountPaid: 11880, currency: "gbp" }),
    );
  });

  it("ends quietly for an invoice of 0, which Stripe marks paid as it finalises it", async () => {
    const errors = vi.spyOn(log, "error");
    await t.db.discountCode.create({
      data: { id: "dsc_free_fee", code: "FREEFEE", kind: "percent", percentOff: 100, durationPeriods: 1 },
    });
    await billed.sync();
    const free = newOrder([{ id: "setup-fee", quantity: 1 }], { orderDiscount: { code: "FREEFEE" } });
    await expect(submitOrder(failingOnce(t.db), billed.scope, free, {}, billed.deps())).rejects.toThrow(
      /connection lost/,
    );
    const { job, invoiceId } = await invoiceJob();
    expect(billed.stripe.invoices.get(invoiceId)).toMatchObject({ status: "paid", amount_paid: 0 });

    await compensate();
    expect(await t.db.job.count({ where: { id: job.id } })).toBe(0);
    expect(voidRequests(invoiceId)).toHaveLength(0);
    const [compensated] = await audits("provider.compensated", invoiceId);
    expect(compensated?.data).toMatchObject({ providerInvoiceId: invoiceId, outcome: "nothing_charged" });
    expect(await audits("provider.compensation_failed", invoiceId)).toHaveLength(0);
    expect(errors).not.toHaveBeenCalled();
  });

  it("reads the invoice again when Stripe refuses to void it because it was paid meanwhile", async () => {
    await expect(submitOrder(failingOnce(t.db), billed.scope, setupFee(), {}, billed.deps())).rejects.toThrow(
      /connection lost/,
    );
    const { job, invoiceId } = await invoiceJob();
    const held = billed.stripe.hold({
      match: (r) => r.method === "POST" && r.path.endsWith("/void"),
      times: 1,
    });
    const run = runOnce(job.data);
    await held.arrived;
    billed.stripe.payInvoice(invoiceId);
    held.release();
    await expect(run).rejects.toThrow(/invoice is paid/);
    expect(voidRequests(invoiceId)[0]?.response?.status).toBe(400);
    expect(billed.stripe.invoices.get(invoiceId)?.status).toBe("paid");
  });
});
