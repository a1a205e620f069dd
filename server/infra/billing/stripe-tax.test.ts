// Tax asked of Stripe (STRIPE_TAX), against the local fake of Stripe's API. The fake taxes only
// what a request asks for: the tax rates it names, or Stripe Tax (automatic_tax) at the rates of
// the fake account's own registrations; it never works anything out with the code under test.
import Stripe from "stripe";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  line,
  OFFERS,
  orderRequest,
  type RequestOverrides,
} from "../../../tests/fakes/order-request-fixture";
import { type StripeFake, startStripeFake } from "../../../tests/fakes/stripe-fake-server";
import { fakeCatalogue, syncedToStripe, syncingFirst } from "../../../tests/helpers/stripe-catalogue";
import { DomainError } from "../../domain/domain-error";
import type { BillingProvider, PricedOrder, ProviderOrderRequest } from "./billing-provider";
import type { StripeTaxMode } from "./provider-config";
import { createStripeClient } from "./stripe-client";
import { stripePreviewToPricedOrder } from "./stripe-invoice-mapping";
import { stripeInvoiceSchema } from "./stripe-invoice-schema";
import { StripeBillingProvider } from "./stripe-provider";
import { StripeTaxRates, TAX_RATE_METADATA_KEY } from "./stripe-tax-rates";

// biome-ignore lint/suspicious/noExplicitAny: a recorded wire body has no static type.
type WireBody = any;

const clock = Date.parse("2026-03-15T00:00:00Z");
const fakes: StripeFake[] = [];

async function newFake(automaticTax: Record<string, number> = {}): Promise<StripeFake> {
  const fake = await startStripeFake({ now: () => clock, automaticTax });
  fakes.push(fake);
  return fake;
}

afterAll(async () => {
  await Promise.all(fakes.map((fake) => fake.close()));
});

function plainProvider(fake: StripeFake, tax: StripeTaxMode): StripeBillingProvider {
  return new StripeBillingProvider({ secretKey: fake.secretKey, apiBase: fake.url, timeoutMs: 3000, tax });
}

function providerFor(fake: StripeFake, tax: StripeTaxMode): BillingProvider {
  // Each request's offers (and, STRIPE_TAX=rates, its tax rate) are synced to the fake first, as
  // an import would have done.
  return syncingFirst(plainProvider(fake, tax), () => fake, { taxRates: tax === "rates" });
}

const taxRateLookups = (fake: StripeFake) => fake.requestsTo("GET", "/v1/tax_rates").length;

function clientFor(fake: StripeFake): Stripe {
  return createStripeClient({ secretKey: fake.secretKey, apiBase: fake.url, timeoutMs: 3000 });
}

/** An order whose catalogue pricing and provider request carry the TAX_RATES rate of its country. */
function taxed(rateBps: number, overrides: RequestOverrides = {}): ProviderOrderRequest {
  return { ...orderRequest({ ...overrides, taxRateBps: rateBps }), taxRateBps: rateBps };
}

/** The body of the last request to exactly this path. */
const body = (fake: StripeFake, method: string, path: string): WireBody =>
  fake.requests.filter((r) => r.method === method && r.path === path).at(-1)?.body;

/** The tax rates the requests made (not Stripe Tax's own, which Stripe archives at once). */
const madeRates = (fake: StripeFake) =>
  [...fake.taxRates.values()].filter(
    (rate) => (rate.metadata as Record<string, string>)[TAX_RATE_METADATA_KEY],
  );

const figures = (priced: PricedOrder) =>
  priced.lineItems.map((l) => [l.offer.id, l.amountWithoutTax, l.taxAmount, l.amount]);

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => null,
    (error: unknown) => error,
  );
}

