// Webhooks to partners, end to end against a real receiver on 127.0.0.1 that verifies with the
// standardwebhooks library: events emitted with the change they report and sent only to the
// endpoints listening, signed; retries after 500s and while the receiver is down, keeping the
// webhook-id; the previous secret signing for 24 h after a rotation; the outbound refusals at
// registration and at delivery (a redirect is not followed); an endpoint failing for days turned
// off; resend and test events; one partner never reaching another's endpoints. Runs on SQLite,
// and on PostgreSQL with TEST_DATABASE_URL.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { seedPartners, staffScope, testDeps } from "../../../tests/helpers/fixtures";
import { domainError, newOrder } from "../../../tests/helpers/order-test-kit";
import { createTestDatabase, type TestDatabase } from "../../../tests/helpers/test-database";
import { type Receiver, startReceiver } from "../../../tests/helpers/webhook-receiver";
import { startJobWorker } from "../../infra/queue/job-worker";
import type { PartnerScope } from "../auth/partner-scope";
import { purgeExpired } from "../maintenance/purge";
import { getOrder } from "../orders/get-order";
import { processOrderHandler } from "../orders/process-order";
import { submitOrder } from "../orders/submit-order";
import {
  defaultWebhookDeliveryDeps,
  deliverWebhookHandler,
  ENDPOINT_DISABLE_AFTER_MS,
} from "./webhook-delivery-job";
import { getDelivery, listDeliveries, resendDelivery, sendTestEvent } from "./webhook-delivery-service";
import { registerWebhookEndpoint, rotateWebhookSecret } from "./webhook-endpoint-service";

// Read by env() on first use: the receivers listen on loopback, and retries come at once.
process.env.OUTBOUND_ALLOW_HOSTS = "127.0.0.1";
process.env.WEBHOOK_RETRY_DELAYS = "0ms,0ms,0ms";

let t: TestDatabase;
let acme: PartnerScope;
let globex: PartnerScope;
let receiver: Receiver;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedPartners(t.db);
  acme = await staffScope(t.db, "admin@acme.test");
  globex = await staffScope(t.db, "staff@globex.test");
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver?.stop();
  await t?.close();
});
beforeEach(async () => {
  await t.db.webhookEndpoint.deleteMany({});
  await t.db.job.deleteMany({});
  receiver.received.length = 0;
  receiver.script.length = 0;
  receiver.secrets.length = 0;
});

const orderBody = (extra: Record<string, unknown> = {}) =>
  newOrder([{ id: "pro-monthly", quantity: 2 }], extra);

type Deps = Parameters<typeof deliverWebhookHandler>[0];

/** Runs every due job (orders and deliveries) until none is left. */
async function work(deps: Partial<NonNullable<Deps>> = {}) {
  const worker = startJobWorker(
    t.db,
    {
      "order.process": processOrderHandler(testDeps()),
      "webhook.deliver": deliverWebhookHandler({ ...defaultWebhookDeliveryDeps(), timeoutMs: 2000, ...deps }),
    },
    { concurrency: 2, retryDelaysMs: [0], pollMs: 20 },
  );
  await worker.drain();
  await worker.stop();
}

async function register(events: string[], path = "/hook") {
  const endpoint = await registerWebhookEndpoint(t.db, acme, { url: receiver.url(path), events });
  receiver.secrets.push(endpoint.secret);
  return endpoint;
}

const deliveriesOf = async (endpointId: string) =>
  (await listDeliveries(t.db, acme, endpointId, { limit: 100 })).items;

