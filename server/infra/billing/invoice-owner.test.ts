// The partner as invoice owner (`partner update --invoice-owner partner`), against the Zuora and
// Stripe fakes: a new order is invoiced to the partner's own account there, the end customer
// owning the Zuora subscription and being named on what Stripe bills; without that account the
// order is refused before the provider is asked.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { line, OFFERS, orderRequest } from "../../../tests/fakes/order-request-fixture";
import { type StripeFake, startStripeFake } from "../../../tests/fakes/stripe-fake-server";
import { invoiceOwnerOf } from "../../../tests/fakes/zuora/fake-orders";
import { startZuoraFake, type ZuoraFake } from "../../../tests/fakes/zuora-fake-server";
import { syncedToStripe, syncingFirst } from "../../../tests/helpers/stripe-catalogue";
import { type ZuoraTenant, zuoraTenant } from "../../../tests/helpers/zuora-tenant";
import { DomainError } from "../../domain/domain-error";
import type { BillingProvider, ProviderOrderRequest, ProviderPartner } from "./billing-provider";
import { createStripeClient } from "./stripe-client";
import { StripeBillingProvider } from "./stripe-provider";
import { ZuoraBillingProvider } from "./zuora-provider";

// biome-ignore lint/suspicious/noExplicitAny: a recorded wire body has no static type.
type WireBody = any;

const clock = Date.parse("2026-03-15T09:00:00Z");

function owningPartner(accounts: Partial<NonNullable<ProviderPartner["accounts"]>> = {}): ProviderPartner {
  return {
    id: "partner_acme",
    slug: "acme",
    invoiceOwner: "partner",
    accounts: { zuoraAccountNumber: null, stripeCustomerId: null, ...accounts },
  };
}

