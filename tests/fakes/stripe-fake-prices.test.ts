// The Stripe fake's prices, as Stripe's API reference documents them ("Prices"; "Create an
// invoice item": the price in `pricing[price]`; subscription and preview items: `price`): what it
// accepts, and what it refuses as Stripe does. Spoken to through the Stripe SDK, over HTTP.
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStripeClient } from "../../server/infra/billing/stripe-client";
import { type StripeFake, startStripeFake } from "./stripe-fake-server";

let fake: StripeFake;
let stripe: Stripe;

beforeAll(async () => {
  fake = await startStripeFake();
  stripe = createStripeClient({ secretKey: fake.secretKey, apiBase: fake.url, timeoutMs: 5000 });
  fake.registerProduct("prod_pro", "Pro");
});
afterAll(() => fake.close());

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Stripe.errors.StripeError);
  const e = error as InstanceType<typeof Stripe.errors.StripeError>;
  return { status: e.statusCode, code: e.code, param: e.param, message: e.message };
}

const monthly = (extra: Partial<Stripe.PriceCreateParams> = {}) =>
  stripe.prices.create({
    currency: "gbp",
    product: "prod_pro",
    unit_amount: 1500,
    recurring: { interval: "month" },
    ...extra,
  });

describe("Stripe fake: prices", () => {
  it("creates, retrieves and lists a price by its lookup key", async () => {
    const price = await monthly({ lookup_key: "pro_gbp", tax_behavior: "exclusive" });
    expect(price).toMatchObject({
      object: "price",
      type: "recurring",
      recurring: { interval: "month", interval_count: 1 },
      unit_amount: 1500,
      tax_behavior: "exclusive",
      lookup_key: "pro_gbp",
    });
    expect((await stripe.prices.retrieve(price.id)).id).toBe(price.id);
    const listed = await stripe.prices.list({ lookup_keys: ["pro_gbp"] });
    expect(listed.data.map((p) => p.id)).toEqual([price.id]);
    const oneOff = await stripe.prices.create({ currency: "gbp", product: "prod_pro", unit_amount: 900 });
    expect(oneOff).toMatchObject({ type: "one_time", recurring: null, tax_behavior: "unspecified" });
  });

  it("refuses unknown parameters, bad enums, a product that does not exist and a taken lookup key", async () => {
    expect(await refusal(monthly({ colour: "red" } as Partial<Stripe.PriceCreateParams>))).toMatchObject({
      status: 400,
      code: "parameter_unknown",
      param: "colour",
    });
    expect(await refusal(monthly({ recurring: { interval: "fortnight" as "month" } }))).toMatchObject({
      status: 400,
      param: "recurring[interval]",
    });
    expect(await refusal(monthly({ tax_behavior: "sometimes" as "exclusive" }))).toMatchObject({
      status: 400,
      param: "tax_behavior",
    });
    expect(await refusal(monthly({ product: "prod_nope" }))).toMatchObject({
      status: 400,
      code: "resource_missing",
      param: "product",
    });
    await monthly({ lookup_key: "taken" });
    // Stripe's message; no error code: Stripe's published list of codes has none for this.
    const taken = await monthly({ lookup_key: "taken" }).catch((e: unknown) => e);
    expect(taken).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(taken).toMatchObject({
      statusCode: 400,
      code: undefined,
      param: "lookup_key",
      message: expect.stringMatching(/^A price \(`price_\w+`\) already uses that lookup key\.$/),
    });
    const moved = await monthly({ lookup_key: "taken", transfer_lookup_key: true });
    expect((await stripe.prices.list({ lookup_keys: ["taken"] })).data.map((p) => p.id)).toEqual([moved.id]);
    expect(await refusal(stripe.prices.retrieve("price_nope"))).toMatchObject({
      status: 404,
      code: "resource_missing",
    });
  });

  it("items name an existing price of the right type; invoice items take it in pricing[price]", async () => {
    const customer = await stripe.customers.create({ name: "Ann" });
    const recurring = await monthly();
    const oneOff = await stripe.prices.create({ currency: "gbp", product: "prod_pro", unit_amount: 900 });
    expect(
      await refusal(
        stripe.subscriptions.create({ customer: customer.id, items: [{ price: "price_missing" }] }),
      ),
    ).toMatchObject({ status: 400, code: "resource_missing", param: "items[0][price]" });
    expect(
      await refusal(stripe.subscriptions.create({ customer: customer.id, items: [{ price: oneOff.id }] })),
    ).toMatchObject({ status: 400, param: "items[0][price]" });
    expect(
      await refusal(
        stripe.subscriptions.create({
          customer: customer.id,
          items: [{ price: recurring.id }],
          add_invoice_items: [{ price: recurring.id }],
        }),
      ),
    ).toMatchObject({ status: 400, param: "add_invoice_items[0][price]" });
    const sub = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: recurring.id, quantity: 2 }],
      add_invoice_items: [{ price: oneOff.id }],
    });
    expect(sub.items.data[0]?.price.id).toBe(recurring.id);

    expect(
      await refusal(
        stripe.invoiceItems.create({
          customer: customer.id,
          price: oneOff.id,
        } as Stripe.InvoiceItemCreateParams),
      ),
    ).toMatchObject({ status: 400, code: "parameter_unknown", param: "price" });
    expect(
      await refusal(stripe.invoiceItems.create({ customer: customer.id, pricing: { price: recurring.id } })),
    ).toMatchObject({ status: 400, param: "pricing[price]" });
    const item = await stripe.invoiceItems.create({ customer: customer.id, pricing: { price: oneOff.id } });
    expect(item).toMatchObject({ amount: 900, currency: "gbp" });
  });
});
