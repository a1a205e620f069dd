// Orders submitted with process_immediately false, processed by the job worker: stored with their
// job in one transaction, completed by the worker, retried through an outage with the same
// provider key, failed with a partner-safe reason when the provider refuses or never comes back
// (nothing left billed, the discount use given back), and each processed once however many
// workers share the database. Runs on SQLite, and on PostgreSQL with TEST_DATABASE_URL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedPartners, staffScope, testDeps } from "../../../tests/helpers/fixtures";
import { domainError, flakyProvider, newOrder } from "../../../tests/helpers/order-test-kit";
import { type StripePartner, stripePartner } from "../../../tests/helpers/stripe-partner";
import { createTestDatabase, type TestDatabase } from "../../../tests/helpers/test-database";
import { DomainError } from "../../domain/domain-error";
import type { BillingProvider } from "../../infra/billing/billing-provider";
import { BuiltinBillingProvider } from "../../infra/billing/builtin-provider";
import { providerRefused } from "../../infra/billing/provider-errors";
import { jobInsert } from "../../infra/queue/job-queue";
import { startJobWorker } from "../../infra/queue/job-worker";
import type { PartnerScope } from "../auth/partner-scope";
import { getOrder } from "./get-order";
import type { OrderDeps } from "./order-deps";
import { ORDER_PROCESS_ATTEMPTS, processOrderHandler } from "./process-order";
import { retryFailedOrder } from "./retry-order";
import { submitOrder } from "./submit-order";

let t: TestDatabase;
let acme: PartnerScope;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedPartners(t.db);
  acme = await staffScope(t.db, "staff@acme.test");
});
afterAll(async () => t?.close());

/** Runs every due job with a worker of these deps, retrying at once, then stops it. */
async function work(deps: OrderDeps, options: { concurrency?: number; id?: string } = {}) {
  const worker = startJobWorker(
    t.db,
    { "order.process": processOrderHandler(deps) },
    { concurrency: options.concurrency ?? 2, retryDelaysMs: [0], pollMs: 20, id: options.id },
  );
  await worker.drain();
  await worker.stop();
}

const later = (items = [{ id: "pro-monthly", quantity: 2 }], extra: Record<string, unknown> = {}) =>
  newOrder(items, { process_immediately: false, ...extra });

async function stored(id: string) {
  return t.db.order.findUniqueOrThrow({
    where: { id },
    include: { subscription: { include: { items: true } }, customer: true },
  });
}

/** How many times the demo code WELCOME10 has been used. */
const used = async () =>
  (await t.db.discountCode.findUniqueOrThrow({ where: { code: "WELCOME10" } })).timesRedeemed;

/** A provider that records every submit's idempotency key. */
function recording(inner: BillingProvider) {
  const keys: string[] = [];
  const provider: BillingProvider = {
    kind: inner.kind,
    preview: (request) => inner.preview(request),
    submit: (request, key) => {
      keys.push(key);
      return inner.submit(request, key);
    },
  };
  return { provider, keys };
}

