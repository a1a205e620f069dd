// The Zuora fake keeps Idempotency-Keys as Zuora documents ("Idempotent requests",
// developer.zuora.com): the status, headers and body of a key's first request are saved whether
// it succeeded or failed, and replayed whatever the retry's body; 409 while the first is still in
// progress; 422 for the key used with another tenant, URL or HTTP method; removed 24 hours after
// it is set. Spoken to over HTTP, through the `zuora` provider where it can be.

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DomainError } from "../../server/domain/domain-error";
import { isProviderRefusal } from "../../server/infra/billing/provider-errors";
import { ZuoraBillingProvider } from "../../server/infra/billing/zuora-provider";
import { type ZuoraTenant, zuoraTenant } from "../helpers/zuora-tenant";
import { line } from "./order-request-fixture";
import {
  startZuoraFake,
  ZUORA_IDEMPOTENCY_KEY_TTL_MS,
  type ZuoraFake,
  type ZuoraFakeOptions,
} from "./zuora-fake-server";

let fake: ZuoraFake;
let catalogue: ZuoraTenant;
let provider: ZuoraBillingProvider;
let clock = Date.parse("2026-03-15T09:00:00Z");

async function start(options: ZuoraFakeOptions = {}, entityId?: string) {
  fake = await startZuoraFake({ now: () => clock, tokenTtlSeconds: 7 * 24 * 3600, ...options });
  catalogue = zuoraTenant(fake);
  provider = new ZuoraBillingProvider({
    baseUrl: fake.url,
    clientId: fake.clientId,
    clientSecret: fake.clientSecret,
    ...(entityId ? { entityId } : {}),
    timeoutMs: 5000,
    now: () => clock,
  });
}

beforeEach(async () => {
  clock = Date.parse("2026-03-15T09:00:00Z");
  await start();
});
afterEach(() => fake.close());

async function token(): Promise<string> {
  const response = await fetch(`${fake.url}/oauth/token`, {
    method: "POST",
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_id: fake.clientId,
      client_secret: fake.clientSecret,
    }),
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

/** A raw call, to see the status Zuora answers. */
async function call(
  method: string,
  path: string,
  body: unknown,
  key: string,
  headers: Record<string, string> = {},
) {
  const response = await fetch(`${fake.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${await token()}`,
      "content-type": "application/json",
      "zuora-version": "341.0",
      "idempotency-key": key,
      ...headers,
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

async function rejection(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(error)}`);
  return error;
}

const unknownPlan = () => ({
  ...catalogue.offers.proMonthly,
  zuora: { productRatePlanId: "0".repeat(32), productRatePlanChargeId: "1".repeat(32) },
});

describe("Zuora fake: what a key saves", () => {
  it("replays a created order: one order, one subscription", async () => {
    const first = await provider.submit(catalogue.request(), "order-1");
    const again = await provider.submit(catalogue.request(), "order-1");
    expect(again.providerReference).toBe(first.providerReference);
    expect(fake.subscriptions.size).toBe(1);
  });

  it("saves a failure too, and replays it whatever the retry's body", async () => {
    const refused = await rejection(
      provider.submit(catalogue.request({ lines: [line(unknownPlan(), 1500)] }), "order-2"),
    );
    expect(refused.message).toContain("Invalid product rate plan id");
    // The corrected order under the same key: Zuora answers the saved failure, bills nothing.
    const retried = await rejection(provider.submit(catalogue.request(), "order-2"));
    expect(retried.message).toBe(refused.message);
    expect(fake.subscriptions.size).toBe(0);
    // A new key executes.
    expect((await provider.submit(catalogue.request(), "order-3")).providerReference).toMatch(/^O-\d{8}$/);
  });

  it("replays the answer exactly, with a body that differs (Zuora compares no bodies)", async () => {
    const first = await call("POST", "/v1/orders", {}, "raw-1");
    expect(first.status).toBe(200);
    expect(first.json.success).toBe(false);
    const second = await call("POST", "/v1/orders", { anything: "else" }, "raw-1");
    expect(second).toEqual(first);
  });

  it("saves nothing for a request refused before it reached a tenant (no valid token)", async () => {
    const wire = await fetch(`${fake.url}/v1/orders`, {
      method: "POST",
      headers: {
        authorization: "Bearer nope",
        "content-type": "application/json",
        "idempotency-key": "raw-2",
      },
      body: "{}",
    });
    expect(wire.status).toBe(401);
    const next = await call("POST", "/v1/orders", {}, "raw-2");
    expect(next.status).toBe(200);
  });
});

describe("Zuora fake: conflicts", () => {
  it("answers 409 to a request whose key's first request is still in progress", async () => {
    const hold = fake.hold({ match: (r) => r.path === "/v1/orders", times: 1 });
    const first = provider.submit(catalogue.request(), "order-busy");
    await hold.arrived;
    const busy = await rejection(provider.submit(catalogue.request(), "order-busy"));
    expect(busy.code).toBe("UPSTREAM_FAILED");
    // A retry too soon, not a refusal of the order: a queued order's job tries again later.
    expect(isProviderRefusal(busy)).toBe(false);
    const conflict = fake.requestsTo("POST", "/v1/orders").find((r) => r.response?.status === 409);
    expect(conflict?.headers["idempotency-key"]).toBe(hold.held[0]?.headers["idempotency-key"]);
    hold.release();
    const created = await first;
    // Nothing was saved for the 409; the key's answer is the first request's.
    expect((await provider.submit(catalogue.request(), "order-busy")).providerReference).toBe(
      created.providerReference,
    );
    expect(fake.subscriptions.size).toBe(1);
  });

  it("answers 422 to the key used with another URL or HTTP method", async () => {
    await call("POST", "/v1/orders", {}, "raw-3");
    const otherUrl = await call("POST", "/v1/orders/preview", {}, "raw-3");
    expect(otherUrl.status).toBe(422);
    expect(otherUrl.json.success).toBe(false);
    const otherMethod = await call("PATCH", "/v1/orders", {}, "raw-3");
    expect(otherMethod.status).toBe(422);
  });

  it("answers 422 to the key used in another tenant (entity)", async () => {
    await fake.close();
    await start({ entityIds: ["entity-a", "entity-b"] }, "entity-a");
    const first = await call("POST", "/v1/orders", {}, "raw-4", { "zuora-entity-ids": "entity-a" });
    expect(first.status).toBe(200);
    const other = await call("POST", "/v1/orders", {}, "raw-4", { "zuora-entity-ids": "entity-b" });
    expect(other.status).toBe(422);
    expect(await call("POST", "/v1/orders", {}, "raw-4", { "zuora-entity-ids": "entity-a" })).toEqual(first);
  });
});

describe("Zuora fake: expiry", () => {
  it("removes a key 24 hours after it is set; then the request executes again", async () => {
    const first = await provider.submit(catalogue.request(), "order-day");
    clock += ZUORA_IDEMPOTENCY_KEY_TTL_MS - 1;
    expect((await provider.submit(catalogue.request(), "order-day")).providerReference).toBe(
      first.providerReference,
    );
    clock += 1;
    const fresh = await provider.submit(catalogue.request(), "order-day");
    expect(fresh.providerReference).not.toBe(first.providerReference);
    expect(fake.subscriptions.size).toBe(2);
  });
});
