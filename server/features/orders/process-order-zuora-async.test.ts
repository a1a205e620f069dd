// Orders processed later, billed through the real Zuora provider against the local Zuora fake:
// the order's job hands the order to "Create an order asynchronously", keeps Zuora's job id in
// its own data, and polls "Retrieve the status and response of a job" on later runs until Zuora
// has done it, however many polls that takes (a poll that finds the job Processing is not a failed
// attempt); then the order completes as the synchronous path completes it. A job Zuora's
// validation fails ends the order failed with Zuora's reason; a worker that stops between the
// start and a poll, or dies before it stored the job id, never makes a second Zuora order.
// Runs on SQLite, and on PostgreSQL with TEST_DATABASE_URL.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RegisteredRatePlan } from "../../../tests/fakes/zuora-fake-server";
import { seedPartners } from "../../../tests/helpers/fixtures";
import { newOrder } from "../../../tests/helpers/order-test-kit";
import { createTestDatabase, type TestDatabase } from "../../../tests/helpers/test-database";
import { registerDemoCatalogue, type ZuoraPartner, zuoraPartner } from "../../../tests/helpers/zuora-partner";
import type { ProviderOrderRequest } from "../../infra/billing/billing-provider";
import { startJobWorker } from "../../infra/queue/job-worker";
import { getOrder } from "./get-order";
import { ORDER_PROCESS_ATTEMPTS, type ProcessOrderOptions, processOrderHandler } from "./process-order";
import { retryFailedOrder } from "./retry-order";
import { submitOrder } from "./submit-order";

let t: TestDatabase;
let partner: ZuoraPartner;
let plans: Map<string, RegisteredRatePlan>;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedPartners(t.db);
  partner = await zuoraPartner(t.db, "zuora-async");
  plans = registerDemoCatalogue(partner.zuora);
  for (const [offerId, plan] of plans) {
    await t.db.offer.update({
      where: { id: offerId },
      data: {
        zuoraProductRatePlanId: plan.productRatePlanId,
        zuoraProductRatePlanChargeId: plan.productRatePlanChargeId,
      },
    });
  }
});
afterAll(async () => {
  await partner?.close();
  await t?.close();
});
beforeEach(() => partner.zuora.setAsyncProcessingPolls(2));

/** Runs every due job with a worker of the Zuora partner's deps, then stops it. */
async function work(options: ProcessOrderOptions = { pollDelaysMs: [0] }) {
  const worker = startJobWorker(
    t.db,
    { "order.process": processOrderHandler(partner.deps(), options) },
    { concurrency: 1, retryDelaysMs: [0], pollMs: 20 },
  );
  await worker.drain();
  await worker.stop();
}

async function submitLater(items: { id: string; quantity: number }[], key: string) {
  const { order } = await submitOrder(
    t.db,
    partner.scope,
    newOrder(items, { process_immediately: false }),
    { idempotencyKey: key },
    partner.deps(),
  );
  expect(order.status).toBe("submitted");
  return order;
}

const stored = (id: string) =>
  t.db.order.findUniqueOrThrow({ where: { id }, include: { subscription: true, customer: true } });

const jobOf = (orderId: string) => t.db.job.findUnique({ where: { key: `order:${orderId}` } });

/** Counts the orders made and jobs polled at the fake from now on (previews are not counted). */
function counter() {
  const count = () => ({
    asyncOrders: partner.zuora.requestsTo("POST", "/v1/async/orders").length,
    polls: partner.zuora.requestsTo("GET", "/v1/async-jobs/").length,
    syncOrders: partner.zuora.requestsTo("POST", "/v1/orders").filter((r) => r.path === "/v1/orders").length,
  });
  const before = count();
  return () => {
    const now = count();
    return {
      asyncOrders: now.asyncOrders - before.asyncOrders,
      polls: now.polls - before.polls,
      syncOrders: now.syncOrders - before.syncOrders,
    };
  };
}