describe("STRIPE_TAX=rates: the deployment's TAX_RATES reach Stripe as tax rates", () => {
  it("the sync makes the GB 20 % rate; an order's items name it, and Stripe bills the catalogue's tax", async () => {
    const fake = await newFake();
    const request = await syncedToStripe(fake, taxed(2000));
    const [rate] = madeRates(fake);
    expect(madeRates(fake)).toHaveLength(1);
    expect(rate).toMatchObject({
      percentage: 20,
      inclusive: false,
      active: true,
      country: "GB",
      metadata: { [TAX_RATE_METADATA_KEY]: "GB:2000" },
    });
    const [posted, listed] = [fake.requestsTo("POST", "/v1/tax_rates").length, taxRateLookups(fake)];

    const provider = plainProvider(fake, "rates");
    const { priced } = await provider.preview(request);
    const preview = body(fake, "POST", "/v1/invoices/create_preview");
    expect(preview.subscription_details.items[0].tax_rates).toEqual([rate?.id]);
    expect(preview.invoice_items[0].tax_rates).toEqual([rate?.id]);
    expect(preview.automatic_tax).toBeUndefined();
    // Stripe's figures, worked out by the fake from the rate it was named, are the catalogue's.
    expect(figures(priced)).toEqual([
      ["pro-monthly", 3000, 600, 3600],
      ["onboarding", 9900, 1980, 11880],
    ]);
    expect(figures(priced)).toEqual(figures(request.catalogue));
    expect(priced.taxTotal).toBe(request.catalogue.taxTotal);

    const result = await provider.submit(request, "rates-submit-1");
    const created = body(fake, "POST", "/v1/subscriptions");
    expect(created.items[0].tax_rates).toEqual([rate?.id]);
    expect(created.add_invoice_items[0].tax_rates).toEqual([rate?.id]);
    const subscription = fake.subscriptions.get(result.providerSubscriptionId ?? "");
    const invoice = fake.invoices.get(subscription?.latestInvoice ?? "");
    expect(invoice?.total).toBe(priced.total);
    // The preview looked the rate up once; the submit knew it. Neither made one.
    expect(fake.requestsTo("POST", "/v1/tax_rates")).toHaveLength(posted);
    expect(taxRateLookups(fake)).toBe(listed + 1);
  });

  it("a preview or submit needing a rate Stripe lacks is refused (422, naming the command) and creates nothing", async () => {
    const fake = await newFake();
    // Prices synced, but not the tax rate: TAX_RATES gained GB after the last sync.
    const request = await syncedToStripe(fake, taxed(2000), { taxRates: false });
    const provider = plainProvider(fake, "rates");
    const objects = () => [
      fake.taxRates.size,
      fake.customers.size,
      fake.subscriptions.size,
      fake.invoices.size,
    ];
    const before = objects();

    for (const attempt of [provider.preview(request), provider.submit(request, "rates-missing-1")]) {
      const error = await rejection(attempt);
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe("INELIGIBLE");
      expect((error as DomainError).message).toContain("catalog sync-stripe");
      expect((error as DomainError).details.problems).toEqual([
        expect.objectContaining({
          code: "TAX_RATE_NOT_MAPPED_AT_PROVIDER",
          path: "country",
          message: expect.stringMatching(/no tax rate for GB at 20 %.*`catalog sync-stripe`/),
        }),
      ]);
    }
    expect(fake.requestsTo("POST", "/v1/tax_rates")).toHaveLength(0);
    expect(fake.requests.filter((r) => r.method === "POST")).toHaveLength(
      fake.requests.filter((r) => r.method === "POST" && /^\/v1\/(products|prices)$/.test(r.path)).length,
    );
    expect(objects()).toEqual(before);

    // The sync makes it; the same instance finds it at once (a miss is not remembered).
    await fakeCatalogue(fake, { GB: 2000, DE: 0 }).ensureTaxRates();
    expect(madeRates(fake)).toHaveLength(1);
    const posted = fake.requestsTo("POST", "/v1/tax_rates").length;
    const { priced } = await provider.preview(request);
    expect(priced.taxTotal).toBe(request.catalogue.taxTotal);
    expect(fake.requestsTo("POST", "/v1/tax_rates")).toHaveLength(posted);
  });

  it("the rate is found again by its metadata after a restart, page after page, and never remade", async () => {
    const fake = await newFake();
    const request = await syncedToStripe(fake, taxed(2000));
    const [ours] = madeRates(fake);
    // Made later, so listed before ours: 150 unrelated rates, and look-alikes that must not be used.
    const stripe = clientFor(fake);
    const marker = { [TAX_RATE_METADATA_KEY]: "GB:2000" };
    await stripe.taxRates.create({ display_name: "VAT", percentage: 20, inclusive: true, metadata: marker });
    await stripe.taxRates.create({
      display_name: "VAT",
      percentage: 20,
      inclusive: false,
      active: false,
      metadata: marker,
    });
    await stripe.taxRates.create({ display_name: "VAT", percentage: 20, inclusive: false, country: "GB" });
    for (let i = 0; i < 150; i += 1) {
      await stripe.taxRates.create({ display_name: `Other ${i}`, percentage: 5, inclusive: false });
    }
    const lookups = fake.requestsTo("GET", "/v1/tax_rates").length;
    const creations = fake.requestsTo("POST", "/v1/tax_rates").length;

    const restarted = plainProvider(fake, "rates");
    await restarted.preview(request);
    expect(body(fake, "POST", "/v1/invoices/create_preview").subscription_details.items[0].tax_rates).toEqual(
      [ours?.id],
    );
    const pages = fake.requestsTo("GET", "/v1/tax_rates").slice(lookups);
    expect(pages).toHaveLength(2);
    expect(pages[0]?.query.get("active")).toBe("true");
    expect(pages[1]?.query.get("starting_after")).toEqual(expect.stringMatching(/^txr_/));
    expect(fake.requestsTo("POST", "/v1/tax_rates")).toHaveLength(creations);

    // The same instance asks no more: the id is kept for the process.
    await restarted.preview(await syncedToStripe(fake, taxed(2000, { lines: [line(OFFERS.support, 4000)] })));
    expect(fake.requestsTo("GET", "/v1/tax_rates").slice(lookups)).toHaveLength(2);

    // A second sync finds it too, among them all: nothing is made again.
    const again = await fakeCatalogue(fake, { GB: 2000 }).ensureTaxRates();
    expect(again).toEqual([{ country: "GB", rateBps: 2000, id: ours?.id, created: false }]);
    expect(fake.requestsTo("POST", "/v1/tax_rates")).toHaveLength(creations);
  });

  it("two syncs that both miss the rate make one, by the same idempotency key", async () => {
    const fake = await newFake();
    const stripe = clientFor(fake);
    // Each sync's first call (the look-up) is answered only once both have looked: both miss.
    let looked = 0;
    let bothLooked: () => void = () => {};
    const barrier = new Promise<void>((resolve) => {
      bothLooked = resolve;
    });
    const instance = () => {
      let first = true;
      return new StripeTaxRates(stripe, async (operation) => {
        const answer = await operation();
        if (first) {
          first = false;
          looked += 1;
          if (looked === 2) bothLooked();
          await barrier;
        }
        return answer;
      });
    };
    const gb = [{ country: "GB", rateBps: 2000 }];
    const ensured = await Promise.all([instance().ensure(gb), instance().ensure(gb)]);
    const creations = fake.requestsTo("POST", "/v1/tax_rates");
    expect(creations).toHaveLength(2);
    expect(creations[0]?.headers["idempotency-key"]).toBe(creations[1]?.headers["idempotency-key"]);
    expect(madeRates(fake)).toHaveLength(1);
    expect(ensured.map(([rate]) => rate?.id)).toEqual([madeRates(fake)[0]?.id, madeRates(fake)[0]?.id]);
  });

  it("the sync makes one rate per country of the table, none for a rate of 0, which names none", async () => {
    const fake = await newFake();
    const made = await fakeCatalogue(fake, { US: 825, DE: 1900, IE: 0 }).ensureTaxRates();
    expect(made.map((rate) => [rate.country, rate.rateBps, rate.created])).toEqual([
      ["DE", 1900, true],
      ["US", 825, true],
    ]);
    expect(madeRates(fake).map((rate) => [rate.country, rate.percentage])).toEqual([
      ["DE", 19],
      ["US", 8.25],
    ]);
    // One listing for the whole table.
    expect(taxRateLookups(fake)).toBe(1);

    const provider = plainProvider(fake, "rates");
    await provider.preview(await syncedToStripe(fake, taxed(1900, { country: "DE" }), { taxRates: false }));
    await provider.preview(await syncedToStripe(fake, taxed(825, { country: "US" }), { taxRates: false }));
    expect(fake.requestsTo("POST", "/v1/tax_rates")).toHaveLength(2);

    const before = fake.requests.filter((r) => r.path.startsWith("/v1/tax_rates")).length;
    const { priced } = await provider.preview(await syncedToStripe(fake, taxed(0, { country: "IE" })));
    expect(fake.requests.filter((r) => r.path.startsWith("/v1/tax_rates"))).toHaveLength(before);
    expect(
      body(fake, "POST", "/v1/invoices/create_preview").subscription_details.items[0].tax_rates,
    ).toBeUndefined();
    expect(priced.taxTotal).toBe(0);
  });

  it("a failed look-up is not remembered: the next order asks again", async () => {
    const fake = await newFake();
    const request = await syncedToStripe(fake, taxed(2000));
    const provider = plainProvider(fake, "rates");
    fake.setMode("fail", { match: (r) => r.path === "/v1/tax_rates", times: 1 });
    const error = await rejection(provider.preview(request));
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe("UPSTREAM_FAILED");
    const { priced } = await provider.preview(request);
    expect(priced.taxTotal).toBe(2580);
    expect(madeRates(fake)).toHaveLength(1);
  });
});