describe("events", () => {
  it("a completed order is sent, signed, to the endpoints listening for its events only", async () => {
    const listening = await register(["order.completed", "subscription.created"], "/listening");
    await register(["order.failed"], "/other");
    const { order } = await submitOrder(t.db, acme, orderBody(), {}, testDeps());
    await work();

    const got = receiver.received;
    expect(got.map((r) => r.path).sort()).toEqual(["/listening", "/listening"]);
    expect(got.every((r) => r.verifyError === null)).toBe(true);
    const types = got.map((r) => r.verified?.type).sort();
    expect(types).toEqual(["order.completed", "subscription.created"]);
    const completed = got.find((r) => r.verified?.type === "order.completed")?.verified;
    // The data is the order exactly as GET /partner/order/{id} shows it.
    expect(completed?.data).toEqual(JSON.parse(JSON.stringify(await getOrder(t.db, acme, order.id))));
    const created = got.find((r) => r.verified?.type === "subscription.created")?.verified;
    expect(created?.data).toMatchObject({ reference: order.subscriptionReference, status: "active" });
    expect(got[0]?.headers["content-type"]).toBe("application/json");

    const log = await deliveriesOf(listening.id);
    expect(log.map((d) => [d.status, d.attempts, d.attemptLog[0]?.statusCode])).toEqual([
      ["delivered", 1, 200],
      ["delivered", 1, 200],
    ]);
  });

  it("an order processed later sends order.submitted, then order.completed", async () => {
    await register(["order.submitted", "order.completed"]);
    const { order } = await submitOrder(
      t.db,
      acme,
      orderBody({ process_immediately: false }),
      {},
      testDeps(),
    );
    await work();
    const sent = receiver.received.map((r) => r.verified);
    expect(sent.map((m) => m?.type)).toEqual(["order.submitted", "order.completed"]);
    expect(sent.map((m) => m?.data.status)).toEqual(["submitted", "complete"]);
    expect(sent.every((m) => m?.data.id === order.id)).toBe(true);
  });

  it("an order of a partner without endpoints queues nothing", async () => {
    await submitOrder(t.db, acme, orderBody(), {}, testDeps());
    expect(await t.db.job.count({ where: { name: "webhook.deliver" } })).toBe(0);
  });
});

describe("retries", () => {
  it("retries after 500s with the same webhook-id, and logs every attempt", async () => {
    const endpoint = await register(["order.completed"]);
    receiver.script.push(500, 503);
    await submitOrder(t.db, acme, orderBody(), {}, testDeps());
    await work();
    expect(receiver.received.map((r) => r.verifyError)).toEqual([null, null, null]);
    expect(new Set(receiver.received.map((r) => r.headers["webhook-id"])).size).toBe(1);
    const [delivery] = await deliveriesOf(endpoint.id);
    expect(delivery?.status).toBe("delivered");
    expect(delivery?.attemptLog.map((a) => a.statusCode)).toEqual([500, 503, 200]);
    expect(delivery?.attemptLog[0]?.responseBody).toBe("answered 500");
    // The streak of failures ended with the success.
    expect(
      (await t.db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).failingSince,
    ).toBeNull();
  });

  it("delivers once a receiver that was down is back", async () => {
    const endpoint = await register(["order.completed"]);
    await receiver.stop();
    try {
      await submitOrder(t.db, acme, orderBody(), {}, testDeps());
      // One attempt while it is down (the worker is stopped after the first run ends).
      const worker = startJobWorker(
        t.db,
        {
          "webhook.deliver": deliverWebhookHandler({
            ...defaultWebhookDeliveryDeps(),
            timeoutMs: 2000,
            retryDelaysMs: [3_600_000],
          }),
        },
        { concurrency: 1, retryDelaysMs: [0], pollMs: 20 },
      );
      await waitFor(async () => ((await deliveriesOf(endpoint.id))[0]?.attempts ?? 0) >= 1);
      await worker.stop();
    } finally {
      await receiver.start();
    }
    const [down] = await deliveriesOf(endpoint.id);
    expect(down?.attemptLog[0]).toMatchObject({ statusCode: null, error: "connection refused" });
    expect(
      (await t.db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).failingSince,
    ).not.toBeNull();
    // The hour of its retry has passed.
    await t.db.job.updateMany({ where: { name: "webhook.deliver" }, data: { runAt: new Date() } });
    await work();
    const [after] = await deliveriesOf(endpoint.id);
    expect(after?.status).toBe("delivered");
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]?.verifyError).toBeNull();
  });

  it("fails a delivery out of attempts, and turns off an endpoint failing for days", async () => {
    const endpoint = await register(["order.completed"]);
    receiver.script.push(500, 500, 500, 500);
    const since = new Date(Date.now() - ENDPOINT_DISABLE_AFTER_MS - 60_000);
    await t.db.webhookEndpoint.update({ where: { id: endpoint.id }, data: { failingSince: since } });
    await submitOrder(t.db, acme, orderBody(), {}, testDeps());
    await work();
    const [delivery] = await deliveriesOf(endpoint.id);
    expect(delivery).toMatchObject({ status: "failed", attempts: 4, lastStatusCode: 500 });
    const off = await t.db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
    expect(off.enabled).toBe(false);
    expect(off.disabledReason).toMatch(/every delivery failed since/);
    const audit = await t.db.auditEvent.findMany({
      where: { subjectId: endpoint.id, action: "webhook_endpoint.disabled" },
    });
    expect(audit).toHaveLength(1);

    // Nothing more is sent to it, and resending waits until it is enabled again.
    receiver.received.length = 0;
    await submitOrder(t.db, acme, orderBody(), {}, testDeps());
    await work();
    expect(receiver.received).toHaveLength(0);
    await domainError(resendDelivery(t.db, acme, endpoint.id, delivery?.id ?? ""), "CONFLICT");
  });
});

