// The `stripe` provider against a local fake of Stripe's API (real HTTP through the official SDK).
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { line, OFFERS, orderRequest } from "../../../tests/fakes/order-request-fixture";
import { type StripeFake, startStripeFake } from "../../../tests/fakes/stripe-fake-server";
import { syncedToStripe, syncingFirst } from "../../../tests/helpers/stripe-catalogue";
import { DomainError } from "../../domain/domain-error";
import { pricedLineItemSchema, scheduleEntrySchema } from "../../domain/order-response-schemas";
import type { BillingProvider, PricedOrder, ProviderOrderRequest } from "./billing-provider";
import { providerIdempotencyKey } from "./provider-idempotency";
import { createStripeClient, STRIPE_API_VERSION } from "./stripe-client";
import { StripeBillingProvider } from "./stripe-provider";

// The fakes parse request bodies into plain nested values; tests read them like JSON.
// biome-ignore lint/suspicious/noExplicitAny: a recorded wire body has no static type.
type WireBody = any;

let fake: StripeFake;
let provider: BillingProvider;
/** The provider itself, for requests synced by the test. */
let stripeProvider: StripeBillingProvider;
let clock = Date.parse("2026-03-15T00:00:00Z");

beforeAll(async () => {
  fake = await startStripeFake({ now: () => clock });
  // Each request's offers and code are synced to the fake first, as an import would have done.
  stripeProvider = new StripeBillingProvider({
    secretKey: fake.secretKey,
    apiBase: fake.url,
    timeoutMs: 3000,
  });
  provider = syncingFirst(stripeProvider, () => fake);
});
afterEach(() => fake.recover());
afterAll(() => fake.close());

function expectConsistent(priced: PricedOrder): void {
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  for (const l of priced.lineItems) {
    for (const value of [
      l.unitAmount,
      l.amountWithoutTax,
      l.discountAmount,
      l.taxAmount,
      l.amount,
      l.creditAmount ?? 0,
    ]) {
      expect(Number.isSafeInteger(value) && value >= 0).toBe(true);
    }
    expect(l.amount).toBe(l.amountWithoutTax + l.taxAmount);
  }
  expect(priced.total).toBe(sum(priced.lineItems.map((l) => l.amount)));
  expect(priced.taxTotal).toBe(sum(priced.lineItems.map((l) => l.taxAmount)));
  expect(priced.subtotal - priced.discountTotal - (priced.creditTotal ?? 0) + priced.taxTotal).toBe(
    priced.total,
  );
  for (const entry of priced.schedule) expect(entry.amount).toBe(sum(entry.lineItems.map((l) => l.amount)));
  // The preview answer's strict schema accepts the provider's lines and schedule as they are.
  for (const l of priced.lineItems) pricedLineItemSchema.parse(l);
  for (const entry of priced.schedule) scheduleEntrySchema.parse(entry);
}