describe("STRIPE_TAX=automatic: Stripe Tax, at the account's own rates", () => {
  let fake: StripeFake;
  beforeAll(async () => {
    // The account is registered in GB at 10 %, whatever the deployment's table says.
    fake = await newFake({ GB: 1000 });
  });
  afterEach(() => fake.recover());

  it("turns automatic tax on, prices exclude tax, no tax rate is sent or made", async () => {
    const provider = providerFor(fake, "automatic");
    const request = taxed(2000);
    const { priced } = await provider.preview(request);
    const preview = body(fake, "POST", "/v1/invoices/create_preview");
    expect(preview.automatic_tax).toEqual({ enabled: "true" });
    // The synced prices say they exclude tax, which Stripe Tax needs.
    expect(fake.prices.get(preview.subscription_details.items[0].price)?.tax_behavior).toBe("exclusive");
    expect(fake.prices.get(preview.invoice_items[0].price)?.tax_behavior).toBe("exclusive");
    expect(preview.subscription_details.items[0].tax_rates).toBeUndefined();
    expect(fake.requests.filter((r) => r.path.startsWith("/v1/tax_rates"))).toHaveLength(0);
    expect(figures(priced)).toEqual([
      ["pro-monthly", 3000, 300, 3300],
      ["onboarding", 9900, 990, 10890],
    ]);

    const result = await provider.submit(request, "automatic-submit-1");
    expect(body(fake, "POST", "/v1/subscriptions").automatic_tax).toEqual({ enabled: "true" });
    const subscription = fake.subscriptions.get(result.providerSubscriptionId ?? "");
    expect(subscription?.automaticTax).toBe(true);
    expect(fake.invoices.get(subscription?.latestInvoice ?? "")).toMatchObject({
      total: priced.total,
      automatic_tax: { enabled: true, status: "complete" },
    });
  });

  it("an order of one-off offers: the invoice has automatic tax on", async () => {
    const result = await providerFor(fake, "automatic").submit(
      taxed(2000, { lines: [line(OFFERS.onboarding, 9900)] }),
      "automatic-one-off-1",
    );
    expect(body(fake, "POST", "/v1/invoices").automatic_tax).toEqual({ enabled: "true" });
    expect(fake.invoices.get(result.providerReference ?? "")).toMatchObject({
      total: 10890,
      automatic_tax: { enabled: true, status: "complete" },
    });
  });

  it("a country the account does not collect in is not taxed", async () => {
    const request = taxed(1900, {
      country: "DE",
      customer: {
        ...orderRequest().customer,
        address: { city: "Berlin", postalCode: "10115", country: "DE" },
      },
    });
    const { priced, providerResult } = await providerFor(fake, "automatic").preview(request);
    expect(priced.taxTotal).toBe(0);
    expect((providerResult as { total_taxes: unknown[] }).total_taxes).toEqual([
      expect.objectContaining({ amount: 0, taxability_reason: "not_collecting" }),
    ]);
  });

  it("Stripe Tax needs the customer's location: without an address Stripe refuses the order", async () => {
    const request = taxed(2000, { customer: { ...orderRequest().customer, address: null } });
    const error = await rejection(providerFor(fake, "automatic").preview(request));
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).message).toMatch(/^Stripe refused the order: .*location/);
  });
});