describe("secrets", () => {
  it("after a rotation both secrets sign for 24 hours, then only the new one", async () => {
    const endpoint = await register(["order.completed"]);
    const oldSecret = endpoint.secret;
    const rotated = await rotateWebhookSecret(t.db, acme, endpoint.id);
    expect(rotated.secret).not.toBe(oldSecret);
    expect(rotated.previousSecretExpiresAt).not.toBeNull();

    await sendTestEvent(t.db, acme, endpoint.id);
    await work();
    const signatures = String(receiver.received[0]?.headers["webhook-signature"]).split(" ");
    expect(signatures).toHaveLength(2);
    receiver.secrets.splice(0, receiver.secrets.length, oldSecret);
    const message = receiver.received[0];
    expect(message).toBeDefined();
    // The receiver that has not switched yet verifies with the old secret, the one that has with the new.
    for (const secret of [oldSecret, rotated.secret]) {
      const { Webhook } = await import("standardwebhooks");
      expect(() => new Webhook(secret).verify(message?.body ?? "", message?.headers as never)).not.toThrow();
    }

    // 24 hours on: the previous secret no longer signs.
    await t.db.webhookEndpoint.update({
      where: { id: endpoint.id },
      data: { previousSecretExpiresAt: new Date(Date.now() - 1000) },
    });
    receiver.received.length = 0;
    await sendTestEvent(t.db, acme, endpoint.id);
    await work();
    expect(receiver.received[0]?.verifyError).toMatch(/signature/i);
    receiver.secrets.splice(0, receiver.secrets.length, rotated.secret);
    receiver.received.length = 0;
    await sendTestEvent(t.db, acme, endpoint.id);
    await work();
    expect(receiver.received[0]?.verifyError).toBeNull();
    expect(receiver.received[0]?.verified?.type).toBe("webhook.test");
  });

  it("never stores a secret in the clear", async () => {
    const endpoint = await register(["order.completed"]);
    const row = await t.db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
    expect(JSON.stringify(row)).not.toContain(endpoint.secret.slice(6));
  });
});

