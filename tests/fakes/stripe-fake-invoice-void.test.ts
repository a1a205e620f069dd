// The Stripe fake voids and deletes invoices as Stripe's API reference describes them ("Void an
// invoice": only a finalised, unpaid invoice, for good, no parameter but `expand`; "Delete a draft
// invoice": only a draft, no parameters): everything else is refused with a 400
// invalid_request_error, a refusal of the invoice's state is saved under its Idempotency-Key and
// replayed like any other, and an unknown parameter is refused before executing (nothing saved).
// Spoken to over HTTP, through the portal's own Stripe client where it can be.
import Stripe from "stripe";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createStripeClient } from "../../server/infra/billing/stripe-client";
import { STRIPE_FAKE_API_VERSION, type StripeFake, startStripeFake } from "./stripe-fake-server";

let fake: StripeFake;
let stripe: Stripe;

beforeEach(async () => {
  fake = await startStripeFake();
  stripe = createStripeClient({ secretKey: fake.secretKey, apiBase: fake.url, timeoutMs: 5000 });
  fake.registerProduct("prod_setup", "Setup");
});
afterEach(() => fake.close());

/** A raw request, to read the status and headers Stripe's SDK keeps to itself. */
async function send(method: string, path: string, form: Record<string, string> = {}, key?: string) {
  const response = await fetch(`${fake.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${fake.secretKey}`,
      "stripe-version": STRIPE_FAKE_API_VERSION,
      "content-type": "application/x-www-form-urlencoded",
      ...(key ? { "idempotency-key": key } : {}),
    },
    ...(method === "POST" ? { body: new URLSearchParams(form).toString() } : {}),
  });
  const json = (await response.json()) as {
    id?: string;
    status?: string;
    deleted?: boolean;
    error?: { type: string; code?: string; message: string; param?: string };
  };
  return { status: response.status, replayed: response.headers.get("idempotent-replayed"), json };
}

/** A draft invoice of one invoice item (a one-off offer), collected by invoice. */
async function draftInvoice(amount = 5000) {
  const customer = await stripe.customers.create({ email: "ann@example.test" });
  await stripe.invoiceItems.create({
    customer: customer.id,
    price_data: { currency: "gbp", product: "prod_setup", unit_amount: amount },
  });
  return stripe.invoices.create({
    customer: customer.id,
    collection_method: "send_invoice",
    days_until_due: 30,
  });
}

async function openInvoice() {
  const draft = await draftInvoice();
  const open = await stripe.invoices.finalizeInvoice(draft.id);
  expect(open.status).toBe("open");
  return open;
}

describe("Stripe fake: voiding an invoice", () => {
  it("voids an open invoice for good, and replays the answer under the same key", async () => {
    const open = await openInvoice();
    const voided = await send("POST", `/v1/invoices/${open.id}/void`, {}, "void-1");
    expect(voided).toMatchObject({ status: 200, replayed: null, json: { id: open.id, status: "void" } });
    expect(fake.invoices.get(open.id)?.status).toBe("void");
    expect(fake.invoices.get(open.id)?.status_transitions.voided_at).toEqual(expect.any(Number));
    const replayed = await send("POST", `/v1/invoices/${open.id}/void`, {}, "void-1");
    expect(replayed).toMatchObject({ status: 200, replayed: "true", json: voided.json });
    // Through the SDK, under a new key: a void invoice cannot be voided again.
    const error = await stripe.invoices.voidInvoice(open.id, {}, { idempotencyKey: "void-2" }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect((error as Stripe.errors.StripeError).statusCode).toBe(400);
  });

  it("refuses to void a paid invoice or a draft, and saves that refusal under its key", async () => {
    const paid = await openInvoice();
    fake.payInvoice(paid.id);
    const refused = await send("POST", `/v1/invoices/${paid.id}/void`, {}, "void-paid");
    expect(refused.status).toBe(400);
    expect(refused.json.error).toMatchObject({ type: "invalid_request_error" });
    expect(refused.json.error?.message).toMatch(/open or uncollectible; this invoice is paid/);
    expect(await send("POST", `/v1/invoices/${paid.id}/void`, {}, "void-paid")).toMatchObject({
      status: 400,
      replayed: "true",
      json: refused.json,
    });
    expect(fake.invoices.get(paid.id)?.status).toBe("paid");

    const draft = await draftInvoice();
    const draftRefused = await send("POST", `/v1/invoices/${draft.id}/void`, {}, "void-draft");
    expect(draftRefused).toMatchObject({ status: 400, json: { error: { type: "invalid_request_error" } } });
    expect(fake.invoices.get(draft.id)?.status).toBe("draft");
  });

  it("refuses an unknown parameter before executing (nothing saved), and an unknown invoice", async () => {
    const open = await openInvoice();
    const unknown = await send("POST", `/v1/invoices/${open.id}/void`, { reason: "x" }, "void-u");
    expect(unknown.status).toBe(400);
    expect(unknown.json.error).toMatchObject({
      type: "invalid_request_error",
      code: "parameter_unknown",
      param: "reason",
      message: "Received unknown parameter: reason",
    });
    expect(fake.invoices.get(open.id)?.status).toBe("open");
    // Nothing was saved: the same key with other parameters executes.
    expect((await send("POST", `/v1/invoices/${open.id}/void`, {}, "void-u")).status).toBe(200);
    const missing = await send("POST", "/v1/invoices/in_nope/void", {}, "void-missing");
    expect(missing).toMatchObject({ status: 404, json: { error: { code: "resource_missing" } } });
  });
});

describe("Stripe fake: deleting a draft invoice", () => {
  it("deletes a draft, which is then gone; refuses a finalised invoice", async () => {
    const draft = await draftInvoice();
    const deleted = await stripe.invoices.del(draft.id);
    expect(deleted).toMatchObject({ id: draft.id, object: "invoice", deleted: true });
    expect(fake.invoices.has(draft.id)).toBe(false);
    expect((await send("GET", `/v1/invoices/${draft.id}`)).status).toBe(404);
    expect((await send("DELETE", `/v1/invoices/${draft.id}`)).status).toBe(404);

    const open = await openInvoice();
    const refused = await send("DELETE", `/v1/invoices/${open.id}`);
    expect(refused).toMatchObject({ status: 400, json: { error: { type: "invalid_request_error" } } });
    expect(fake.invoices.get(open.id)?.status).toBe("open");
  });
});