describe("STRIPE_TAX=none", () => {
  it("asks for no tax: no tax rate, no automatic tax, none billed", async () => {
    const fake = await newFake({ GB: 2000 });
    const provider = providerFor(fake, "none");
    const { priced } = await provider.preview(taxed(2000));
    const preview = body(fake, "POST", "/v1/invoices/create_preview");
    expect(preview.automatic_tax).toBeUndefined();
    expect(preview.subscription_details.items[0].tax_rates).toBeUndefined();
    expect(priced.taxTotal).toBe(0);
    await provider.submit(taxed(2000), "none-submit-1");
    expect(body(fake, "POST", "/v1/subscriptions").automatic_tax).toBeUndefined();
    expect(fake.requests.filter((r) => r.path.startsWith("/v1/tax_rates"))).toHaveLength(0);
  });
});

describe("the fake taxes as Stripe does", () => {
  let fake: StripeFake;
  let stripe: Stripe;
  beforeAll(async () => {
    fake = await newFake({ GB: 2000 });
    stripe = clientFor(fake);
  });

  const refusal = async (promise: Promise<unknown>) => {
    const error = await rejection(promise);
    expect(error).toBeInstanceOf(Stripe.errors.StripeError);
    return error as InstanceType<typeof Stripe.errors.StripeError>;
  };

  it("validates a tax rate: display name, inclusive and a percentage from 0 to 100 are required", async () => {
    const create = (params: Record<string, unknown>) =>
      refusal(stripe.taxRates.create(params as unknown as Stripe.TaxRateCreateParams));
    const ok = { display_name: "VAT", percentage: 20, inclusive: false };
    expect(await create({ ...ok, percentage: undefined })).toMatchObject({
      statusCode: 400,
      code: "parameter_missing",
      param: "percentage",
    });
    expect(await create({ ...ok, percentage: 100.5 })).toMatchObject({
      statusCode: 400,
      param: "percentage",
    });
    expect(await create({ ...ok, percentage: 12.34567 })).toMatchObject({
      statusCode: 400,
      param: "percentage",
    });
    expect(await create({ ...ok, display_name: undefined })).toMatchObject({
      code: "parameter_missing",
      param: "display_name",
    });
    expect(await create({ ...ok, display_name: "x".repeat(51) })).toMatchObject({
      statusCode: 400,
      param: "display_name",
    });
    expect(await create({ ...ok, inclusive: undefined })).toMatchObject({
      code: "parameter_missing",
      param: "inclusive",
    });
    expect(await create({ ...ok, inclusive: "sometimes" })).toMatchObject({
      code: "parameter_invalid_boolean",
    });
    expect(await create({ ...ok, rate: 20 })).toMatchObject({ code: "parameter_unknown", param: "rate" });
    expect(await refusal(stripe.taxRates.list({ limit: 101 }))).toMatchObject({
      statusCode: 400,
      param: "limit",
    });

    const rate = await stripe.taxRates.create({
      ...ok,
      percentage: 19.5,
      country: "DE",
      metadata: { k: "v" },
    });
    expect(rate).toMatchObject({
      object: "tax_rate",
      percentage: 19.5,
      inclusive: false,
      active: true,
      country: "DE",
    });
    expect(await stripe.taxRates.retrieve(rate.id)).toMatchObject({ id: rate.id, metadata: { k: "v" } });
  });

  it("refuses unknown and archived tax rate ids where they are named (resource_missing)", async () => {
    const customer = await stripe.customers.create({ name: "Tax Test" });
    const price_data = { currency: "gbp", product: "po_offer_tax", unit_amount: 1000 };
    fake.registerProduct("po_offer_tax", "Taxed");
    const missing = await refusal(
      stripe.subscriptions.create({
        customer: customer.id,
        items: [
          { price_data: { ...price_data, recurring: { interval: "month" } }, tax_rates: ["txr_missing"] },
        ],
      }),
    );
    expect(missing).toMatchObject({
      statusCode: 400,
      code: "resource_missing",
      param: "items[0][tax_rates][0]",
    });
    const archived = await stripe.taxRates.create({
      display_name: "Old",
      percentage: 5,
      inclusive: false,
      active: false,
    });
    const refused = await refusal(
      stripe.invoiceItems.create({ customer: customer.id, price_data, tax_rates: [archived.id] }),
    );
    expect(refused).toMatchObject({ statusCode: 400, param: "tax_rates[0]" });
    const defaults = await refusal(
      stripe.invoices.create({ customer: customer.id, default_tax_rates: ["txr_missing"] }),
    );
    expect(defaults).toMatchObject({ code: "resource_missing", param: "default_tax_rates[0]" });
  });

  it("an inclusive rate is part of the line's amount; tax is rounded half up line by line", async () => {
    fake.registerProduct("po_offer_small", "Small");
    const inclusive = await stripe.taxRates.create({ display_name: "VAT", percentage: 20, inclusive: true });
    const tenth = await stripe.taxRates.create({ display_name: "Tax", percentage: 10, inclusive: false });
    const preview = await stripe.invoices.createPreview({
      currency: "gbp",
      customer_details: { address: { country: "GB" } },
      invoice_items: [
        {
          price_data: { currency: "gbp", product: "po_offer_small", unit_amount: 1200 },
          tax_rates: [inclusive.id],
        },
        { price_data: { currency: "gbp", product: "po_offer_small", unit_amount: 5 }, tax_rates: [tenth.id] },
        { price_data: { currency: "gbp", product: "po_offer_small", unit_amount: 5 }, tax_rates: [tenth.id] },
      ],
    });
    expect(
      preview.lines.data.map((l) => [
        l.amount,
        l.taxes?.map((t) => [t.amount, t.tax_behavior, t.taxable_amount]),
      ]),
    ).toEqual([
      [1200, [[200, "inclusive", 1000]]],
      // 0.5 each, rounded up on each line: 2 in all, where the sum (1.0) would give 1.
      [5, [[1, "exclusive", 5]]],
      [5, [[1, "exclusive", 5]]],
    ]);
    expect(preview).toMatchObject({ subtotal: 1210, total: 1212, total_excluding_tax: 1010 });
    expect(preview.total_taxes?.map((t) => [t.amount, t.tax_rate_details?.tax_rate])).toEqual([
      [200, inclusive.id],
      [2, tenth.id],
    ]);

    // The provider's reading of it: an inclusive tax is taken out of the line's amount.
    const request = orderRequest({ lines: [line({ ...OFFERS.onboarding, id: "small" }, 1200)] });
    const single = await stripe.invoices.createPreview({
      currency: "gbp",
      customer_details: { address: { country: "GB" } },
      invoice_items: [
        {
          price_data: { currency: "gbp", product: "po_offer_small", unit_amount: 1200 },
          tax_rates: [inclusive.id],
        },
      ],
    });
    const invoice = stripeInvoiceSchema.parse(JSON.parse(JSON.stringify(single)));
    const priced = stripePreviewToPricedOrder(invoice, invoice.lines.data, request);
    expect(figures(priced)).toEqual([["small", 1000, 200, 1200]]);
    expect(priced.total).toBe(1200);
  });

  it("Stripe Tax refuses manual tax rates and prices without a tax behaviour", async () => {
    fake.registerProduct("po_offer_auto", "Auto");
    const rate = await stripe.taxRates.create({ display_name: "VAT", percentage: 20, inclusive: false });
    const preview = (item: Stripe.InvoiceCreatePreviewParams.InvoiceItem) =>
      refusal(
        stripe.invoices.createPreview({
          currency: "gbp",
          automatic_tax: { enabled: true },
          customer_details: { address: { country: "GB" } },
          invoice_items: [item],
        }),
      );
    const price_data = { currency: "gbp", product: "po_offer_auto", unit_amount: 1000 };
    expect(
      await preview({ price_data: { ...price_data, tax_behavior: "exclusive" }, tax_rates: [rate.id] }),
    ).toMatchObject({
      statusCode: 400,
    });
    expect(await preview({ price_data })).toMatchObject({ statusCode: 400, param: "tax_behavior" });
    const inclusive = await stripe.invoices.createPreview({
      currency: "gbp",
      automatic_tax: { enabled: true },
      customer_details: { address: { country: "GB" } },
      invoice_items: [{ price_data: { ...price_data, unit_amount: 1200, tax_behavior: "inclusive" } }],
    });
    expect(inclusive.lines.data[0]?.taxes?.[0]).toMatchObject({
      amount: 200,
      tax_behavior: "inclusive",
      taxable_amount: 1000,
    });
    expect(inclusive.automatic_tax).toMatchObject({ enabled: true, status: "complete" });
  });
});
