// Webhook endpoints over HTTP, as a partner system manages them with scope webhooks:manage: it
// registers one (the secret shown once), receives its order's events signed (verified by a real
// receiver on 127.0.0.1 with the standardwebhooks library, not the app's code), reads the
// delivery log, resends, rotates the secret, changes and deletes the endpoint. Bad input is a
// problem+json 4xx naming the field; another partner's endpoint reads like an unknown one; a
// token without the scope gets 403. Every answer is checked against the published contract.
import { type Receiver, startReceiver } from "../../tests/helpers/webhook-receiver";
import { expect, test } from "./support/fixtures";
import { accessToken, DEMO_ACME } from "./support/oauth";
import { newOrder } from "./support/orders";
import { PartnerApi, type Problem, type SubmitAnswer } from "./support/partner-api";

type Endpoint = { id: string; url: string; events: string[]; enabled: boolean; secret?: string };
type Delivery = {
  id: string;
  eventId: string;
  eventType: string;
  status: string;
  attemptLog: { statusCode: number | null }[];
};

let receiver: Receiver;
test.beforeAll(async () => {
  receiver = await startReceiver();
});
test.afterAll(async () => receiver?.stop());

/** Registers an endpoint for the test, deleted when it ends (other tests' orders reach it too). */
async function registered(api: PartnerApi, events: string[], cleanup: (() => Promise<unknown>)[]) {
  const created = await api.call<Endpoint>("createWebhook", "POST", "/partner/webhooks", {
    url: receiver.url(`/hook-${Math.random().toString(36).slice(2)}`),
    events,
    description: "e2e receiver",
  });
  expect(created.status).toBe(201);
  cleanup.push(() => api.call("deleteWebhook", "DELETE", `/partner/webhooks/${created.body.id}`));
  receiver.secrets.push(created.body.secret ?? "");
  return created.body;
}

/** The messages the receiver got at the endpoint's path about one object. */
const messagesFor = (endpoint: Endpoint, objectId: string) =>
  receiver.received.filter(
    (r) =>
      endpoint.url.endsWith(r.path) &&
      (r.verified?.data.id === objectId || r.verified?.data.endpointId === objectId),
  );

