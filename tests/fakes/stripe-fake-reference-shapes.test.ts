// The Stripe fake's answers against sample answers from Stripe's own published material (shapes
// only): the objects of openapi/fixtures3.json in github.com/stripe/openapi, and an error answer
// from stripe-java's fixtures (tests/fakes/reference-samples/README.md). The fake is driven by the
// app's own client code (the catalogue sync and the `stripe` provider) making the calls it makes in
// production, and the JSON the fake sent back (before the SDK turned it into objects) is compared.
//
// Per resource, the keys the fake must answer as the sample does are every key of the sample
// except those listed `absent` below, each with the reason it is left out; the objects nested in
// an answer that the client reads are compared key by key too. The fake's type check against the
// `stripe` package (stripe/fake-types.ts) covers what no sample shows: the fixtures carry `null`
// for a line's `taxes`, `pretax_credit_amounts` and an invoice's `total_taxes`, so their items'
// shape is held to the SDK's types alone.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProviderOrderRequest } from "../../server/infra/billing/billing-provider";
import { STRIPE_API_VERSION } from "../../server/infra/billing/stripe-client";
import { StripeBillingProvider } from "../../server/infra/billing/stripe-provider";
import { syncedToStripe } from "../helpers/stripe-catalogue";
import { line, OFFERS, orderRequest, WELCOME10 } from "./order-request-fixture";
import {
  keysBeyondSample,
  referenceSample,
  type ShapeRule,
  shapeMismatches,
  shapeOf,
} from "./reference-samples/shapes";
import { type StripeFake, startStripeFake } from "./stripe-fake-server";

let fake: StripeFake;
let provider: StripeBillingProvider;

/** The order's tax rate as the order services pass it (orderRequest prices with it, but leaves it off). */
const taxed = (request: ProviderOrderRequest): ProviderOrderRequest => ({ ...request, taxRateBps: 2000 });

beforeAll(async () => {
  // One line per page, so the provider reads the preview's further lines as it does a long order.
  fake = await startStripeFake({ now: () => Date.parse("2026-03-15T00:00:00Z"), linesPerPage: 1 });
  provider = new StripeBillingProvider({ secretKey: fake.secretKey, apiBase: fake.url, timeoutMs: 5000 });

  // The catalogue sync (products, prices, the code's coupons, the country's tax rate), a preview,
  // then a subscription and a one-off order submitted, an offer changed and a cancellation: the
  // calls the app makes, each answered by the fake over HTTP.
  const recurring = await syncedToStripe(
    fake,
    taxed(orderRequest({ discount: WELCOME10, taxRateBps: 2000 })),
  );
  await provider.preview(recurring);
  const created = await provider.submit(recurring, "shape-subscription");
  const oneOff = await syncedToStripe(
    fake,
    taxed(orderRequest({ lines: [line(OFFERS.onboarding, 9900)], taxRateBps: 2000 })),
  );
  await provider.submit(oneOff, "shape-one-off");
  const subscription = {
    reference: "SHAPES000001",
    providerSubscriptionId: created.providerSubscriptionId,
    termEnd: null,
  };
  const customer = { ...recurring.customer, providerCustomerId: created.providerCustomerId };
  const change = await syncedToStripe(
    fake,
    taxed(
      orderRequest({
        orderType: "change_offer",
        subscription,
        customer,
        lines: [line(OFFERS.support, 4000)],
      }),
    ),
  );
  await provider.submit(change, "shape-change");
  await provider.submit(
    orderRequest({ orderType: "cancel", subscription, customer, cancel: { effective: "immediately" } }),
    "shape-cancel",
  );
});
afterAll(() => fake.close());

/** The JSON the fake answered to the requests to `path` (a pattern: `:id` is one segment). */
function answers(method: string, path: string, status = 200): Record<string, unknown>[] {
  const pattern = new RegExp(`^${path.replace(/:id/g, "[^/]+")}$`);
  const found = fake.requests
    .filter((r) => r.method === method && pattern.test(r.path) && r.response?.status === status)
    .map((r) => JSON.parse(r.response?.body ?? "null") as Record<string, unknown>);
  // A check of no answer would pass for nothing.
  expect(found.length, `${method} ${path} answered ${status}`).toBeGreaterThan(0);
  return found;
}

function expectShape(file: string, answered: Record<string, unknown>[], rule: ShapeRule) {
  const { sample } = referenceSample(file);
  for (const answer of answered) {
    expect(shapeMismatches(sample, answer, rule), `${file} vs ${JSON.stringify(shapeOf(answer))}`).toEqual(
      [],
    );
  }
}

// Stripe's documentation marks these nullable; the sample happens to show a value.
const PRODUCT: ShapeRule = { nullable: ["default_price", "description", "package_dimensions"] };
// A one-off price has no `recurring`.
const PRICE: ShapeRule = { nullable: ["custom_unit_amount", "recurring", "transform_quantity"] };
const COUPON: ShapeRule = { nullable: ["currency", "redeem_by"] };
const TAX_RATE: ShapeRule = { nullable: ["tax_type", "flat_amount"] };
const CUSTOMER: ShapeRule = { nullable: ["currency", "discount", "shipping"] };