describe("an order processed later", () => {
  it("is stored submitted with its job, and the worker completes it and activates its subscription", async () => {
    const provider = recording(new BuiltinBillingProvider());
    const deps = testDeps({ provider: () => provider.provider });
    const { order } = await submitOrder(t.db, acme, later(), {}, deps);
    expect(order.status).toBe("submitted");
    expect(provider.keys).toEqual([]);
    const before = await stored(order.id);
    expect(before).toMatchObject({ status: "submitted", attempts: 0, processedAt: null });
    expect(before.subscription?.status).toBe("pending");
    expect(await t.db.job.count({ where: { key: `order:${order.id}` } })).toBe(1);

    await work(deps);
    const after = await stored(order.id);
    expect(after).toMatchObject({ status: "complete", attempts: 1, failureCode: null });
    expect(after.processedAt).toEqual(deps.now());
    expect(after.subscription?.status).toBe("active");
    expect(provider.keys).toHaveLength(1);
    expect(await t.db.job.count({ where: { key: `order:${order.id}` } })).toBe(0);

    const detail = await getOrder(t.db, acme, order.id);
    expect(detail).toMatchObject({ status: "complete", attempts: 1, failure: null });
    expect(detail.processed_at).toBe(deps.now().toISOString());
    expect(detail.audit.map((a) => [a.action, a.actor.kind])).toEqual([
      ["order.new", "user"],
      ["order.completed", "system"],
    ]);
  });

  it("is retried through an outage with the same provider key, and completes when the provider returns", async () => {
    const flaky = flakyProvider(new BuiltinBillingProvider(), 2);
    const provider = recording(flaky.provider);
    const deps = testDeps({ provider: () => provider.provider });
    const { order } = await submitOrder(t.db, acme, later(), { idempotencyKey: "later-outage" }, deps);
    await work(deps);
    expect(await stored(order.id)).toMatchObject({ status: "complete", attempts: 3 });
    expect(provider.keys).toHaveLength(3);
    expect(new Set(provider.keys).size).toBe(1);
  });

  it("ends failed with its reason when the provider never comes back: nothing stays, the discount use returns", async () => {
    const flaky = flakyProvider(new BuiltinBillingProvider(), 1000);
    const deps = testDeps({ provider: () => flaky.provider });
    const redeemedBefore = await used();
    const { order } = await submitOrder(
      t.db,
      acme,
      later(undefined, { orderDiscount: { code: "WELCOME10" } }),
      {},
      deps,
    );
    expect(await used()).toBe(redeemedBefore + 1);

    await work(deps);
    const failed = await stored(order.id);
    expect(failed).toMatchObject({
      status: "failed",
      attempts: ORDER_PROCESS_ATTEMPTS,
      failureCode: "PROVIDER_UNAVAILABLE",
      failureMessage: "The billing provider is unavailable (test double)",
    });
    expect(flaky.calls.submit).toBe(ORDER_PROCESS_ATTEMPTS);
    expect(failed.subscription?.status).toBe("cancelled");
    expect(failed.subscription?.items.every((i) => i.removedAt !== null)).toBe(true);
    expect(await used()).toBe(redeemedBefore);
    const job = await t.db.job.findUniqueOrThrow({ where: { key: `order:${order.id}` } });
    expect(job.failedAt).not.toBeNull();
    expect(job.lastError).toContain("unavailable");

    const detail = await getOrder(t.db, acme, order.id);
    expect(detail.failure).toEqual({
      code: "PROVIDER_UNAVAILABLE",
      message: "The billing provider is unavailable (test double)",
    });
    expect(detail.audit.at(-1)).toMatchObject({ action: "order.failed", actor: { kind: "system" } });
  });

  it("ends failed at once when the provider refuses it: a refusal is not retried", async () => {
    let calls = 0;
    const refusing: BillingProvider = {
      kind: "builtin",
      preview: (request) => new BuiltinBillingProvider().preview(request),
      submit: async () => {
        calls++;
        throw providerRefused("stripe", "No such price: 'price_123'");
      },
    };
    const deps = testDeps({ provider: () => refusing });
    const { order } = await submitOrder(t.db, acme, later(), {}, deps);
    await work(deps);
    expect(calls).toBe(1);
    expect(await getOrder(t.db, acme, order.id)).toMatchObject({
      status: "failed",
      attempts: 1,
      failure: { code: "PROVIDER_REJECTED", message: "Stripe refused the order: No such price: 'price_123'" },
    });
  });

  it("ends failed at once when the provider's own eligibility check refuses it, without retrying", async () => {
    let calls = 0;
    const ineligible: BillingProvider = {
      kind: "builtin",
      preview: (request) => new BuiltinBillingProvider().preview(request),
      submit: async () => {
        calls++;
        throw new DomainError(
          "INELIGIBLE",
          "The order is not eligible: Stripe bills at most 20 recurring offers.",
          {
            problems: [{ code: "PROVIDER_LIMIT_EXCEEDED", path: "orderItems", message: "at most 20" }],
          },
        );
      },
    };
    const deps = testDeps({ provider: () => ineligible });
    const { order } = await submitOrder(t.db, acme, later(), {}, deps);
    await work(deps);
    expect(calls).toBe(1);
    expect(await getOrder(t.db, acme, order.id)).toMatchObject({
      status: "failed",
      attempts: 1,
      failure: { code: "PROVIDER_REJECTED", message: expect.stringMatching(/at most 20 recurring offers/) },
    });
  });

  it("is failed once when two runs record its failure at the same time: one discount use returned", async () => {
    const flaky = flakyProvider(new BuiltinBillingProvider(), 1000);
    const deps = testDeps({ provider: () => flaky.provider });
    const { order } = await submitOrder(
      t.db,
      acme,
      later(undefined, { orderDiscount: { code: "WELCOME10" } }),
      {},
      deps,
    );
    const afterSubmit = await used();
    const job = await t.db.job.findUniqueOrThrow({ where: { key: `order:${order.id}` } });
    const claimed = {
      id: job.id,
      name: "order.process" as const,
      data: job.data,
      attempts: 7,
      maxAttempts: 7,
      lockedBy: "w",
    };
    const handler = processOrderHandler(deps);
    const error = new Error("unavailable");
    await Promise.all([handler.exhausted(t.db, claimed, error), handler.exhausted(t.db, claimed, error)]);
    expect(await used()).toBe(afterSubmit - 1);
    const audit = await t.db.auditEvent.count({ where: { subjectId: order.id, action: "order.failed" } });
    expect(audit).toBe(1);
    await t.db.job.delete({ where: { id: job.id } });
  });

  it("a job whose data no handler can read ends failed for an operator, not in an endless loop", async () => {
    const deps = testDeps();
    await jobInsert(t.db, { name: "order.process", data: { orderId: 42 }, key: "bad-data", maxAttempts: 2 });
    await work(deps);
    const job = await t.db.job.findUniqueOrThrow({ where: { key: "bad-data" } });
    expect(job.failedAt).not.toBeNull();
    expect(job.attempts).toBeLessThanOrEqual(2 + 3);
    expect(job.lockedBy).toBeNull();
  });

  it("is processed once however many workers share the database", async () => {
    const provider = recording(new BuiltinBillingProvider());
    const deps = testDeps({ provider: () => provider.provider });
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      ids.push(
        (await submitOrder(t.db, acme, later([{ id: "starter-monthly", quantity: 1 }]), {}, deps)).order.id,
      );
    }
    await Promise.all([
      work(deps, { concurrency: 3, id: "worker-a" }),
      work(deps, { concurrency: 3, id: "worker-b" }),
      work(deps, { concurrency: 3, id: "worker-c" }),
    ]);
    const orders = await t.db.order.findMany({
      where: { id: { in: ids } },
      select: { status: true, attempts: true },
    });
    expect(orders.every((o) => o.status === "complete" && o.attempts === 1)).toBe(true);
    expect(provider.keys).toHaveLength(12);
    expect(new Set(provider.keys).size).toBe(12);
  });
});