test.describe("webhook endpoints", () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  test.afterEach(async () => {
    for (const step of cleanup.splice(0)) await step();
  });

  test("a partner system registers an endpoint, receives its order's events signed, and resends one", async ({
    acme,
  }) => {
    const endpoint = await registered(acme, ["order.completed", "subscription.created"], cleanup);
    expect(endpoint.secret).toMatch(/^whsec_/);
    // The secret is shown once: never in a read.
    const listed = await acme.call<{ items: Endpoint[] }>("listWebhooks", "GET", "/partner/webhooks");
    expect(listed.text).not.toContain(endpoint.secret);
    expect(listed.body.items.map((e) => e.id)).toContain(endpoint.id);

    const order = await acme.submit<SubmitAnswer>(newOrder());
    expect(order.status).toBe(201);
    await expect.poll(() => messagesFor(endpoint, order.body.id).length, { timeout: 15_000 }).toBe(1);
    const [message] = messagesFor(endpoint, order.body.id);
    expect(message?.verifyError).toBeNull();
    expect(message?.verified).toMatchObject({
      type: "order.completed",
      data: { id: order.body.id, status: "complete" },
    });

    const log = () =>
      acme.call<{ items: Delivery[] }>(
        "listWebhookDeliveries",
        "GET",
        `/partner/webhooks/${endpoint.id}/deliveries`,
      );
    await expect
      .poll(async () => (await log()).body.items.filter((d) => d.status === "delivered").length, {
        timeout: 15_000,
      })
      .toBeGreaterThanOrEqual(2);
    const delivered = (await log()).body.items.find(
      (d) => d.eventType === "order.completed" && d.eventId === message?.headers["webhook-id"],
    );
    expect(delivered?.attemptLog[0]?.statusCode).toBe(200);

    const resent = await acme.call<Delivery>(
      "resendWebhookDelivery",
      "POST",
      `/partner/webhooks/${endpoint.id}/deliveries/${delivered?.id}/resend`,
    );
    expect(resent.status).toBe(200);
    await expect.poll(() => messagesFor(endpoint, order.body.id).length, { timeout: 15_000 }).toBe(2);
    const ids = messagesFor(endpoint, order.body.id).map((m) => m.headers["webhook-id"]);
    expect(ids[0]).toBe(ids[1]);
  });

  test("a test event, a rotated secret, a change and a delete", async ({ acme }) => {
    const endpoint = await registered(acme, ["order.failed"], cleanup);
    const rotated = await acme.call<Endpoint & { previousSecretExpiresAt: string }>(
      "rotateWebhookSecret",
      "POST",
      `/partner/webhooks/${endpoint.id}/rotate-secret`,
    );
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(endpoint.secret);
    expect(Date.parse(rotated.body.previousSecretExpiresAt) - Date.now()).toBeGreaterThan(23 * 3_600_000);

    // Signed with both secrets during the overlap: a receiver knowing only the new one verifies.
    receiver.secrets.splice(0, receiver.secrets.length, rotated.body.secret ?? "");
    const test = await acme.call<Delivery>(
      "sendWebhookTest",
      "POST",
      `/partner/webhooks/${endpoint.id}/test`,
    );
    expect(test.status).toBe(201);
    await expect.poll(() => messagesFor(endpoint, endpoint.id).length, { timeout: 15_000 }).toBe(1);
    const [message] = messagesFor(endpoint, endpoint.id);
    expect(message?.verifyError).toBeNull();
    expect(message?.verified?.type).toBe("webhook.test");
    expect(String(message?.headers["webhook-signature"]).split(" ")).toHaveLength(2);

    const changed = await acme.call<Endpoint>("updateWebhook", "PATCH", `/partner/webhooks/${endpoint.id}`, {
      events: ["order.completed"],
      enabled: false,
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ events: ["order.completed"], enabled: false });
    const disabledTest = await acme.call<Problem>(
      "sendWebhookTest",
      "POST",
      `/partner/webhooks/${endpoint.id}/test`,
    );
    expect(disabledTest.status).toBe(409);

    const deleted = await acme.call("deleteWebhook", "DELETE", `/partner/webhooks/${endpoint.id}`);
    expect(deleted.status).toBe(200);
    expect((await acme.call("getWebhook", "GET", `/partner/webhooks/${endpoint.id}`)).status).toBe(404);
  });

  test("bad input is a 4xx naming the field, and nothing is registered", async ({ acme }) => {
    const before = (await acme.call<{ items: Endpoint[] }>("listWebhooks", "GET", "/partner/webhooks")).body
      .items.length;
    const refused: [unknown, string][] = [
      [{ url: "http://10.0.0.1/hook", events: ["order.completed"] }, "url"],
      [{ url: "http://169.254.169.254/latest/meta-data", events: ["order.completed"] }, "url"],
      [{ url: "https://[::ffff:169.254.169.254]/", events: ["order.completed"] }, "url"],
      [{ url: "not a url", events: ["order.completed"] }, "url"],
      [{ url: "https://example.com/hook", events: ["order.shipped"] }, "events.0"],
      [{ url: "https://example.com/hook", events: [] }, "events"],
      [{ url: "https://example.com/hook", events: ["order.completed"], secret: "mine" }, ""],
    ];
    for (const [body, field] of refused) {
      const answer = await acme.call<Problem & { errors: { path: string }[] }>(
        "createWebhook",
        "POST",
        "/partner/webhooks",
        body,
      );
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.headers.get("content-type")).toContain("application/problem+json");
      if (field) expect(answer.body.errors.map((e) => e.path)).toContain(field);
    }
    const empty = await acme.call<Problem>(
      "updateWebhook",
      "PATCH",
      "/partner/webhooks/whe_0123456789abcdef01234567",
      {},
    );
    expect([400, 404]).toContain(empty.status);
    expect(
      (await acme.call("getWebhook", "GET", "/partner/webhooks/whe_0123456789abcdef01234567")).status,
    ).toBe(404);
    expect(
      (await acme.call<{ items: Endpoint[] }>("listWebhooks", "GET", "/partner/webhooks")).body.items,
    ).toHaveLength(before);
  });

  test("another partner's endpoint reads like an unknown one, and the scope is required", async ({
    acme,
    globex,
    contract,
  }) => {
    const endpoint = await registered(acme, ["order.completed"], cleanup);
    for (const [operation, method, path] of [
      ["getWebhook", "GET", `/partner/webhooks/${endpoint.id}`],
      ["updateWebhook", "PATCH", `/partner/webhooks/${endpoint.id}`],
      ["deleteWebhook", "DELETE", `/partner/webhooks/${endpoint.id}`],
      ["rotateWebhookSecret", "POST", `/partner/webhooks/${endpoint.id}/rotate-secret`],
      ["sendWebhookTest", "POST", `/partner/webhooks/${endpoint.id}/test`],
      ["listWebhookDeliveries", "GET", `/partner/webhooks/${endpoint.id}/deliveries`],
    ] as const) {
      const answer = await globex.call(
        operation,
        method,
        path,
        method === "PATCH" ? { enabled: false } : undefined,
      );
      expect(answer.status, `${method} ${path}`).toBe(404);
    }
    expect(
      (await globex.call<{ items: Endpoint[] }>("listWebhooks", "GET", "/partner/webhooks")).body.items.map(
        (e) => e.id,
      ),
    ).not.toContain(endpoint.id);

    const ordersOnly = PartnerApi.bearer(contract, await accessToken(contract, DEMO_ACME, "orders:read"));
    const answer = await ordersOnly.call<Problem & { required_scope: string }>(
      "listWebhooks",
      "GET",
      "/partner/webhooks",
    );
    expect(answer.status).toBe(403);
    expect(answer.body.required_scope).toBe("webhooks:manage");
  });
});