async function rejection(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

function expectAccountMissing(error: DomainError, what: RegExp): void {
  expect(error.code).toBe("INELIGIBLE");
  const problems = (error.details as { problems: { code: string; path: string; message: string }[] })
    .problems;
  expect(problems).toEqual([
    { code: "PARTNER_BILLING_ACCOUNT_MISSING", path: "", message: expect.any(String) },
  ]);
  expect(problems[0]?.message).toMatch(what);
}

describe("Zuora: the partner as invoice owner", () => {
  let fake: ZuoraFake;
  let tenant: ZuoraTenant;
  let provider: ZuoraBillingProvider;
  const PARTNER_ACCOUNT = "A00000900";

  beforeAll(async () => {
    fake = await startZuoraFake({ now: () => clock, tokenTtlSeconds: 3600 });
    tenant = zuoraTenant(fake);
    provider = new ZuoraBillingProvider({
      baseUrl: fake.url,
      clientId: fake.clientId,
      clientSecret: fake.clientSecret,
      timeoutMs: 3000,
      now: () => clock,
    });
    // The partner's own account, made in the tenant by its operator.
    fake.accounts.set(PARTNER_ACCOUNT, {
      accountNumber: PARTNER_ACCOUNT,
      currency: "GBP",
      name: "Acme Ltd",
      billToContact: { country: "GB" },
    });
  });
  afterEach(() => fake.recover());
  afterAll(() => fake.close());

  it("a new order's subscription is owned by the customer's new account and invoiced to the partner's", async () => {
    const request = tenant.request({ partner: owningPartner({ zuoraAccountNumber: PARTNER_ACCOUNT }) });
    const result = await provider.submit(request, "owner-new-1");

    const body = fake.requestsTo("POST", "/v1/orders").at(-1)?.body as WireBody;
    expect(body.newAccount.name).toBe("Ann Example");
    expect(body.existingAccountNumber).toBeUndefined();
    const create = body.subscriptions[0].orderActions[0];
    expect(create.type).toBe("CreateSubscription");
    expect(create.createSubscription.invoiceOwnerAccountNumber).toBe(PARTNER_ACCOUNT);

    // Zuora's answer names the subscription owner: the end customer's new account, not the partner's.
    expect(result.providerCustomerId).not.toBe(PARTNER_ACCOUNT);
    const subscription = fake.subscriptions.get(result.providerSubscriptionId ?? "");
    expect(subscription?.accountNumber).toBe(result.providerCustomerId);
    expect(fake.accounts.get(result.providerCustomerId ?? "")?.name).toBe("Ann Example");
    expect(subscription && invoiceOwnerOf(subscription)).toBe(PARTNER_ACCOUNT);
  });

  it("a known customer's account owns the subscription; the preview names the partner as invoice owner", async () => {
    const first = await provider.submit(tenant.request(), "owner-known-0");
    const known = first.providerCustomerId ?? "";
    const request = tenant.request({
      partner: owningPartner({ zuoraAccountNumber: PARTNER_ACCOUNT }),
      customer: { ...tenant.request().customer, owner: "cus_row_1", providerCustomerId: known },
    });

    const preview = await provider.preview(request);
    const previewBody = fake.requestsTo("POST", "/v1/orders/preview").at(-1)?.body as WireBody;
    expect(previewBody.existingAccountNumber).toBe(known);
    expect(previewBody.subscriptions[0].orderActions[0].createSubscription.invoiceOwnerAccountNumber).toBe(
      PARTNER_ACCOUNT,
    );
    expect(preview.priced.total).toBeGreaterThan(0);

    const result = await provider.submit(request, "owner-known-1");
    expect(result.providerCustomerId).toBe(known);
    const subscription = fake.subscriptions.get(result.providerSubscriptionId ?? "");
    expect(subscription?.accountNumber).toBe(known);
    expect(subscription && invoiceOwnerOf(subscription)).toBe(PARTNER_ACCOUNT);
  });

  it("an invoice owner account the tenant does not have is refused by Zuora (502), nothing made", async () => {
    const before = fake.subscriptions.size;
    const error = await rejection(
      provider.submit(
        tenant.request({ partner: owningPartner({ zuoraAccountNumber: "A09999999" }) }),
        "owner-x",
      ),
    );
    expect(error.code).toBe("UPSTREAM_FAILED");
    expect(fake.subscriptions.size).toBe(before);
  });

  it("a partner that owns the invoice without a Zuora account is refused before Zuora is asked", async () => {
    const calls = fake.requests.length;
    for (const call of [
      () => provider.preview(tenant.request({ partner: owningPartner() })),
      () => provider.submit(tenant.request({ partner: owningPartner() }), "owner-missing"),
    ]) {
      expectAccountMissing(await rejection(call()), /Zuora account/);
    }
    expect(fake.requests.length).toBe(calls);
  });

  it("a partner that does not own the invoice bills its customer, as before", async () => {
    const request = tenant.request({
      partner: { ...owningPartner({ zuoraAccountNumber: PARTNER_ACCOUNT }), invoiceOwner: "customer" },
    });
    const result = await provider.submit(request, "owner-customer");
    const body = fake.requestsTo("POST", "/v1/orders").at(-1)?.body as WireBody;
    expect(
      body.subscriptions[0].orderActions[0].createSubscription.invoiceOwnerAccountNumber,
    ).toBeUndefined();
    const subscription = fake.subscriptions.get(result.providerSubscriptionId ?? "");
    expect(subscription && invoiceOwnerOf(subscription)).toBe(result.providerCustomerId);
  });
});

describe("Stripe: the partner as invoice owner", () => {
  let fake: StripeFake;
  let provider: BillingProvider;
  let partnerCustomer: string;

  beforeAll(async () => {
    fake = await startStripeFake({ now: () => clock });
    provider = syncingFirst(
      new StripeBillingProvider({ secretKey: fake.secretKey, apiBase: fake.url, timeoutMs: 3000 }),
      () => fake,
    );
    // The partner's own Stripe customer, made by its operator.
    const stripe = createStripeClient({ secretKey: fake.secretKey, apiBase: fake.url, timeoutMs: 3000 });
    partnerCustomer = (
      await stripe.customers.create({
        name: "Acme Ltd",
        address: { country: "GB" },
        email: "billing@acme.test",
      })
    ).id;
  });
  afterEach(() => fake.recover());
  afterAll(() => fake.close());

  const request = (overrides: Partial<ProviderOrderRequest> = {}) =>
    orderRequest({ partner: owningPartner({ stripeCustomerId: partnerCustomer }), ...overrides });

  it("the subscription is the partner's customer's, naming the end customer; no customer is made for them", async () => {
    const customers = fake.customers.size;
    const customerCalls = fake.requestsTo("POST", "/v1/customers").length;
    const result = await provider.submit(request(), "stripe-owner-1");

    expect(fake.customers.size).toBe(customers);
    expect(fake.requestsTo("POST", "/v1/customers")).toHaveLength(customerCalls);
    const subscription = fake.subscriptions.get(result.providerSubscriptionId ?? "");
    expect(subscription?.customer).toBe(partnerCustomer);
    expect(subscription?.metadata).toMatchObject({
      partner_slug: "acme",
      end_customer_name: "Ann Example",
      end_customer_email: "ann@example.test",
      end_customer_country: "GB",
    });
    const body = fake.requestsTo("POST", "/v1/subscriptions").at(-1)?.body as WireBody;
    expect(body.customer).toBe(partnerCustomer);
    expect(body.invoice_settings.custom_fields).toEqual([
      { name: "Customer", value: "Ann Example <ann@example.test>" },
    ]);
    expect(body.invoice_settings.description).toContain("Ann Example");
    // The end customer has no Stripe customer of their own: none is stored for them.
    expect(result.providerCustomerId).toBeNull();
    expect(fake.invoices.get(String(subscription?.latestInvoice))?.customer).toBe(partnerCustomer);
  });

  it("one-off offers are invoiced to the partner's customer, the end customer in the invoice's fields", async () => {
    const customerCalls = fake.requestsTo("POST", "/v1/customers").length;
    const result = await provider.submit(
      request({
        lines: [line(OFFERS.onboarding, 9900)],
        customer: { ...orderRequest().customer, owner: "cus_row_7" },
      }),
      "stripe-owner-once",
    );
    const invoice = fake.invoices.get(result.providerReference ?? "");
    expect(invoice?.customer).toBe(partnerCustomer);
    const body = fake.requestsTo("POST", "/v1/invoices").find((r) => r.path === "/v1/invoices")
      ?.body as WireBody;
    expect(body.customer).toBe(partnerCustomer);
    expect(body.custom_fields).toEqual([{ name: "Customer", value: "Ann Example <ann@example.test>" }]);
    expect(body.description).toContain("Ann Example");
    expect(body.metadata).toMatchObject({
      end_customer_owner: "cus_row_7",
      end_customer_name: "Ann Example",
    });
    for (const item of fake.requestsTo("POST", "/v1/invoiceitems")) {
      expect((item.body as WireBody).customer).toBe(partnerCustomer);
    }
    expect(fake.requestsTo("POST", "/v1/customers")).toHaveLength(customerCalls);
    expect(result.providerCustomerId).toBeNull();
  });

  it("a preview is the partner's customer's upcoming invoice", async () => {
    const preview = await provider.preview(request());
    const body = fake.requestsTo("POST", "/v1/invoices/create_preview").at(-1)?.body as WireBody;
    expect(body.customer).toBe(partnerCustomer);
    expect(body.customer_details).toBeUndefined();
    expect(preview.priced.total).toBeGreaterThan(0);
  });

  it("a partner that owns the invoice without a Stripe customer is refused before Stripe is asked", async () => {
    const partner = owningPartner();
    const synced = await syncedToStripe(fake, orderRequest({ partner }));
    const calls = fake.requests.length;
    expectAccountMissing(await rejection(provider.preview(synced)), /Stripe customer/);
    expectAccountMissing(await rejection(provider.submit(synced, "stripe-missing")), /Stripe customer/);
    expect(fake.requests.length).toBe(calls);
  });

  it("changes to a subscription the partner pays do not hand the partner's customer to the end customer", async () => {
    const made = await provider.submit(request(), "stripe-owner-change-0");
    const result = await provider.submit(
      request({
        orderType: "add_offer",
        lines: [line(OFFERS.support, 500)],
        subscription: {
          reference: "SUBREF000009",
          providerSubscriptionId: made.providerSubscriptionId,
          termEnd: null,
        },
      }),
      "stripe-owner-change-1",
    );
    expect(fake.subscriptions.get(result.providerSubscriptionId ?? "")?.customer).toBe(partnerCustomer);
    expect(result.providerCustomerId).toBeNull();
  });
});