describe("an admin's retry of a failed order", () => {
  it("reopens it with its subscription and discount, and the same provider key completes it", async () => {
    const admin = await staffScope(t.db, "admin@acme.test");
    const down = flakyProvider(new BuiltinBillingProvider(), 1000);
    const keys = recording(down.provider);
    const failing = testDeps({ provider: () => keys.provider });
    const { order } = await submitOrder(
      t.db,
      acme,
      later(undefined, { orderDiscount: { code: "WELCOME10" } }),
      {},
      failing,
    );
    await work(failing);
    expect((await stored(order.id)).status).toBe("failed");
    const redeemedAfterFailure = await used();

    await domainError(retryFailedOrder(t.db, acme, { orderId: order.id }), "FORBIDDEN");
    await retryFailedOrder(t.db, admin, { orderId: order.id });
    const reopened = await stored(order.id);
    expect(reopened).toMatchObject({ status: "submitted", failureCode: null, processedAt: null });
    expect(reopened.subscription?.status).toBe("pending");
    expect(reopened.subscription?.items.every((i) => i.removedAt === null)).toBe(true);
    expect(await used()).toBe(redeemedAfterFailure + 1);
    await domainError(retryFailedOrder(t.db, admin, { orderId: order.id }), "CONFLICT");

    const up = recording(new BuiltinBillingProvider());
    const working = testDeps({ provider: () => up.provider });
    await work(working);
    const done = await stored(order.id);
    expect(done).toMatchObject({ status: "complete", attempts: ORDER_PROCESS_ATTEMPTS + 1 });
    expect(done.subscription?.status).toBe("active");
    expect(up.keys).toEqual([keys.keys[0]]);
    const audit = await getOrder(t.db, acme, order.id);
    expect(audit.audit.map((a) => a.action)).toEqual([
      "order.new",
      "order.failed",
      "order.retried",
      "order.completed",
    ]);
  });

  it("is refused for an order that has not failed, and for another partner's order", async () => {
    const admin = await staffScope(t.db, "admin@acme.test");
    const globexAdmin = await staffScope(t.db, "admin@globex.test");
    const deps = testDeps();
    const { order } = await submitOrder(t.db, acme, later(), {}, deps);
    await domainError(retryFailedOrder(t.db, admin, { orderId: order.id }), "CONFLICT");
    await domainError(retryFailedOrder(t.db, globexAdmin, { orderId: order.id }), "NOT_FOUND");
    await domainError(retryFailedOrder(t.db, admin, { orderId: "order-nope" }), "VALIDATION");
    await work(deps);
  });
});