/**
 * An invoice line: what stripe-invoice-schema.ts reads (amount, currency, description, quantity,
 * period, discount_amounts, pretax_credit_amounts, taxes, parent.type, pricing) and the rest. A
 * line is of an invoice item or of a subscription item, so one of the parent's details is null.
 */
const LINE: ShapeRule = {
  nested: {
    period: {},
    pricing: {},
    parent: { nullable: ["invoice_item_details", "subscription_item_details"] },
  },
};

/** A list's envelope, as the sample shows one embedded in an invoice (`lines`). */
const LIST_ENVELOPE: ShapeRule = {};

/**
 * The invoice fields the fake leaves out (stripe/fake-types.ts, InvoiceLeftOut: payment,
 * shipping, rendering, issuer and account details the portal neither sends nor reads), those the
 * SDK marks optional that the fake does not answer either (the customer's tax ids, the hosted
 * page and PDF links: read by no one here), and `subscription`, which the sample still carries
 * but the API version the client pins no longer has (it moved to parent.subscription_details).
 */
const INVOICE: ShapeRule = {
  absent: [
    "account_tax_ids",
    "application",
    "automatically_finalizes_at",
    "custom_fields",
    "customer_account",
    "customer_address",
    "customer_phone",
    "customer_shipping",
    "customer_tax_exempt",
    "default_payment_method",
    "default_source",
    "description",
    "due_date",
    "effective_at",
    "ending_balance",
    "footer",
    "from_invoice",
    "issuer",
    "last_finalization_error",
    "latest_revision",
    "next_payment_attempt",
    "on_behalf_of",
    "payment_settings",
    "post_payment_credit_notes_amount",
    "pre_payment_credit_notes_amount",
    "receipt_number",
    "rendering",
    "shipping_cost",
    "shipping_details",
    "statement_descriptor",
    "test_clock",
    "webhooks_delivered_at",
    "customer_tax_ids",
    "hosted_invoice_url",
    "invoice_pdf",
    "subscription",
  ],
  // A preview for a customer Stripe does not know yet has none; an invoice of no subscription or
  // quote has no parent.
  nullable: ["customer", "parent"],
  nested: {
    lines: { nested: { data: LINE } },
    status_transitions: {},
    parent: { nullable: ["quote_details", "subscription_details"] },
  },
};

/**
 * The subscription fields the fake leaves out (stripe/fake-types.ts, SubscriptionLeftOut:
 * payment, trial, schedule, pause, Connect and pending-update details the portal neither sends nor
 * reads); its items leave out the legacy `plan` (a copy of the price) and usage thresholds.
 */
const SUBSCRIPTION: ShapeRule = {
  absent: [
    "application",
    "application_fee_percent",
    "billing_cycle_anchor_config",
    "billing_schedules",
    "billing_thresholds",
    "customer_account",
    "default_payment_method",
    "default_source",
    "description",
    "invoice_settings",
    "managed_payments",
    "next_pending_invoice_item_invoice",
    "on_behalf_of",
    "pause_collection",
    "payment_settings",
    "pending_invoice_item_interval",
    "pending_setup_intent",
    "pending_update",
    "schedule",
    "test_clock",
    "transfer_data",
    "trial_end",
    "trial_settings",
    "trial_start",
  ],
  // Set only once a cancellation is asked for, or has happened.
  nullable: ["cancel_at", "canceled_at", "ended_at"],
  nested: {
    items: { nested: { data: { absent: ["plan", "billing_thresholds"] } } },
    cancellation_details: {},
    automatic_tax: { nullable: ["liability"] },
  },
};

/**
 * An invoice item: the provider reads nothing of this answer (the invoice made of the items is
 * what it reads), and the fake keeps only what its billing uses (stripe/fake-types.ts).
 */
const INVOICE_ITEM: ShapeRule = {
  absent: [
    "date",
    "description",
    "discountable",
    "discounts",
    "invoice",
    "livemode",
    "metadata",
    "period",
    "proration",
    "test_clock",
    "parent",
    "pricing",
    "net_amount",
    "customer_account",
    "quantity_decimal",
  ],
};

/**
 * Stripe's error: what the SDK turns into a StripeError (type, code, message, param, doc_url; the
 * client reads the status, `code` and the message). Its JSON is written in stripe-fake-server.ts.
 */
const ERROR: ShapeRule = {};

describe("the shape check", () => {
  it("finds a missing key, another JSON type, and an absent-list that is no longer true", () => {
    const sample = { id: "x", amount: 1, note: null, nested: { a: [{ b: true }] }, gone: 1 };
    const rule: ShapeRule = { absent: ["gone"], nested: { nested: { nested: { a: {} } } } };
    expect(
      shapeMismatches(sample, { id: "y", amount: 2, note: 3, nested: { a: [{ b: true }] } }, rule),
    ).toEqual([]);
    expect(shapeMismatches(sample, { id: 1, nested: { a: [{ b: "no" }] }, gone: 1 }, rule)).toEqual([
      "$.gone: listed as absent, but the fake answers it",
      "$.id: number, the sample has string",
      "$.amount: missing (the sample has number)",
      "$.note: missing (the sample has null)",
      "$.nested.a[0].b: string, the sample has boolean",
    ]);
  });
});

