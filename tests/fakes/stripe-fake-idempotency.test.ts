// The Stripe fake keeps Idempotency-Keys as Stripe's API reference documents ("Idempotent
// requests"): the first answer of a key is saved once its endpoint began executing, errors
// included, and replayed with Idempotent-Replayed: true; a request that failed validation saves
// nothing; a request while the first of its key still executes gets 409 idempotency_error; other
// parameters or another endpoint with a used key get 400 idempotency_error; keys are pruned after
// 24 hours. Spoken to over HTTP, through the portal's own Stripe client where it can be.
import Stripe from "stripe";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createStripeClient } from "../../server/infra/billing/stripe-client";
import {
  IDEMPOTENCY_KEY_TTL_MS,
  STRIPE_FAKE_API_VERSION,
  type StripeFake,
  startStripeFake,
} from "./stripe-fake-server";

let fake: StripeFake;
let stripe: Stripe;
let clock = Date.parse("2026-03-15T09:00:00Z");

beforeEach(async () => {
  clock = Date.parse("2026-03-15T09:00:00Z");
  fake = await startStripeFake({ now: () => clock });
  stripe = createStripeClient({ secretKey: fake.secretKey, apiBase: fake.url, timeoutMs: 5000 });
  fake.registerProduct("prod_pro", "Pro");
});
afterEach(() => fake.close());