async function rejection(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

const lastResponseJson = (path: string) => {
  const request = fake.requests.filter((r) => r.path === path).at(-1);
  return JSON.parse(request?.response?.body ?? "null") as unknown;
};

async function subscribed(key: string): Promise<ProviderOrderRequest["subscription"] & { customer: string }> {
  const result = await provider.submit(orderRequest({ lines: [line(OFFERS.proMonthly, 1500, 2)] }), key);
  return {
    reference: "SUBREF000001",
    providerSubscriptionId: result.providerSubscriptionId,
    termEnd: null,
    customer: result.providerCustomerId ?? "",
  };
}

describe("stripe preview", () => {
  it("maps Stripe's invoice preview to figures that add up, and passes the invoice on unchanged", async () => {
    // The order's tax rate (TAX_RATES) reaches Stripe as a tax rate on each item (STRIPE_TAX=rates).
    const request: ProviderOrderRequest = {
      ...orderRequest({
        discount: { code: "WELCOME10", kind: "percent", percentOff: 10, amountOff: null, durationPeriods: 3 },
        taxRateBps: 2000,
      }),
      taxRateBps: 2000,
    };
    const { priced, providerResult } = await provider.preview(request);

    expect(providerResult).toEqual(lastResponseJson("/v1/invoices/create_preview"));
    expect(priced.currency).toBe("GBP");
    expect(priced.lineItems.map((l) => [l.offer.id, l.quantity, l.unitAmount, l.billingPeriod])).toEqual([
      ["pro-monthly", 2, 1500, "month"],
      ["onboarding", 1, 9900, "once"],
    ]);
    // 10 % off 3000 and 9900, then 20 % tax on what is left.
    expect(priced.lineItems.map((l) => [l.discountAmount, l.amountWithoutTax, l.taxAmount])).toEqual([
      [300, 2700, 540],
      [990, 8910, 1782],
    ]);
    expect(priced.total).toBe((providerResult as { total: number }).total);
    expectConsistent(priced);
    // Entry 0 is Stripe's invoice; the rest is the catalogue schedule.
    expect(priced.schedule).toHaveLength(request.catalogue.schedule.length);
    expect(priced.schedule[0]?.amount).toBe(priced.total);
    expect(priced.schedule[1]).toEqual(request.catalogue.schedule[1]);
  });

  it("names the synced prices and coupon, and creates nothing at Stripe, however many previews", async () => {
    const discount = {
      code: "SPRING",
      kind: "amount" as const,
      percentOff: null,
      amountOff: 500,
      durationPeriods: 2,
    };
    // Synced first, as `offers import` and `discount create` do.
    const request = await syncedToStripe(fake, orderRequest({ discount }));
    const made = () =>
      ["/v1/products", "/v1/prices", "/v1/coupons", "/v1/tax_rates"].map(
        (path) => fake.requestsTo("POST", path).length,
      );
    const before = made();
    for (let i = 0; i < 3; i += 1) await stripeProvider.preview(request);
    expect(made()).toEqual(before);

    const body = fake.requestsTo("POST", "/v1/invoices/create_preview").at(-1)?.body as WireBody;
    const [monthly, onboarding] = request.lines.map((l) => l.offer.stripePriceId);
    expect(body.subscription_details.items[0]).toEqual({
      price: monthly,
      quantity: "2",
      metadata: { offer_id: "pro-monthly", offer_version: "2", product_code: "PRO-M" },
    });
    expect(fake.prices.get(monthly ?? "")).toMatchObject({
      product: "po_offer_pro-monthly",
      currency: "gbp",
      unit_amount: 1500,
      recurring: { interval: "month" },
      tax_behavior: "exclusive",
      type: "recurring",
    });
    expect(body.subscription_details.billing_mode).toEqual({ type: "flexible" });
    expect(body.invoice_items[0]).toEqual({
      price: onboarding,
      quantity: "1",
      metadata: { offer_id: "onboarding", offer_version: "1", product_code: "ONBOARD" },
    });
    expect(fake.prices.get(onboarding ?? "")).toMatchObject({
      unit_amount: 9900,
      recurring: null,
      type: "one_time",
    });
    expect(body.customer_details.address).toMatchObject({
      line1: "1 High Street",
      postal_code: "N1 1AA",
      country: "GB",
    });
    // A monthly offer: the coupon counting months.
    expect(body.discounts[0].coupon).toBe(request.discount?.stripeCoupons?.monthly);
    expect(body.discounts[0].coupon).toMatch(/^po_SPRING_[0-9a-f]{16}$/);
    expect(fake.coupons.get(body.discounts[0].coupon)).toMatchObject({
      amount_off: 500,
      currency: "gbp",
      duration: "repeating",
      duration_in_months: 2,
    });
    expect(fake.coupons.get(request.discount?.stripeCoupons?.yearly ?? "")).toMatchObject({
      duration: "repeating",
      duration_in_months: 24,
    });
    expect(fake.products.get("po_offer_pro-monthly")).toMatchObject({ name: "Pro (monthly)" });
  });

  it("an order of yearly offers only uses the code's coupon counting years", async () => {
    const discount = {
      code: "YEARS",
      kind: "percent" as const,
      percentOff: 10,
      amountOff: null,
      durationPeriods: 2,
    };
    const request = await syncedToStripe(
      fake,
      orderRequest({ lines: [line(OFFERS.teamAnnual, 12000)], discount }),
    );
    await stripeProvider.preview(request);
    const body = fake.requestsTo("POST", "/v1/invoices/create_preview").at(-1)?.body as WireBody;
    expect(body.discounts[0].coupon).toBe(request.discount?.stripeCoupons?.yearly);
    expect(fake.coupons.get(body.discounts[0].coupon)).toMatchObject({ duration_in_months: 24 });
  });

  it("an offer or a code never synced is refused (422) before Stripe is asked", async () => {
    const discount = {
      code: "NEVER",
      kind: "percent" as const,
      percentOff: 5,
      amountOff: null,
      durationPeriods: null,
    };
    const synced = await syncedToStripe(fake, orderRequest());
    const unsynced: ProviderOrderRequest = {
      ...synced,
      lines: synced.lines.map((l, i) => (i === 1 ? { ...l, offer: { ...l.offer, stripePriceId: null } } : l)),
      discount: { ...discount, stripeCoupons: null },
    };
    const before = fake.requests.length;
    for (const attempt of [
      () => stripeProvider.preview(unsynced),
      () => stripeProvider.submit(unsynced, "unsynced-1"),
    ]) {
      const error = await rejection(attempt());
      expect(error.code).toBe("INELIGIBLE");
      expect(error.details?.problems).toEqual([
        {
          code: "OFFER_NOT_MAPPED_AT_PROVIDER",
          path: "orderItems.1.offer.id",
          message: expect.stringContaining("onboarding"),
        },
        {
          code: "DISCOUNT_NOT_MAPPED_AT_PROVIDER",
          path: "orderDiscount.code",
          message: expect.stringContaining("NEVER"),
        },
      ]);
    }
    expect(fake.requests.length).toBe(before);
  });

  it("reads every line of a long invoice, page by page", async () => {
    const offers = Array.from({ length: 12 }, (_, i) => ({
      ...OFFERS.support,
      id: `addon-${i}`,
      name: `Add-on ${i}`,
    }));
    const { priced, providerResult } = await provider.preview(
      orderRequest({ lines: offers.map((offer, i) => line(offer, 100 + i)) }),
    );
    expect((providerResult as { lines: { data: unknown[]; has_more: boolean } }).lines.has_more).toBe(true);
    expect(priced.lineItems).toHaveLength(12);
    expect(priced.total).toBe(offers.reduce((sum, _, i) => sum + 100 + i, 0));
    expect(fake.requestsTo("GET", "/v1/invoices/")).not.toHaveLength(0);
  });

  it("folds the credit of replaced items into the change's lines (no negative figures)", async () => {
    const subscription = await subscribed("preview-change-1");
    clock += 15.5 * 86_400_000; // half way through the 31 days from 15 March to 15 April
    const { priced } = await provider.preview(
      orderRequest({
        orderType: "change_offer",
        subscription,
        customer: { ...orderRequest().customer, providerCustomerId: subscription.customer },
        lines: [line(OFFERS.support, 4000)],
      }),
    );
    const body = fake.requestsTo("POST", "/v1/invoices/create_preview").at(-1)?.body as WireBody;
    expect(body.subscription).toBe(subscription.providerSubscriptionId);
    expect(body.subscription_details.items[0]).toMatchObject({ deleted: "true" });
    expect(body.subscription_details.proration_behavior).toBe("always_invoice");
    expect(priced.creditTotal).toBeGreaterThan(0);
    expect(priced.lineItems).toHaveLength(1);
    // Half of the new 40.00 is charged; half of the old 2 x 15.00 is credited and pays for it.
    expect(priced.lineItems[0]).toMatchObject({
      offer: { id: "support-monthly" },
      proration: { numerator: 1, denominator: 2 },
      creditAmount: 1500,
      amountWithoutTax: 500,
      amount: 500,
    });
    expect(priced.total).toBe(500);
    expectConsistent(priced);
  });
});

describe("stripe preview of changes to the subscription itself", () => {
  it("an immediate cancel credits the unused time: nothing to pay, the credit is carried forward", async () => {
    const subscription = await subscribed("preview-cancel-1");
    const { priced, providerResult } = await provider.preview(
      orderRequest({ orderType: "cancel", subscription, lines: [], cancel: { effective: "immediately" } }),
    );
    const body = fake.requestsTo("POST", "/v1/invoices/create_preview").at(-1)?.body as WireBody;
    expect(body.subscription_details).toEqual({
      cancel_now: "true",
      proration_behavior: "create_prorations",
    });
    expect((providerResult as { total: number }).total).toBe(-3000);
    expect(priced).toMatchObject({ total: 0, lineItems: [], creditCarriedForward: 3000 });
  });

  it("a renewal previews the next period of the subscription", async () => {
    const subscription = await subscribed("preview-renew-1");
    const { priced } = await provider.preview(
      orderRequest({
        orderType: "renew",
        subscription,
        lines: [line(OFFERS.proMonthly, 1500, 2)],
        renew: { termMonths: 1 },
      }),
    );
    expect(fake.requestsTo("POST", "/v1/invoices/create_preview").at(-1)?.body).toEqual({
      currency: "gbp",
      subscription: subscription.providerSubscriptionId,
    });
    const periodEnd =
      fake.subscriptions.get(subscription.providerSubscriptionId ?? "")?.items[0]?.periodEnd ?? 0;
    const nextPeriod = new Date(periodEnd * 1000).toISOString().slice(0, 10);
    expect(priced.lineItems.map((l) => [l.offer.id, l.amount, l.periodStart])).toEqual([
      ["pro-monthly", 3000, nextPeriod],
    ]);
    expectConsistent(priced);
  });
});

describe("stripe submit", () => {
  it("creates the customer and the subscription with idempotency keys derived from the order's key", async () => {
    const request = await syncedToStripe(fake, orderRequest());
    const made =
      fake.requestsTo("POST", "/v1/prices").length + fake.requestsTo("POST", "/v1/products").length;
    const result = await stripeProvider.submit(request, "order-key-1");
    // A submit, too, only names what the catalogue sync made.
    expect(
      fake.requestsTo("POST", "/v1/prices").length + fake.requestsTo("POST", "/v1/products").length,
    ).toBe(made);
    const [monthly, onboarding] = request.lines.map((l) => l.offer.stripePriceId);

    const customerCall = fake.requestsTo("POST", "/v1/customers").at(-1);
    expect(customerCall?.headers["idempotency-key"]).toBe(
      providerIdempotencyKey("stripe", "partner_acme", "order-key-1", "customer"),
    );
    expect(customerCall?.body).toMatchObject({
      name: "Ann Example",
      email: "ann@example.test",
      metadata: { partner_slug: "acme" },
    });
    const subscriptionCall = fake.requestsTo("POST", "/v1/subscriptions").at(-1);
    expect(subscriptionCall?.headers["idempotency-key"]).toBe(
      providerIdempotencyKey("stripe", "partner_acme", "order-key-1", "subscription"),
    );
    expect(subscriptionCall?.body).toMatchObject({
      customer: result.providerCustomerId,
      collection_method: "send_invoice",
      days_until_due: "30",
      items: [{ price: monthly, quantity: "2" }],
      add_invoice_items: [{ price: onboarding, quantity: "1" }],
    });
    expect(result.providerCustomerId).toMatch(/^cus_/);
    expect(result.providerSubscriptionId).toMatch(/^sub_/);
    expect(result.providerReference).toMatch(/^in_/);
    expect(result.providerResult).toEqual(lastResponseJson("/v1/subscriptions"));
  });

  it("a retried submit with the same key is replayed by Stripe, not billed twice", async () => {
    const request = orderRequest();
    const first = await provider.submit(request, "order-key-retry");
    const count = fake.subscriptions.size;
    const second = await provider.submit(request, "order-key-retry");
    expect(second.providerSubscriptionId).toBe(first.providerSubscriptionId);
    expect(fake.subscriptions.size).toBe(count);
    expect(fake.requestsTo("POST", "/v1/subscriptions").at(-1)?.response?.status).toBe(200);
  });

  it("an order of one-off offers only is a finalised invoice, sent to the customer, not a subscription", async () => {
    const request = orderRequest({ lines: [line(OFFERS.onboarding, 9900, 3)] });
    const result = await provider.submit(request, "one-off-1");
    expect(result.providerSubscriptionId).toBeNull();
    expect(result.providerReference).toMatch(/^in_/);
    const invoice = fake.invoices.get(result.providerReference ?? "");
    // A draft bills nothing: the invoice must be open, numbered, collecting by itself, and sent.
    expect(invoice).toMatchObject({ total: 29700, status: "open", auto_advance: true });
    expect(invoice?.number).toEqual(expect.any(String));
    expect(fake.sentInvoices.has(result.providerReference ?? "")).toBe(true);
    expect(result.providerResult).toMatchObject({ id: result.providerReference, status: "open" });

    // A retry replays each step (same idempotency keys): still one invoice, finalised once.
    const invoices = fake.invoices.size;
    const again = await provider.submit(request, "one-off-1");
    expect(again.providerReference).toBe(result.providerReference);
    expect(fake.invoices.size).toBe(invoices);
  });

  it("voids a one-off order's invoice under a key derived from the given one; a paid one is answered", async () => {
    const request = orderRequest({ lines: [line(OFFERS.onboarding, 9900, 1)] });
    const { providerReference } = await provider.submit(request, "one-off-void");
    const invoiceId = providerReference ?? "";
    const partnerId = request.partner.id;
    expect(await stripeProvider.voidInvoice(partnerId, invoiceId, "one-off-void:compensate")).toEqual({
      outcome: "voided",
    });
    expect(fake.invoices.get(invoiceId)?.status).toBe("void");
    const [voiding] = fake.requestsTo("POST", `/v1/invoices/${invoiceId}/void`);
    expect(voiding?.headers["idempotency-key"]).toBe(
      providerIdempotencyKey("stripe", partnerId, "one-off-void:compensate", "invoice-void"),
    );
    // Again: void already, nothing more is asked of Stripe.
    expect(await stripeProvider.voidInvoice(partnerId, invoiceId, "one-off-void:compensate")).toEqual({
      outcome: "voided",
    });
    expect(fake.requestsTo("POST", `/v1/invoices/${invoiceId}/void`)).toHaveLength(1);

    // Paid by the customer: Stripe cannot void it; what was paid is answered.
    const paid = await provider.submit(request, "one-off-paid");
    fake.payInvoice(paid.providerReference ?? "");
    expect(await stripeProvider.voidInvoice(partnerId, paid.providerReference ?? "", "k")).toEqual({
      outcome: "paid",
      amountPaid: fake.invoices.get(paid.providerReference ?? "")?.amount_paid,
      currency: "gbp",
    });
    expect(fake.invoices.get(paid.providerReference ?? "")?.status).toBe("paid");
  });

  it("deletes an invoice still a draft rather than voiding it", async () => {
    const stripe = createStripeClient({ secretKey: fake.secretKey, apiBase: fake.url, timeoutMs: 3000 });
    const customer = await stripe.customers.create({ email: "draft@example.test" });
    const draft = await stripe.invoices.create({ customer: customer.id });
    expect(await stripeProvider.voidInvoice("ptn_x", draft.id, "draft")).toEqual({ outcome: "deleted" });
    expect(fake.invoices.has(draft.id)).toBe(false);
    expect(fake.requestsTo("POST", `/v1/invoices/${draft.id}/void`)).toHaveLength(0);
  });

  it("the fake refuses to finalise an invoice twice, as Stripe does", async () => {
    const result = await provider.submit(
      orderRequest({ lines: [line(OFFERS.onboarding, 9900, 1)] }),
      "one-off-twice",
    );
    const finalize = (version: string) =>
      fetch(`${fake.url}/v1/invoices/${result.providerReference}/finalize`, {
        method: "POST",
        headers: { authorization: `Bearer ${fake.secretKey}`, "stripe-version": version },
      });
    const message = async (answer: Response) =>
      ((await answer.json()) as { error: { message: string } }).error.message;
    const twice = await finalize(STRIPE_API_VERSION);
    expect(twice.status).toBe(400);
    expect(await message(twice)).toMatch(/already finalized/);
    // The client pins the version the fake speaks; any other is refused.
    const older = await finalize("2024-06-20");
    expect(older.status).toBe(400);
    expect(await message(older)).toMatch(/Invalid Stripe API version/);
    expect(fake.requestsTo("POST", "/v1/customers").at(-1)?.headers["stripe-version"]).toBe(
      STRIPE_API_VERSION,
    );
  });

  it("replaces the offers of a subscription, once, even when the submit is retried", async () => {
    const subscription = await subscribed("change-base");
    const change = orderRequest({
      orderType: "change_offer",
      subscription,
      lines: [line(OFFERS.support, 4000)],
    });
    const first = await provider.submit(change, "change-1");
    const updates = () =>
      fake.requestsTo("POST", `/v1/subscriptions/${subscription.providerSubscriptionId}`).length;
    expect(updates()).toBe(1);
    const items = fake.subscriptions.get(subscription.providerSubscriptionId ?? "")?.items ?? [];
    expect(items.map((i) => [i.product, i.unitAmount])).toEqual([["po_offer_support-monthly", 4000]]);

    const again = await provider.submit(change, "change-1");
    expect(updates()).toBe(1);
    expect(again.providerSubscriptionId).toBe(first.providerSubscriptionId);
  });

  it("cancels at the end of the period, or at once (a retry of an immediate cancel succeeds)", async () => {
    const atEnd = await subscribed("cancel-base-1");
    await provider.submit(
      orderRequest({
        orderType: "cancel",
        subscription: atEnd,
        cancel: { effective: "end_of_term", reason: "Too expensive" },
      }),
      "cancel-1",
    );
    expect(fake.requestsTo("POST", `/v1/subscriptions/${atEnd.providerSubscriptionId}`).at(-1)?.body).toEqual(
      {
        cancel_at_period_end: "true",
        cancellation_details: { comment: "Too expensive" },
      },
    );

    const now = await subscribed("cancel-base-2");
    const cancel = orderRequest({
      orderType: "cancel",
      subscription: now,
      cancel: { effective: "immediately" },
    });
    const first = await provider.submit(cancel, "cancel-2");
    expect(fake.subscriptions.get(now.providerSubscriptionId ?? "")?.status).toBe("canceled");
    const retried = await provider.submit(cancel, "cancel-2");
    expect(retried.providerSubscriptionId).toBe(first.providerSubscriptionId);
  });

  it("refuses orders on a subscription Stripe does not know", async () => {
    const error = await rejection(
      provider.submit(
        orderRequest({
          orderType: "renew",
          subscription: { reference: "ABCDEFGHJK23", providerSubscriptionId: null, termEnd: null },
        }),
        "renew-1",
      ),
    );
    expect(error.code).toBe("CONFLICT");
    expect(error.message).toContain("ABCDEFGHJK23");
  });
});

describe("stripe limits", () => {
  const manyRecurring = (count: number) =>
    Array.from({ length: count }, (_, i) =>
      line({ ...OFFERS.proMonthly, id: `pro-${i}`, name: `Pro ${i}` }, 1500),
    );

  it("21 recurring offers are refused with a problem naming the limit, before Stripe is asked", async () => {
    const request = await syncedToStripe(fake, orderRequest({ lines: manyRecurring(21) }));
    const before = fake.requests.length;
    for (const attempt of [
      () => stripeProvider.preview(request),
      () => stripeProvider.submit(request, "too-many-1"),
    ]) {
      const error = await rejection(attempt());
      expect(error.code).toBe("INELIGIBLE");
      expect(error.details?.problems).toEqual([
        {
          code: "PROVIDER_LIMIT_EXCEEDED",
          path: "orderItems",
          message: expect.stringMatching(/at most 20 .* has 21/),
        },
      ]);
    }
    expect(fake.requests.length).toBe(before);
  });

  it("20 recurring offers are one subscription", async () => {
    const result = await provider.submit(orderRequest({ lines: manyRecurring(20) }), "twenty-1");
    expect(fake.subscriptions.get(result.providerSubscriptionId ?? "")?.items).toHaveLength(20);
  });

  it("the fake refuses a subscription of 21 items, as Stripe does", async () => {
    const stripe = createStripeClient({ secretKey: fake.secretKey, apiBase: fake.url, timeoutMs: 3000 });
    const customer = await stripe.customers.create({ name: "Limit Test" });
    const items = Array.from({ length: 21 }, (_, i) => ({
      price_data: {
        currency: "gbp",
        product: `prod_limit_${i}`,
        unit_amount: 100,
        recurring: { interval: "month" as const },
      },
    }));
    const error = await stripe.subscriptions.create({ customer: customer.id, items }).then(
      () => null,
      (e: unknown) => e as { statusCode?: number; param?: string },
    );
    expect(error).toMatchObject({ statusCode: 400, param: "items" });
  });
});

describe("stripe failures", () => {
  it("a 5xx becomes UPSTREAM_FAILED, and the provider works again once Stripe recovers", async () => {
    const request = await syncedToStripe(fake, orderRequest());
    fake.setMode("fail");
    const error = await rejection(stripeProvider.preview(request));
    expect(error.code).toBe("UPSTREAM_FAILED");
    expect(error.message).toMatch(/^Stripe /);
    fake.recover();
    const { priced } = await provider.preview(orderRequest());
    expect(priced.total).toBe(12900);
  });

  it("a hung Stripe becomes 'did not answer in time' after the configured timeout", async () => {
    const quick = new StripeBillingProvider({ secretKey: fake.secretKey, apiBase: fake.url, timeoutMs: 200 });
    const request = await syncedToStripe(fake, orderRequest());
    fake.setMode("timeout");
    const started = Date.now();
    const error = await rejection(quick.preview(request));
    expect(error.code).toBe("UPSTREAM_FAILED");
    expect(error.message).toBe("Stripe did not answer in time");
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it("an answer that is not JSON, or JSON of the wrong shape, is refused as garbage", async () => {
    fake.setMode("garbage", { match: (r) => r.path === "/v1/invoices/create_preview" });
    expect((await rejection(provider.preview(orderRequest()))).message).toBe(
      "Stripe gave an answer that could not be understood",
    );
    fake.setMode("wrong-shape", { match: (r) => r.path === "/v1/invoices/create_preview" });
    expect((await rejection(provider.preview(orderRequest()))).message).toBe(
      "Stripe gave an answer that could not be understood",
    );
  });

  it("a refusal carries Stripe's explanation; a bad key never shows the key", async () => {
    const unknownCustomer = orderRequest({
      customer: { ...orderRequest().customer, providerCustomerId: "cus_missing" },
    });
    const refused = await rejection(provider.preview(unknownCustomer));
    expect(refused.message).toBe("Stripe refused the order: No such customer: 'cus_missing'");

    const wrongKey = new StripeBillingProvider({
      secretKey: "sk_test_wrong_key_123456",
      apiBase: fake.url,
      timeoutMs: 3000,
    });
    const rejected = await rejection(wrongKey.preview(await syncedToStripe(fake, orderRequest())));
    expect(rejected.message).toBe("Stripe rejected this server's credentials");
    expect(rejected.message).not.toContain("sk_test");
  });
});