describe("outbound safety", () => {
  it.each([
    ["http://10.0.0.1/hook", /private/],
    ["https://10.1.2.3/hook", /private/],
    ["http://169.254.169.254/latest/meta-data", /metadata/],
    ["https://[::ffff:169.254.169.254]/hook", /metadata/],
    ["https://[::1]/hook", /loopback/],
    ["ftp://example.com/hook", /http/],
  ])("refuses to register %s", async (url, why) => {
    const error = await domainError(
      registerWebhookEndpoint(t.db, acme, { url, events: ["order.completed"] }),
      "VALIDATION",
    );
    expect(error.details.errors?.[0]).toMatchObject({ path: "url" });
    expect(error.details.errors?.[0]?.message).toMatch(why);
  });

  it("checks the address again at delivery: loopback is refused unless allowed", async () => {
    const endpoint = await register(["order.completed"]);
    await sendTestEvent(t.db, acme, endpoint.id);
    await work({ policy: () => ({ allowHosts: [] }) });
    expect(receiver.received).toHaveLength(0);
    const [delivery] = await deliveriesOf(endpoint.id);
    expect(delivery?.status).toBe("failed");
    expect(delivery?.attemptLog[0]?.error).toMatch(/loopback|https/);
  });

  it("does not follow a redirect", async () => {
    const elsewhere = await startReceiver();
    try {
      const endpoint = await register(["order.completed"]);
      receiver.script.push(...Array(4).fill({ redirect: elsewhere.url("/stolen") }));
      await sendTestEvent(t.db, acme, endpoint.id);
      await work();
      expect(elsewhere.received).toHaveLength(0);
      const [delivery] = await deliveriesOf(endpoint.id);
      expect(delivery).toMatchObject({ status: "failed", lastStatusCode: 302 });
    } finally {
      await elsewhere.stop();
    }
  });
});

describe("resend, test events and other partners", () => {
  it("resends a delivered delivery with the same webhook-id, once at a time", async () => {
    const endpoint = await register(["order.completed"]);
    const test = await sendTestEvent(t.db, acme, endpoint.id);
    expect(test).toMatchObject({ eventType: "webhook.test", status: "pending" });
    await work();
    const resent = await resendDelivery(t.db, acme, endpoint.id, test.id);
    expect(resent.status).toBe("pending");
    await domainError(resendDelivery(t.db, acme, endpoint.id, test.id), "CONFLICT");
    await work();
    const ids = receiver.received.map((r) => r.headers["webhook-id"]);
    expect(ids).toEqual([test.eventId, test.eventId]);
    const after = await getDelivery(t.db, acme, endpoint.id, test.id);
    expect(after).toMatchObject({ status: "delivered" });
    expect(after.attemptLog).toHaveLength(2);
  });

  it("another partner's endpoints and deliveries do not exist for a partner", async () => {
    const endpoint = await register(["order.completed"]);
    const test = await sendTestEvent(t.db, acme, endpoint.id);
    await work();
    await domainError(listDeliveries(t.db, globex, endpoint.id, {}), "NOT_FOUND");
    await domainError(getDelivery(t.db, globex, endpoint.id, test.id), "NOT_FOUND");
    await domainError(resendDelivery(t.db, globex, endpoint.id, test.id), "NOT_FOUND");
    await domainError(sendTestEvent(t.db, globex, endpoint.id), "NOT_FOUND");
    await domainError(rotateWebhookSecret(t.db, globex, endpoint.id), "NOT_FOUND");
    // Nor do a globex order's events reach acme's endpoint.
    receiver.received.length = 0;
    await submitOrder(t.db, globex, orderBody(), {}, testDeps()).catch(() => undefined);
    await work();
    expect(receiver.received).toHaveLength(0);
  });
});

describe("retention", () => {
  it("purge drops settled deliveries after 30 days, with their attempts, and keeps the rest", async () => {
    const endpoint = await register(["order.completed"]);
    const old = await sendTestEvent(t.db, acme, endpoint.id);
    const recent = await sendTestEvent(t.db, acme, endpoint.id);
    await work();
    const waiting = await sendTestEvent(t.db, acme, endpoint.id);
    const monthAgo = new Date(Date.now() - 31 * 24 * 3_600_000);
    await t.db.webhookDelivery.updateMany({
      where: { id: { in: [old.id, waiting.id] } },
      data: { createdAt: monthAgo },
    });
    const result = await purgeExpired(t.db);
    expect(result.webhookDeliveries).toBe(1);
    const left = await t.db.webhookDelivery.findMany({
      where: { endpointId: endpoint.id },
      select: { id: true },
    });
    expect(left.map((d) => d.id).sort()).toEqual([recent.id, waiting.id].sort());
    expect(await t.db.webhookAttempt.count({ where: { deliveryId: old.id } })).toBe(0);
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
