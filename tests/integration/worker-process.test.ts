// The job worker as its own process (what `npm run worker` runs): killed with SIGKILL after the
// billing provider (the local Stripe fake) has acted on its call but before the answer arrived,
// the order is taken up by another worker process once the dead one's lease has run out, which
// asks again under the same idempotency keys: Stripe makes one customer and one subscription. A
// worker told SIGTERM exits cleanly. Runs on SQLite, and on PostgreSQL with TEST_DATABASE_URL.
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { submitOrder } from "../../server/features/orders/submit-order";
import { seedPartners } from "../helpers/fixtures";
import { newOrder } from "../helpers/order-test-kit";
import { type StripePartner, stripePartner } from "../helpers/stripe-partner";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

let t: TestDatabase;
let billed: StripePartner;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedPartners(t.db);
  billed = await stripePartner(t.db, "stripe-worker-process");
});
afterAll(async () => {
  await billed?.close();
  await t?.close();
});

function startWorker(extraEnv: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", "server/transport/worker/worker-main.ts"], {
    cwd: path.resolve(import.meta.dirname, "../.."),
    env: {
      ...process.env,
      DATABASE_URL: t.url,
      STRIPE_SECRET_KEY: billed.stripe.secretKey,
      STRIPE_API_BASE: billed.stripe.url,
      WORKER_CONCURRENCY: "1",
      LOG_LEVEL: "warn",
      ...extraEnv,
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: string | null }> {
  return new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("a worker process", () => {
  it("killed mid-call leaves its order to the next worker, and Stripe bills it once", async () => {
    const { stripe, scope } = billed;
    const body = newOrder([{ id: "pro-monthly", quantity: 2 }], { process_immediately: false });
    const { order } = await submitOrder(t.db, scope, body, {}, billed.deps());
    const subscriptionsBefore = stripe.subscriptions.size;
    const customersBefore = stripe.customers.size;
    const requestsBefore = stripe.requests.length;

    // Stripe creates the subscription but its answer never arrives: the first worker, having made
    // the customer, waits in a call Stripe has already acted on.
    const subscriptionCreate = (r: { method: string; path: string }) =>
      r.method === "POST" && r.path === "/v1/subscriptions";
    stripe.setMode("late", { match: subscriptionCreate });
    const first = startWorker({ BILLING_PROVIDER_TIMEOUT_MS: "60000" });
    const firstExit = exited(first);
    await until(
      async () =>
        stripe.requests.slice(requestsBefore).filter((r) => subscriptionCreate(r) && r.response).length,
      (n) => n > 0,
    );
    expect(stripe.subscriptions.size).toBe(subscriptionsBefore + 1);
    expect(await t.db.order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({
      status: "processing",
      attempts: 1,
    });
    first.kill("SIGKILL");
    expect(await firstExit).toEqual({ code: null, signal: "SIGKILL" });
    stripe.recover();

    // The dead worker's lease (60 s) runs out: moved back here rather than waited for.
    const job = await t.db.job.findUniqueOrThrow({ where: { key: `order:${order.id}` } });
    expect(job.lockedBy).not.toBeNull();
    await t.db.job.update({ where: { id: job.id }, data: { lockedUntil: new Date(Date.now() - 1000) } });

    const second = startWorker();
    const secondExit = exited(second);
    const done = await until(
      () => t.db.order.findUniqueOrThrow({ where: { id: order.id }, include: { subscription: true } }),
      (o) => o.status === "complete",
    );
    expect(done.attempts).toBe(2);
    expect(done.subscription?.status).toBe("active");
    expect(done.subscription?.providerSubscriptionId).toMatch(/^sub_/);
    expect(stripe.subscriptions.size).toBe(subscriptionsBefore + 1);
    expect(stripe.customers.size).toBe(customersBefore + 1);
    expect(await t.db.job.count({ where: { key: `order:${order.id}` } })).toBe(0);

    second.kill("SIGTERM");
    expect(await secondExit).toEqual({ code: 0, signal: null });
  }, 90_000);
});
