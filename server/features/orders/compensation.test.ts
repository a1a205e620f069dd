// Compensation through the real Stripe provider and the Stripe fake: a new order that Stripe
// accepted but that lost the race for its external_id or its new customer gets its Stripe
// subscription cancelled by the compensation job, so the fake is left with exactly one live
// subscription per local order; a write that failed for another reason waits for the client's
// retry, which adopts the same subscription (Stripe replays it), and the job then leaves it
// alone; without an Idempotency-Key nothing can adopt it and it is cancelled at once. Runs on
// SQLite, and on PostgreSQL with TEST_DATABASE_URL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedPartners } from "../../../tests/helpers/fixtures";
import { newOrder, uniqueEmail } from "../../../tests/helpers/order-test-kit";
import { type StripePartner, stripePartner } from "../../../tests/helpers/stripe-partner";
import { createTestDatabase, type TestDatabase } from "../../../tests/helpers/test-database";
import type { Db } from "../../infra/db/db";
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
    const audit = await t.db.auditEvent.count({
      where: { partnerId: billed.scope.partnerId, action: "provider.compensated" },
    });
    expect(audit).toBe(reached - 1);
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
