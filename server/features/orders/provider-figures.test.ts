// A preview and the order it becomes show the same figures on an external provider: the
// provider's own, even where they differ from the catalogue's. With Stripe, how tax is asked for
// (STRIPE_TAX) decides them: `rates` bills the deployment's table (GB 20 % in testDeps) through
// tax rates the catalogue sync made at Stripe; `automatic` bills what Stripe Tax charges for the
// account's registrations (here GB 10 %, unlike the table); `none` bills no tax.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedPartners } from "../../../tests/helpers/fixtures";
import { newOrder } from "../../../tests/helpers/order-test-kit";
import { type StripePartner, stripePartner } from "../../../tests/helpers/stripe-partner";
import { createTestDatabase, type TestDatabase } from "../../../tests/helpers/test-database";
import { clearBillingProviderCache } from "../../infra/billing/provider-registry";
import { TAX_RATE_METADATA_KEY } from "../../infra/billing/stripe-tax-rates";
import type { PartnerScope } from "../auth/partner-scope";
import type { OrderDeps } from "./order-deps";
import { previewOrder } from "./preview-order";
import { submitOrder } from "./submit-order";

// biome-ignore lint/suspicious/noExplicitAny: a recorded wire body has no static type.
type WireBody = any;

let t: TestDatabase;
let rates: StripePartner;
let automatic: StripePartner;
let none: StripePartner;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedPartners(t.db);
  // One Stripe account (the catalogue's Stripe ids are stored once per database), registered for
  // Stripe Tax in GB at 10 %; STRIPE_TAX=rates never asks Stripe Tax.
  rates = await stripePartner(t.db, "stripe-tax-rates", { automaticTax: { GB: 1000 } });
  const shareAccountOf = rates;
  automatic = await stripePartner(t.db, "stripe-tax-auto", { tax: "automatic", shareAccountOf });
  none = await stripePartner(t.db, "stripe-tax-none", { tax: "none", shareAccountOf });
});
afterAll(async () => {
  await Promise.all([rates?.close(), automatic?.close(), none?.close()]);
  await t?.close();
});

const order = () =>
  newOrder([
    { id: "pro-monthly", quantity: 3 },
    { id: "setup-fee", quantity: 1 },
  ]);

/** Previews then submits the same order; the stored order must hold what the preview showed. */
async function previewAndSubmit(scope: PartnerScope, deps: OrderDeps) {
  const body = order();
  const preview = await previewOrder(t.db, scope, structuredClone(body), deps);
  expect(preview.billingProvider).toBe("stripe");
  const { order: submitted } = await submitOrder(t.db, scope, body, {}, deps);
  expect(submitted.total).toBe(preview.total);
  const stored = await t.db.order.findUniqueOrThrow({
    where: { id: submitted.id },
    select: { subtotal: true, taxTotal: true, total: true, items: { orderBy: { position: "asc" } } },
  });
  expect(stored).toMatchObject({
    subtotal: preview.subtotal,
    taxTotal: preview.taxTotal,
    total: preview.total,
  });
  expect(stored.items.map((i) => [i.offerId, i.amountWithoutTax, i.taxAmount, i.amount])).toEqual(
    preview.lineItems.map((l) => [l.offer.id, l.amountWithoutTax, l.taxAmount, l.amount]),
  );
  return preview;
}

const net = (preview: { subtotal: number; discountTotal: number }) =>
  preview.subtotal - preview.discountTotal;

describe("figures of an order billed by Stripe", () => {
  it("STRIPE_TAX=rates: a GB order is taxed at the table's 20 %, through the rate named on its items", async () => {
    const preview = await previewAndSubmit(rates.scope, rates.deps());
    expect(preview.taxTotal).toBeGreaterThan(0);
    expect(preview.taxTotal * 5).toBe(net(preview));

    // Made by the catalogue sync, one per country of the table (GB 20 %, DE 19 %); the order is GB.
    const made = [...rates.stripe.taxRates.values()].filter((r) => r.country === "GB");
    expect(made).toHaveLength(1);
    expect(made[0]).toMatchObject({
      percentage: 20,
      country: "GB",
      metadata: { [TAX_RATE_METADATA_KEY]: "GB:2000" },
    });
    const created = rates.stripe.requests
      .filter((r) => r.method === "POST" && r.path === "/v1/subscriptions")
      .at(-1)?.body as WireBody;
    expect(created.items.map((item: WireBody) => item.tax_rates)).toEqual([[made[0]?.id]]);
    expect(created.add_invoice_items.map((item: WireBody) => item.tax_rates)).toEqual([[made[0]?.id]]);
  });

  it("STRIPE_TAX=rates: orders make no rate; it is kept for later orders, and found again after a restart", async () => {
    const lookups = () => rates.stripe.requestsTo("GET", "/v1/tax_rates").length;
    const creations = () => rates.stripe.requestsTo("POST", "/v1/tax_rates").length;
    const [before, made] = [lookups(), creations()];
    await previewAndSubmit(rates.scope, rates.deps());
    expect([lookups(), creations()]).toEqual([before, made]);

    // A new process: no id in memory; it is found at Stripe by its metadata, not made again.
    clearBillingProviderCache();
    const preview = await previewAndSubmit(rates.scope, rates.deps());
    expect(lookups()).toBe(before + 1);
    expect(creations()).toBe(made);
    // The sync's two (GB, DE), and no other.
    expect(rates.stripe.taxRates.size).toBe(2);
    expect(preview.taxTotal * 5).toBe(net(preview));
  });

  it("STRIPE_TAX=automatic: the tax is Stripe Tax's for the account (10 %), not the table's", async () => {
    const taxRateCalls = automatic.stripe.requestsTo("POST", "/v1/tax_rates").length;
    const preview = await previewAndSubmit(automatic.scope, automatic.deps());
    // The catalogue's figures (20 %) would differ: these are Stripe's.
    expect(preview.taxTotal * 10).toBe(net(preview));
    const created = automatic.stripe.requests
      .filter((r) => r.method === "POST" && r.path === "/v1/subscriptions")
      .at(-1)?.body as WireBody;
    expect(created.automatic_tax).toEqual({ enabled: "true" });
    expect(automatic.stripe.requestsTo("POST", "/v1/tax_rates")).toHaveLength(taxRateCalls);
  });

  it("STRIPE_TAX=none: no tax is asked of Stripe, none is billed", async () => {
    const taxRateCalls = () => none.stripe.requests.filter((r) => r.path.startsWith("/v1/tax_rates")).length;
    const before = taxRateCalls();
    const preview = await previewAndSubmit(none.scope, none.deps());
    expect(preview.taxTotal).toBe(0);
    expect(preview.total).toBe(net(preview));
    expect(taxRateCalls()).toBe(before);
  });
});
