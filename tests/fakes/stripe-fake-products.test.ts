// The Stripe fake's products, as Stripe's API reference documents them ("Create a product",
// "Update a product"): what it accepts, and what it refuses as Stripe does. Spoken to through the
// Stripe SDK, over HTTP.
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStripeClient } from "../../server/infra/billing/stripe-client";
import { type StripeFake, startStripeFake } from "./stripe-fake-server";

let fake: StripeFake;
let stripe: Stripe;

beforeAll(async () => {
  fake = await startStripeFake();
  stripe = createStripeClient({ secretKey: fake.secretKey, apiBase: fake.url, timeoutMs: 5000 });
});
afterAll(() => fake.close());

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Stripe.errors.StripeError);
  const e = error as InstanceType<typeof Stripe.errors.StripeError>;
  return { status: e.statusCode, code: e.code, param: e.param };
}

describe("Stripe fake: products", () => {
  it("creates a product with its own id, once; unknown parameters are refused", async () => {
    const product = await stripe.products.create({
      id: "po_offer_fake",
      name: "Fake plan",
      description: "Ten seats",
      metadata: { offer_id: "fake" },
    });
    expect(product).toMatchObject({ id: "po_offer_fake", name: "Fake plan", description: "Ten seats" });
    expect(await refusal(stripe.products.create({ id: "po_offer_fake", name: "Again" }))).toEqual({
      status: 400,
      code: "resource_already_exists",
      param: "id",
    });
    const unknown = { name: "X", colour: "red" } as unknown as Stripe.ProductCreateParams;
    expect(await refusal(stripe.products.create(unknown))).toEqual({
      status: 400,
      code: "parameter_unknown",
      param: "colour",
    });
  });

  it("updates what is sent and leaves the rest; an empty description unsets it, metadata merges", async () => {
    await stripe.products.create({
      id: "po_offer_upd",
      name: "Before",
      description: "Old text",
      metadata: { offer_id: "upd", product_code: "OLD", extra: "x" },
    });
    const renamed = await stripe.products.update("po_offer_upd", {
      name: "After",
      metadata: { product_code: "NEW", extra: "" },
    });
    expect(renamed).toMatchObject({
      name: "After",
      description: "Old text",
      active: true,
      metadata: { offer_id: "upd", product_code: "NEW" },
    });
    expect(renamed.metadata).not.toHaveProperty("extra");
    const unset = await stripe.products.update("po_offer_upd", { description: "" });
    expect(unset).toMatchObject({ name: "After", description: null });
    expect(await stripe.products.retrieve("po_offer_upd")).toMatchObject({
      name: "After",
      description: null,
    });
  });

  it("refuses an unknown product (404) and parameters update does not take (400 parameter_unknown)", async () => {
    expect(await refusal(stripe.products.update("po_offer_missing", { name: "X" }))).toEqual({
      status: 404,
      code: "resource_missing",
      param: "id",
    });
    await stripe.products.create({ id: "po_offer_strict", name: "Strict" });
    // `id` and `type` are create-only: Stripe's update refuses them.
    for (const param of ["id", "type", "unit_amount"]) {
      const params = { name: "Y", [param]: "z" } as unknown as Stripe.ProductUpdateParams;
      expect(await refusal(stripe.products.update("po_offer_strict", params))).toEqual({
        status: 400,
        code: "parameter_unknown",
        param,
      });
    }
    expect(await refusal(stripe.products.update("po_offer_strict", { name: "" }))).toMatchObject({
      status: 400,
      param: "name",
    });
    expect(fake.products.get("po_offer_strict")).toMatchObject({ name: "Strict" });
  });
});