/** A raw POST, to read the status and headers Stripe's SDK keeps to itself. */
async function post(path: string, form: Record<string, string>, key?: string) {
  const response = await fetch(`${fake.url}${path}`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${fake.secretKey}`,
      "stripe-version": STRIPE_FAKE_API_VERSION,
      "content-type": "application/x-www-form-urlencoded",
      ...(key ? { "idempotency-key": key } : {}),
    },
    body: new URLSearchParams(form).toString(),
  });
  const json = (await response.json()) as { id?: string; error?: { type: string; code?: string } };
  return { status: response.status, replayed: response.headers.get("idempotent-replayed"), json };
}

async function stripeError(promise: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof Stripe.errors.StripeError))
    throw new Error(`expected a StripeError, got ${String(error)}`);
  return error;
}

const subscriptionForm = (customer: string) => ({
  customer,
  "items[0][price_data][currency]": "gbp",
  "items[0][price_data][product]": "prod_pro",
  "items[0][price_data][unit_amount]": "1500",
  "items[0][price_data][recurring][interval]": "month",
});

describe("Stripe fake: what a key saves", () => {
  it("replays a success with Idempotent-Replayed: true, and creates nothing more", async () => {
    const first = await post("/v1/customers", { email: "ann@example.test" }, "key-success");
    const again = await post("/v1/customers", { email: "ann@example.test" }, "key-success");
    expect(first).toMatchObject({ status: 200, replayed: null });
    expect(again).toMatchObject({ status: 200, replayed: "true", json: first.json });
    expect(fake.customers.size).toBe(1);
  });

  it("saves a refusal from the executing endpoint: the retry gets it even once it would succeed", async () => {
    // The fake numbers its objects; the first customer it makes will be cus_fake000001.
    const form = subscriptionForm("cus_fake000001");
    const refused = await post("/v1/subscriptions", form, "key-business");
    expect(refused).toMatchObject({ status: 400, replayed: null });
    expect(refused.json.error).toMatchObject({ type: "invalid_request_error", code: "resource_missing" });

    const customer = await stripe.customers.create({ email: "ann@example.test" }, { idempotencyKey: "c-1" });
    expect(customer.id).toBe("cus_fake000001");

    const replayed = await post("/v1/subscriptions", form, "key-business");
    expect(replayed).toMatchObject({ status: 400, replayed: "true", json: refused.json });
    // Through the SDK: the same saved refusal.
    const error = await stripeError(
      stripe.subscriptions.create(
        {
          customer: "cus_fake000001",
          items: [
            {
              price_data: {
                currency: "gbp",
                product: "prod_pro",
                unit_amount: 1500,
                recurring: { interval: "month" },
              },
            },
          ],
        },
        { idempotencyKey: "key-business" },
      ),
    );
    expect(error.statusCode).toBe(400);
    expect(error.code).toBe("resource_missing");
    expect(fake.subscriptions.size).toBe(0);
    // A new key executes afresh.
    expect((await post("/v1/subscriptions", form, "key-business-2")).status).toBe(200);
  });

  it("saves a refusal of the object's state (finalising a non-draft invoice)", async () => {
    const customer = await stripe.customers.create({}, { idempotencyKey: "c-2" });
    const draft = await stripe.invoices.create({ customer: customer.id }, { idempotencyKey: "i-2" });
    await stripe.invoices.finalizeInvoice(draft.id, {}, { idempotencyKey: "f-1" });
    const refused = await post(`/v1/invoices/${draft.id}/finalize`, {}, "f-2");
    expect(refused).toMatchObject({ status: 400, replayed: null });
    expect(refused.json.error?.code).toBe("invoice_not_editable");
    expect(await post(`/v1/invoices/${draft.id}/finalize`, {}, "f-2")).toMatchObject({
      status: 400,
      replayed: "true",
      json: refused.json,
    });
  });

  it("saves nothing for a request that failed parameter validation: a retry executes", async () => {
    const customer = await stripe.customers.create({}, { idempotencyKey: "c-3" });
    const invalid = await post("/v1/subscriptions", { customer: customer.id }, "key-validation");
    expect(invalid.status).toBe(400);
    expect(invalid.json.error).toMatchObject({ type: "invalid_request_error", code: "parameter_missing" });
    const again = await post("/v1/subscriptions", { customer: customer.id }, "key-validation");
    expect(again).toMatchObject({ status: 400, replayed: null });
    // Nothing was saved for the key, so corrected parameters are not "other parameters".
    const corrected = await post("/v1/subscriptions", subscriptionForm(customer.id), "key-validation");
    expect(corrected).toMatchObject({ status: 200, replayed: null });
    expect(fake.subscriptions.size).toBe(1);
  });

  it("saves nothing for a request refused before any endpoint (wrong key, unknown URL)", async () => {
    const wrong = createStripeClient({ secretKey: "sk_test_wrong", apiBase: fake.url, timeoutMs: 5000 });
    const refused = await stripeError(wrong.customers.create({}, { idempotencyKey: "key-auth" }));
    expect(refused.statusCode).toBe(401);
    const created = await stripe.customers.create({}, { idempotencyKey: "key-auth" });
    expect(created.id).toMatch(/^cus_/);
    expect((await post("/v1/nothing_here", {}, "key-url")).status).toBe(404);
    expect(await post("/v1/customers", {}, "key-url")).toMatchObject({ status: 200, replayed: null });
  });
});

describe("Stripe fake: conflicts", () => {
  it("answers 409 idempotency_error to a request whose key's first request is still executing", async () => {
    const hold = fake.hold({ match: (r) => r.path === "/v1/customers", times: 1 });
    const first = stripe.customers.create({ email: "ann@example.test" }, { idempotencyKey: "key-busy" });
    await hold.arrived;
    const conflict = await stripeError(
      stripe.customers.create({ email: "ann@example.test" }, { idempotencyKey: "key-busy" }),
    );
    // The SDK files a 409 under StripeConflictError whatever its type; Stripe's type is in rawType.
    expect(conflict.statusCode).toBe(409);
    expect(conflict.rawType).toBe("idempotency_error");
    hold.release();
    const created = await first;
    // The 409 saved nothing; the first request's answer is the key's.
    const replay = await stripe.customers.create(
      { email: "ann@example.test" },
      { idempotencyKey: "key-busy" },
    );
    expect(replay.id).toBe(created.id);
    expect(replay.lastResponse.headers["idempotent-replayed"]).toBe("true");
    expect(fake.customers.size).toBe(1);
  });

  it("a request held by forMs is released by itself; other keys are not blocked", async () => {
    fake.hold({ match: (r) => r.path === "/v1/customers", times: 1, forMs: 200 });
    const slow = stripe.customers.create({}, { idempotencyKey: "key-slow" });
    const other = await stripe.customers.create({}, { idempotencyKey: "key-other" });
    expect(other.id).toMatch(/^cus_/);
    expect((await slow).id).not.toBe(other.id);
  });

  it("answers 400 idempotency_error to other parameters or another endpoint with a used key", async () => {
    await stripe.customers.create({ email: "ann@example.test" }, { idempotencyKey: "key-used" });
    const other = await stripeError(
      stripe.customers.create({ email: "bob@example.test" }, { idempotencyKey: "key-used" }),
    );
    expect(other).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(other.statusCode).toBe(400);
    expect(other.rawType).toBe("idempotency_error");
    expect(other.message).toMatch(/same parameters/);
    const elsewhere = await stripeError(
      stripe.coupons.create({ percent_off: 10 }, { idempotencyKey: "key-used" }),
    );
    expect(elsewhere.statusCode).toBe(400);
    expect(elsewhere.message).toMatch(/same endpoint/);
    expect(fake.customers.size).toBe(1);
    expect(fake.coupons.size).toBe(0);
  });

  it("compares parameters, not their order on the wire", async () => {
    const first = await post("/v1/customers", { email: "a@example.test", name: "Ann" }, "key-order");
    const swapped = await post("/v1/customers", { name: "Ann", email: "a@example.test" }, "key-order");
    expect(swapped).toMatchObject({ status: 200, replayed: "true", json: first.json });
  });
});

describe("Stripe fake: expiry", () => {
  it("prunes a key 24 hours after its first request; then the request executes again", async () => {
    const first = await stripe.customers.create({}, { idempotencyKey: "key-day" });
    clock += IDEMPOTENCY_KEY_TTL_MS - 1;
    expect((await stripe.customers.create({}, { idempotencyKey: "key-day" })).id).toBe(first.id);
    clock += 1;
    const fresh = await stripe.customers.create({}, { idempotencyKey: "key-day" });
    expect(fresh.id).not.toBe(first.id);
    expect(fresh.lastResponse.headers["idempotent-replayed"]).toBeUndefined();
    expect(fake.customers.size).toBe(2);
    // The new answer is the key's for the next 24 hours.
    expect((await stripe.customers.create({}, { idempotencyKey: "key-day" })).id).toBe(fresh.id);
  });

  it("GET ignores the header", async () => {
    const customer = await stripe.customers.create({}, { idempotencyKey: "c-get" });
    const draft = await stripe.invoices.create({ customer: customer.id }, { idempotencyKey: "i-get" });
    const first = await stripe.invoices.retrieve(draft.id, {}, { idempotencyKey: "i-get" });
    expect(first.id).toBe(draft.id);
  });
});