describe("an order processed later through Stripe (the local Stripe fake)", () => {
  let billed: StripePartner;
  beforeAll(async () => {
    billed = await stripePartner(t.db, "stripe-later");
  });
  afterAll(async () => billed?.close());

  it("bills once when an attempt dies after Stripe answered and before the order was written", async () => {
    const { stripe, scope } = billed;
    const real = billed.deps();
    let crashes = 1;
    // The first attempt reaches Stripe, then its process "dies" before the local write.
    const crashing: BillingProvider = {
      kind: "stripe",
      preview: (request) => real.provider("stripe").preview(request),
      submit: async (request, key) => {
        const answer = await real.provider("stripe").submit(request, key);
        if (crashes-- > 0) throw new Error("the worker died here");
        return answer;
      },
    };
    const deps = { ...real, provider: () => crashing };
    const { order } = await submitOrder(t.db, scope, later(), {}, deps);
    expect(stripe.subscriptions.size).toBe(0);
    await work(deps);
    const done = await stored(order.id);
    expect(done).toMatchObject({ status: "complete", attempts: 2 });
    expect(done.subscription?.providerSubscriptionId).toMatch(/^sub_/);
    expect(done.customer.providerCustomerId).toMatch(/^cus_/);
    expect(stripe.subscriptions.size).toBe(1);
    // The request the job kept still holds the order's tax rate: Stripe bills what was stored.
    // (The catalogue sync made a rate per country of the table; the order is a GB one.)
    const rate = [...stripe.taxRates.values()].find((r) => r.country === "GB");
    const created = stripe.requests
      .filter((r) => r.method === "POST" && r.path === "/v1/subscriptions")
      .at(-1)?.body as { items: { tax_rates?: string[] }[] };
    expect(created.items.map((item) => item.tax_rates)).toEqual([[rate?.id]]);
    const subscription = stripe.subscriptions.get(done.subscription?.providerSubscriptionId ?? "");
    expect(stripe.invoices.get(subscription?.latestInvoice ?? "")?.total).toBe(done.total);
    expect(done.taxTotal).toBeGreaterThan(0);
  });

  it("a Stripe outage through every attempt leaves nothing at Stripe and the order failed", async () => {
    const { stripe, scope } = billed;
    const deps = billed.deps();
    const { order } = await submitOrder(t.db, scope, later(), {}, deps);
    const before = stripe.subscriptions.size;
    stripe.setMode("fail");
    try {
      await work(deps);
    } finally {
      stripe.recover();
    }
    expect(await stored(order.id)).toMatchObject({ status: "failed", failureCode: "PROVIDER_UNAVAILABLE" });
    expect(stripe.subscriptions.size).toBe(before);
  });
});