describe("a Zuora order processed later", () => {
  it("goes through Zuora's asynchronous order: submitted, processing while Zuora's job runs, complete", async () => {
    // More polls find the job Processing than the job has attempts: none of them counts as one.
    const processingPolls = ORDER_PROCESS_ATTEMPTS + 2;
    partner.zuora.setAsyncProcessingPolls(processingPolls);
    const since = counter();
    const order = await submitLater([{ id: "pro-monthly", quantity: 2 }], "zuora-async-1");

    // The first run starts Zuora's job and waits for the next poll (not due yet).
    await work({ pollDelaysMs: [60_000] });
    expect(since()).toEqual({ asyncOrders: 1, polls: 0, syncOrders: 0 });
    const processing = await stored(order.id);
    expect(processing.status).toBe("processing");
    expect(processing.subscription?.status).toBe("pending");
    const [zuoraJob] = [...partner.zuora.asyncJobs.values()].slice(-1);
    const waiting = await jobOf(order.id);
    expect(waiting?.data).toMatchObject({
      orderId: order.id,
      providerWork: { handle: zuoraJob?.id, polls: 0, attempts: 1 },
    });
    expect(waiting?.attempts).toBe(0);
    // Nothing exists at Zuora while its job is processing.
    const subscriptionsBefore = partner.zuora.subscriptions.size;

    // The poll comes due; the next runs poll until Zuora's job completes.
    await t.db.job.updateMany({ where: { key: `order:${order.id}` }, data: { runAt: new Date() } });
    await work();
    expect(since()).toEqual({ asyncOrders: 1, polls: processingPolls + 1, syncOrders: 0 });
    expect(zuoraJob?.polls).toBe(processingPolls + 1);
    expect(partner.zuora.subscriptions.size).toBe(subscriptionsBefore + 1);

    const done = await stored(order.id);
    const [zuoraSubscription] = [...partner.zuora.subscriptions.values()].slice(-1);
    expect(done).toMatchObject({ status: "complete", attempts: 1, failureCode: null });
    expect(done.providerReference).toMatch(/^O-/);
    expect(done.subscription).toMatchObject({
      status: "active",
      providerSubscriptionId: zuoraSubscription?.number,
    });
    expect(done.customer.providerCustomerId).toBe(zuoraSubscription?.accountNumber);
    expect(zuoraSubscription?.plans.map((p) => [p.plan.productRatePlanId, p.quantity])).toEqual([
      [plans.get("pro-monthly")?.productRatePlanId, 2],
    ]);
    expect((done.pricing as { providerResult?: unknown }).providerResult).toMatchObject({
      jobType: "AsyncCreateOrder",
      orderNumber: done.providerReference,
      subscriptions: [{ subscriptionNumber: zuoraSubscription?.number }],
    });
    expect(await t.db.auditEvent.count({ where: { subjectId: order.id, action: "order.completed" } })).toBe(
      1,
    );
    expect(await jobOf(order.id)).toBeNull();

    // The subscription is Zuora's like any other: a change goes through the synchronous order.
    const changed = await submitOrder(
      t.db,
      partner.scope,
      {
        order_type: "change_offer",
        forSubscription: { reference: order.subscriptionReference },
        orderItems: [{ offer: { id: "starter-monthly" }, quantity: 3 }],
      },
      { idempotencyKey: "zuora-async-1-change" },
      partner.deps(),
    );
    expect(changed.order.status).toBe("complete");
    expect(since().syncOrders).toBe(1);
    const current = partner.zuora.subscriptions
      .get(zuoraSubscription?.number ?? "")
      ?.plans.filter((p) => !p.removed);
    expect(current?.map((p) => [p.plan.productRatePlanId, p.quantity])).toEqual([
      [plans.get("starter-monthly")?.productRatePlanId, 3],
    ]);
    const { items } = await getOrder(t.db, partner.scope, changed.order.id);
    expect(items.map((i) => [i.offer.id, i.quantity])).toEqual([["starter-monthly", 3]]);
  });

  it("ends failed with Zuora's reason when Zuora's job fails the order, billing nothing", async () => {
    // The offer names a rate plan the tenant does not have: Zuora's validation refuses it.
    const unknownPlan = "0123456789abcdef0123456789abcdef";
    await t.db.offer.update({
      where: { id: "starter-annual" },
      data: { zuoraProductRatePlanId: unknownPlan },
    });
    try {
      const since = counter();
      const subscriptionsBefore = partner.zuora.subscriptions.size;
      const order = await submitLater([{ id: "starter-annual", quantity: 1 }], "zuora-async-refused");
      await work();
      expect(since()).toEqual({ asyncOrders: 1, polls: 3, syncOrders: 0 });
      const failed = await stored(order.id);
      expect(failed).toMatchObject({ status: "failed", failureCode: "PROVIDER_REJECTED" });
      expect(failed.failureMessage).toBe(
        `Zuora refused the order: Invalid product rate plan id: ${unknownPlan}`,
      );
      expect(failed.subscription?.status).toBe("cancelled");
      expect(partner.zuora.subscriptions.size).toBe(subscriptionsBefore);
      // Refused at once: no retries of a refusal, the job kept failed.
      expect((await jobOf(order.id))?.failedAt).not.toBeNull();
    } finally {
      await t.db.offer.update({
        where: { id: "starter-annual" },
        data: { zuoraProductRatePlanId: plans.get("starter-annual")?.productRatePlanId },
      });
    }
  });

  it("a worker that died after Zuora took the order, before storing its job, makes no second order", async () => {
    const since = counter();
    const subscriptionsBefore = partner.zuora.subscriptions.size;
    const jobsBefore = partner.zuora.asyncJobs.size;
    const order = await submitLater([{ id: "pro-annual", quantity: 1 }], "zuora-async-crash");
    // What the dead worker did: the same request under the same key, its answer lost.
    const data = (await jobOf(order.id))?.data as {
      providerRequest: ProviderOrderRequest;
      providerKey: string;
    };
    const provider = partner.deps().provider("zuora");
    const lost = await provider.submitLater?.(data.providerRequest, data.providerKey);

    await work();
    expect(since()).toEqual({ asyncOrders: 2, polls: 3, syncOrders: 0 });
    // Zuora replayed its answer to the key: the same job, one order, one subscription.
    expect(partner.zuora.asyncJobs.size).toBe(jobsBefore + 1);
    expect(partner.zuora.subscriptions.size).toBe(subscriptionsBefore + 1);
    expect(partner.zuora.asyncJobs.get(lost?.handle ?? "")?.outcome).toMatchObject({ status: "Completed" });
    expect((await stored(order.id)).status).toBe("complete");
  });

  it("fails an order Zuora has not finished in time; an admin's retry waits on the same Zuora job", async () => {
    partner.zuora.setAsyncProcessingPolls(3);
    const since = counter();
    const order = await submitLater([{ id: "pro-monthly", quantity: 1 }], "zuora-async-slow");
    await work({ pollDelaysMs: [0], maxWaitMs: 0 });
    expect(since()).toEqual({ asyncOrders: 1, polls: 1, syncOrders: 0 });
    const failed = await stored(order.id);
    expect(failed).toMatchObject({ status: "failed", failureCode: "PROVIDER_UNAVAILABLE" });
    expect(failed.failureMessage).toMatch(/had not finished the order after a day/);
    expect((await jobOf(order.id))?.failedAt).not.toBeNull();

    const admin = { ...partner.scope, actor: { ...partner.scope.actor, role: "admin" as const } };
    await retryFailedOrder(t.db, admin, { orderId: order.id });
    await work();
    // The same Zuora job, polled until it completed: no second order.
    expect(since()).toEqual({ asyncOrders: 1, polls: 4, syncOrders: 0 });
    const done = await stored(order.id);
    expect(done).toMatchObject({ status: "complete", failureCode: null });
    expect(done.subscription?.status).toBe("active");
  });

  it("a job queued before the asynchronous path existed keeps the synchronous Create an order", async () => {
    const since = counter();
    const order = await submitLater([{ id: "pro-monthly", quantity: 1 }], "zuora-async-older-job");
    const job = await jobOf(order.id);
    if (!job) throw new Error("the order has no job");
    const { providerCall, ...older } = job.data as Record<string, unknown>;
    expect(providerCall).toBe("async");
    await t.db.job.update({ where: { id: job.id }, data: { data: older as object } });
    await work();
    expect(since()).toEqual({ asyncOrders: 0, polls: 0, syncOrders: 1 });
    expect((await stored(order.id)).status).toBe("complete");
  });

  it("a worker restarted between the start and a poll polls the same Zuora job", async () => {
    const since = counter();
    const jobsBefore = partner.zuora.asyncJobs.size;
    const order = await submitLater([{ id: "starter-monthly", quantity: 1 }], "zuora-async-restart");
    await work({ pollDelaysMs: [60_000] });
    // A worker's lease ran out mid-run: the job is claimed again by a new worker, which finds the
    // handle in the job's data (the run that started Zuora's job stored it with the job).
    await t.db.job.updateMany({ where: { key: `order:${order.id}` }, data: { runAt: new Date() } });
    await work();
    expect(since()).toEqual({ asyncOrders: 1, polls: 3, syncOrders: 0 });
    expect(partner.zuora.asyncJobs.size).toBe(jobsBefore + 1);
    expect((await stored(order.id)).status).toBe("complete");
  });
});
