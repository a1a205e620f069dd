// "Create an order asynchronously" and "Retrieve the status and response of a job" in the Zuora
// fake, spoken to over HTTP and through the `zuora` provider's submitLater/checkSubmitted: 202 with
// a job id, the job Processing for the polls a test sets, then Completed with the answer of
// "Create an order" (or Failed with the reason Zuora's validation gives, nothing created); the
// Idempotency-Key behaves as on the synchronous order (the same job back, another URL refused).

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DomainError } from "../../server/domain/domain-error";
import { isProviderRefusal } from "../../server/infra/billing/provider-errors";
import { ZuoraBillingProvider } from "../../server/infra/billing/zuora-provider";
import { type ZuoraTenant, zuoraTenant } from "../helpers/zuora-tenant";
import { line } from "./order-request-fixture";
import { startZuoraFake, type ZuoraFake } from "./zuora-fake-server";

let fake: ZuoraFake;
let catalogue: ZuoraTenant;
let provider: ZuoraBillingProvider;

beforeEach(async () => {
  fake = await startZuoraFake({ asyncProcessingPolls: 2 });
  catalogue = zuoraTenant(fake);
  provider = new ZuoraBillingProvider({
    baseUrl: fake.url,
    clientId: fake.clientId,
    clientSecret: fake.clientSecret,
    timeoutMs: 5000,
  });
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

async function call(method: string, path: string, body?: unknown, key?: string) {
  const response = await fetch(`${fake.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${await token()}`,
      "zuora-version": "341.0",
      ...(body === undefined ? {} : { "content-type": "application/json" }),
      ...(key ? { "idempotency-key": key } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

const unknownPlan = () => ({
  ...catalogue.offers.proMonthly,
  zuora: { productRatePlanId: "0".repeat(32), productRatePlanChargeId: "1".repeat(32) },
});

describe("Zuora fake: asynchronous orders", () => {
  it("answers 202 with a job, Processing for the polls set, then Completed with Create an order's answer", async () => {
    const started = await provider.submitLater(catalogue.request(), "async-1");
    const job = fake.asyncJobs.get(started.handle);
    expect(job).toBeDefined();
    const raw = fake.requestsTo("POST", "/v1/async/orders")[0];
    expect(raw?.body).toEqual(fake.asyncJobs.get(started.handle)?.body);

    expect(await provider.checkSubmitted(catalogue.request(), started.handle)).toEqual({ done: false });
    const polled = await call("GET", `/v1/async-jobs/${started.handle}`);
    expect(polled).toEqual({
      status: 200,
      json: { success: true, status: "Processing", errors: null, result: null },
    });
    // Nothing is created while the job is processing.
    expect(fake.subscriptions.size).toBe(0);

    const check = await provider.checkSubmitted(catalogue.request(), started.handle);
    const [subscription] = [...fake.subscriptions.values()];
    expect(check).toEqual({
      done: true,
      result: {
        providerCustomerId: subscription?.accountNumber,
        providerSubscriptionId: subscription?.number,
        providerReference: expect.stringMatching(/^O-\d{8}$/),
        providerResult: expect.objectContaining({ jobType: "AsyncCreateOrder", success: true }),
      },
    });
    // A completed job keeps its answer.
    const again = await call("GET", `/v1/async-jobs/${started.handle}`);
    expect(again.json).toMatchObject({
      status: "Completed",
      result: { orderNumber: check.done ? check.result.providerReference : "", status: "Completed" },
    });
    expect(fake.subscriptions.size).toBe(1);
  });

  it("fails the job with the reason when Zuora's validation refuses the order, creating nothing", async () => {
    fake.setAsyncProcessingPolls(0);
    const request = catalogue.request({ lines: [line(unknownPlan(), 1500)] });
    const started = await provider.submitLater(request, "async-refused");
    const raw = await call("GET", `/v1/async-jobs/${started.handle}`);
    expect(raw.json).toEqual({
      success: true,
      status: "Failed",
      errors: `Invalid product rate plan id: ${"0".repeat(32)}`,
      result: null,
    });
    const refused = await provider.checkSubmitted(request, started.handle).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DomainError);
    expect(isProviderRefusal(refused)).toBe(true);
    expect((refused as DomainError).message).toBe(
      `Zuora refused the order: Invalid product rate plan id: ${"0".repeat(32)}`,
    );
    expect(fake.subscriptions.size).toBe(0);
  });

  it("replays the first answer of an Idempotency-Key: the same job, one order", async () => {
    const first = await provider.submitLater(catalogue.request(), "async-2");
    const again = await provider.submitLater(catalogue.request(), "async-2");
    expect(again.handle).toBe(first.handle);
    expect(fake.asyncJobs.size).toBe(1);
    // The key of an asynchronous order is refused on the synchronous URL (another URL: 422).
    const body = fake.requestsTo("POST", "/v1/async/orders")[0]?.body;
    const key = String(fake.requestsTo("POST", "/v1/async/orders")[0]?.headers["idempotency-key"]);
    const sync = await call("POST", "/v1/orders", body, key);
    expect(sync.status).toBe(422);
    expect(fake.subscriptions.size).toBe(0);
  });

  it("answers 202 with the job id, and a business error for a job it does not know", async () => {
    await provider.submitLater(catalogue.request(), "async-3");
    const sent = fake.requestsTo("POST", "/v1/async/orders")[0]?.body;
    const started = await call("POST", "/v1/async/orders", sent);
    expect(started.status).toBe(202);
    expect(started.json).toEqual({ success: true, jobId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    const unknown = await call("GET", "/v1/async-jobs/00000000-0000-4000-8000-000000000000");
    expect(unknown.json).toMatchObject({ success: false });
  });
});