describe("Stripe fake: answers shaped like Stripe's published samples", () => {
  it("the catalogue sync's products, prices, coupons and tax rates", () => {
    expectShape("stripe/product.json", answers("POST", "/v1/products"), PRODUCT);
    expectShape("stripe/product.json", answers("GET", "/v1/products/:id"), PRODUCT);
    expectShape("stripe/price.json", answers("POST", "/v1/prices"), PRICE);
    expectShape("stripe/coupon.json", answers("POST", "/v1/coupons"), COUPON);
    expectShape("stripe/tax-rate.json", answers("POST", "/v1/tax_rates"), TAX_RATE);
  });

  it("lists (prices by lookup key, tax rates, an invoice's further lines): the envelope and its items", () => {
    const envelope = referenceSample("stripe/invoice.json").sample.lines;
    const lists = [
      ["GET", "/v1/prices", "stripe/price.json", PRICE],
      ["GET", "/v1/tax_rates", "stripe/tax-rate.json", TAX_RATE],
      ["GET", "/v1/invoices/:id/lines", "stripe/invoice-line-item.json", LINE],
    ] as const;
    for (const [method, path, file, rule] of lists) {
      const pages = answers(method, path);
      for (const page of pages) expect(shapeMismatches(envelope, page, LIST_ENVELOPE), path).toEqual([]);
      const items = pages.flatMap((page) => page.data as Record<string, unknown>[]);
      expectShape(file, items, rule);
    }
  });

  it("customers, subscriptions (created, read, changed, cancelled)", () => {
    expectShape("stripe/customer.json", answers("POST", "/v1/customers"), CUSTOMER);
    for (const [method, path] of [
      ["POST", "/v1/subscriptions"],
      ["GET", "/v1/subscriptions/:id"],
      ["POST", "/v1/subscriptions/:id"],
      ["DELETE", "/v1/subscriptions/:id"],
    ] as const) {
      expectShape("stripe/subscription.json", answers(method, path), SUBSCRIPTION);
    }
  });

  it("invoices: the preview, a one-off invoice made, finalised and sent, and its items", () => {
    for (const path of [
      "/v1/invoices/create_preview",
      "/v1/invoices",
      "/v1/invoices/:id/finalize",
      "/v1/invoices/:id/send",
    ]) {
      expectShape("stripe/invoice.json", answers("POST", path), INVOICE);
    }
    expectShape(
      "stripe/invoice-line-item.json",
      answers("POST", "/v1/invoices/create_preview").flatMap(
        (invoice) => (invoice.lines as { data: Record<string, unknown>[] }).data,
      ),
      LINE,
    );
    expectShape("stripe/invoice-item.json", answers("POST", "/v1/invoiceitems"), INVOICE_ITEM);
  });

  it("errors: an unknown parameter (400), an unknown object (404)", async () => {
    const response = await fetch(`${fake.url}/v1/products`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${fake.secretKey}`,
        "stripe-version": STRIPE_API_VERSION,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({ name: "Shapes", colour: "red" }).toString(),
    });
    expect(response.status).toBe(400);
    expectShape(
      "stripe/error-invalid-request.json",
      [(await response.json()) as Record<string, unknown>],
      ERROR,
    );
    // The sync's look-ups of what it has not made yet.
    expectShape("stripe/error-invalid-request.json", answers("GET", "/v1/products/:id", 404), ERROR);
    expectShape("stripe/error-invalid-request.json", answers("GET", "/v1/coupons/:id", 404), ERROR);
  });

  it("answers keys beyond the samples only where Stripe's SDK types declare them", () => {
    // What the fake adds to a sample's keys, listed here so that a new one is seen. The fields are
    // declared by the `stripe` package's type of the object (stripe/fake-types.ts checks it), but
    // for an embedded list's `total_count`, which the SDK's ApiList does not declare (FakeEmbeddedList).
    const beyond = (sample: unknown, answer: unknown) => keysBeyondSample(sample, answer);
    const invoice = referenceSample("stripe/invoice.json").sample;
    const subscription = referenceSample("stripe/subscription.json").sample;
    const preview = answers("POST", "/v1/invoices/create_preview")[0];
    const created = answers("POST", "/v1/subscriptions")[0];
    expect(beyond(referenceSample("stripe/product.json").sample, answers("POST", "/v1/products")[0])).toEqual(
      ["tax_details"],
    );
    expect(beyond(invoice, preview)).toEqual([]);
    expect(beyond(invoice.lines, preview?.lines)).toEqual(["total_count"]);
    expect(beyond(subscription, created)).toEqual([]);
    expect(beyond(subscription.items, created?.items)).toEqual(["total_count"]);
  });
});
