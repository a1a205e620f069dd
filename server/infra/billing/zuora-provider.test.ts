// The `zuora` provider against a local fake of Zuora's REST API (real HTTP over fetch). The fake
// generates the ids of its rate plans as Zuora does; the offers carry them as a mapped offer does.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { line, type RequestOverrides } from "../../../tests/fakes/order-request-fixture";
import { startZuoraFake, type ZuoraFake } from "../../../tests/fakes/zuora-fake-server";
import { type ZuoraTenant, zuoraTenant } from "../../../tests/helpers/zuora-tenant";
import { DomainError } from "../../domain/domain-error";
import { pricedLineItemSchema, scheduleEntrySchema } from "../../domain/order-response-schemas";
import type { PricedOrder, ProviderOrderRequest } from "./billing-provider";
import { providerIdempotencyKey } from "./provider-idempotency";
import { ZuoraBillingProvider } from "./zuora-provider";

// The fakes parse request bodies into plain nested values; tests read them like JSON.
// biome-ignore lint/suspicious/noExplicitAny: a recorded wire body has no static type.
type WireBody = any;

let fake: ZuoraFake;
let catalogue: ZuoraTenant;
let provider: ZuoraBillingProvider;
let clock = Date.parse("2026-03-15T09:00:00Z");

const settings = () => ({ baseUrl: fake.url, clientId: fake.clientId, clientSecret: fake.clientSecret });
/** The fixture's order, its offers and discount mapped to the fake's rate plans. */
const orderRequest = (overrides?: RequestOverrides) => catalogue.request(overrides);
const offers = () => catalogue.offers;

beforeAll(async () => {
  fake = await startZuoraFake({ now: () => clock, tokenTtlSeconds: 3600 });
  catalogue = zuoraTenant(fake);
  provider = new ZuoraBillingProvider({ ...settings(), timeoutMs: 3000, now: () => clock });
});
afterEach(() => {
  fake.recover();
  fake.setTaxRate(0);
});
afterAll(() => fake.close());

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

function expectConsistent(priced: PricedOrder): void {
  for (const entry of [{ lineItems: priced.lineItems, amount: priced.total }, ...priced.schedule]) {
    for (const l of entry.lineItems) {
      for (const value of [l.unitAmount, l.amountWithoutTax, l.discountAmount, l.taxAmount, l.amount]) {
        expect(Number.isSafeInteger(value) && value >= 0).toBe(true);
      }
      expect(l.amount).toBe(l.amountWithoutTax + l.taxAmount);
    }
    expect(entry.amount).toBe(sum(entry.lineItems.map((l) => l.amount)));
  }
  expect(priced.subtotal - priced.discountTotal - (priced.creditTotal ?? 0) + priced.taxTotal).toBe(
    priced.total,
  );
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

async function subscribed(key: string, lines = [line(offers().proMonthly, 1500, 2)]) {
  const result = await provider.submit(orderRequest({ lines }), key);
  const customer = { ...orderRequest().customer, providerCustomerId: result.providerCustomerId };
  const subscription: ProviderOrderRequest["subscription"] = {
    reference: "SUBREF000002",
    providerSubscriptionId: result.providerSubscriptionId,
    termEnd: null,
  };
  return { customer, subscription };
}

describe("zuora preview", () => {
  it("maps 12 previewed invoices to the schedule, the first to the totals, and passes the answer on unchanged", async () => {
    fake.setTaxRate(2000);
    const { priced, providerResult } = await provider.preview(
      orderRequest({
        discount: { code: "WELCOME10", kind: "percent", percentOff: 10, amountOff: null, durationPeriods: 3 },
      }),
    );
    const answer = fake.requestsTo("POST", "/v1/orders/preview").at(-1)?.response?.body ?? "";
    expect(providerResult).toEqual(JSON.parse(answer));

    expect(priced.schedule).toHaveLength(12);
    expect(priced.schedule.map((e) => e.date).slice(0, 3)).toEqual([
      "2026-03-15",
      "2026-04-15",
      "2026-05-15",
    ]);
    expect(priced.lineItems.map((l) => [l.offer.id, l.quantity, l.unitAmount, l.billingPeriod])).toEqual([
      ["pro-monthly", 2, 1500, "month"],
      ["onboarding", 1, 9900, "once"],
    ]);
    // Zuora's separate discount item (10 % of 129.00) is spread over the lines by amount.
    expect(priced.discountTotal).toBe(1290);
    expect(priced.lineItems.map((l) => l.discountAmount)).toEqual([300, 990]);
    expect(priced.taxTotal).toBe(2322);
    expect(priced.total).toBe(12900 - 1290 + 2322);
    expect(priced.lineItems[0]).toMatchObject({ periodStart: "2026-03-15", periodEnd: "2026-04-15" });
    expect(priced.lineItems[1]).toMatchObject({ periodStart: null, periodEnd: null });
    // Month 4: no discount any more, no one-off charge.
    expect(priced.schedule[3]).toMatchObject({ amountWithoutTax: 3000, taxAmount: 600, amount: 3600 });
    expectConsistent(priced);
  });

  it("sends a bearer token, previewOptions for 12 periods, a preview account and the rate plans", async () => {
    await provider.preview(orderRequest());
    const call = fake.requestsTo("POST", "/v1/orders/preview").at(-1);
    expect(call?.headers.authorization).toMatch(/^Bearer [0-9a-f]{32}$/);
    expect(call?.headers["zuora-version"]).toBe("341.0");
    const body = call?.body as WireBody;
    expect(body.previewOptions).toEqual({
      previewThruType: "NumberOfPeriods",
      previewNumberOfPeriods: 12,
      previewTypes: ["BillingDocs"],
    });
    expect(body.previewAccountInfo).toEqual({
      currency: "GBP",
      billCycleDay: 15,
      billToContact: { address1: "1 High Street", city: "London", postalCode: "N1 1AA", country: "GB" },
    });
    const action = body.subscriptions[0].orderActions[0];
    expect(action.type).toBe("CreateSubscription");
    expect(action.triggerDates).toContainEqual({ name: "ContractEffective", triggerDate: "2026-03-15" });
    expect(action.createSubscription.terms).toEqual({ initialTerm: { termType: "EVERGREEN" } });
    const proMonthly = offers().proMonthly.zuora;
    expect(proMonthly?.productRatePlanId).toMatch(/^[0-9a-f]{32}$/);
    expect(action.createSubscription.subscribeToRatePlans[0]).toEqual({
      productRatePlanId: proMonthly?.productRatePlanId,
      chargeOverrides: [
        {
          productRatePlanChargeId: proMonthly?.productRatePlanChargeId,
          pricing: { recurringPerUnit: { quantity: 2 } },
        },
      ],
    });
    const token = fake.requestsTo("POST", "/oauth/token").at(-1);
    expect(Object.fromEntries(new URLSearchParams(token?.rawBody))).toEqual({
      client_id: fake.clientId,
      client_secret: fake.clientSecret,
      grant_type: "client_credentials",
    });
  });

  it("a termed annual offer bills once in its 12-month term", async () => {
    const { priced } = await provider.preview(orderRequest({ lines: [line(offers().teamAnnual, 120000)] }));
    expect(priced.schedule).toHaveLength(1);
    expect(priced.total).toBe(120000);
    const body = fake.requestsTo("POST", "/v1/orders/preview").at(-1)?.body as WireBody;
    expect(body.subscriptions[0].orderActions[0].createSubscription.terms.initialTerm).toEqual({
      termType: "TERMED",
      period: 12,
      periodType: "Month",
    });
  });
});

describe("zuora submit", () => {
  it("creates the order with an Idempotency-Key and maps its numbers", async () => {
    const result = await provider.submit(orderRequest(), "zuora-order-1");
    const call = fake
      .requestsTo("POST", "/v1/orders")
      .filter((r) => r.path === "/v1/orders")
      .at(-1);
    expect(call?.headers["idempotency-key"]).toBe(
      providerIdempotencyKey("zuora", "partner_acme", "zuora-order-1", "order"),
    );
    const body = call?.body as WireBody;
    expect(body.newAccount).toMatchObject({
      name: "Ann Example",
      currency: "GBP",
      autoPay: false,
      billToContact: { firstName: "Ann", lastName: "Example", workEmail: "ann@example.test", city: "London" },
    });
    expect(body.previewOptions).toBeUndefined();
    expect(result.providerCustomerId).toMatch(/^A\d{8}$/);
    expect(result.providerSubscriptionId).toMatch(/^A-S\d{8}$/);
    expect(result.providerReference).toMatch(/^O-\d{8}$/);
    expect(result.providerResult).toMatchObject({
      success: true,
      status: "Completed",
      subscriptions: [{ subscriptionNumber: result.providerSubscriptionId, status: "Active" }],
    });
  });

  it("the fake answers Create an order in the shape of the Zuora-Version asked for", async () => {
    const token = (await (
      await fetch(`${fake.url}/oauth/token`, {
        method: "POST",
        body: new URLSearchParams({
          grant_type: "client_credentials",
          client_id: fake.clientId,
          client_secret: fake.clientSecret,
        }),
      })
    ).json()) as { access_token: string };
    const wire = fake.requestsTo("POST", "/v1/orders").find((r) => r.path === "/v1/orders")?.body;
    const answerAt = async (version: string, query = "") =>
      (await (
        await fetch(`${fake.url}/v1/orders${query}`, {
          method: "POST",
          headers: {
            authorization: `Bearer ${token.access_token}`,
            "content-type": "application/json",
            "zuora-version": version,
          },
          body: JSON.stringify(wire),
        })
      ).json()) as Record<string, unknown>;
    const old = await answerAt("222.4");
    expect(old.subscriptionNumbers).toEqual([expect.stringMatching(/^A-S\d{8}$/)]);
    expect(old.subscriptions).toBeUndefined();
    const current = await answerAt("341.0");
    expect(current.subscriptionNumbers).toBeUndefined();
    expect(current.subscriptions).toEqual([
      { subscriptionNumber: expect.stringMatching(/^A-S\d{8}$/), status: "Active" },
    ]);
    // Each subscription's id only when asked for with returnIds=true (the client reads numbers).
    const withIds = await answerAt("341.0", "?returnIds=true");
    expect(withIds.subscriptions).toEqual([
      {
        subscriptionNumber: expect.stringMatching(/^A-S\d{8}$/),
        subscriptionId: expect.any(String),
        status: "Active",
      },
    ]);
  });

  it("a retried submit gets Zuora's saved answer: one order, one subscription", async () => {
    const first = await provider.submit(orderRequest(), "zuora-retry");
    const count = fake.subscriptions.size;
    const second = await provider.submit(orderRequest(), "zuora-retry");
    expect(second.providerReference).toBe(first.providerReference);
    expect(fake.subscriptions.size).toBe(count);
  });

  it("change_offer removes the current rate plans and adds the new offers", async () => {
    const { customer, subscription } = await subscribed("zuora-change-base");
    const current = fake.subscriptions.get(subscription?.providerSubscriptionId ?? "");
    const oldPlanId = current?.plans[0]?.id;
    const result = await provider.submit(
      orderRequest({
        orderType: "change_offer",
        customer,
        subscription,
        lines: [line(offers().support, 4000, 3)],
      }),
      "zuora-change-1",
    );
    expect(fake.requestsTo("GET", `/v1/subscriptions/${subscription?.providerSubscriptionId}`)).toHaveLength(
      1,
    );
    const body = fake
      .requestsTo("POST", "/v1/orders")
      .filter((r) => r.path === "/v1/orders")
      .at(-1)?.body as WireBody;
    expect(body.existingAccountNumber).toBe(customer.providerCustomerId);
    expect(body.subscriptions[0].subscriptionNumber).toBe(subscription?.providerSubscriptionId);
    expect(body.subscriptions[0].orderActions.map((a: { type: string }) => a.type)).toEqual([
      "RemoveProduct",
      "AddProduct",
    ]);
    expect(body.subscriptions[0].orderActions[0].removeProduct).toEqual({ ratePlanId: oldPlanId });
    expect(result.providerSubscriptionId).toBe(subscription?.providerSubscriptionId);
    const plans = fake.subscriptions.get(subscription?.providerSubscriptionId ?? "")?.plans ?? [];
    expect(plans.filter((p) => !p.removed).map((p) => [p.plan.productRatePlanId, p.quantity])).toEqual([
      [offers().support.zuora?.productRatePlanId, 3],
    ]);
  });

  it("cancels a rolling subscription at the end of its last invoiced period, looking up the account", async () => {
    const { subscription } = await subscribed("zuora-cancel-base");
    await provider.submit(
      orderRequest({ orderType: "cancel", subscription, cancel: { effective: "end_of_term" } }),
      "zuora-cancel-1",
    );
    const body = fake
      .requestsTo("POST", "/v1/orders")
      .filter((r) => r.path === "/v1/orders")
      .at(-1)?.body as WireBody;
    expect(body.existingAccountNumber).toMatch(/^A\d{8}$/);
    expect(body.subscriptions[0].orderActions[0].cancelSubscription).toEqual({
      cancellationPolicy: "EndOfLastInvoicePeriod",
    });
    expect(fake.subscriptions.get(subscription?.providerSubscriptionId ?? "")?.status).toBe("Cancelled");
  });
});

describe("zuora renew", () => {
  it("renews a termed subscription, with a new renewal term when one is asked for", async () => {
    const { customer, subscription } = await subscribed("zuora-renew-base", [
      line(offers().teamAnnual, 120000),
    ]);
    const renew = orderRequest({
      orderType: "renew",
      customer,
      subscription,
      lines: [line(offers().teamAnnual, 120000)],
      renew: { termMonths: 24 },
    });
    const { priced } = await provider.preview(renew);
    expect(priced.total).toBe(120000);
    const body = fake.requestsTo("POST", "/v1/orders/preview").at(-1)?.body as WireBody;
    expect(body.subscriptions[0].orderActions.map((a: { type: string }) => a.type)).toEqual([
      "TermsAndConditions",
      "RenewSubscription",
    ]);
    expect(body.subscriptions[0].orderActions[0].termsAndConditions.renewalTerms).toEqual([
      { period: 24, periodType: "Month" },
    ]);
    const result = await provider.submit(renew, "zuora-renew-1");
    expect(result.providerSubscriptionId).toBe(subscription?.providerSubscriptionId);
  });
});

describe("zuora catalogue ids", () => {
  const unmapped = () => ({ ...offers().onboarding, zuora: null });

  it("an offer or a discount code without Zuora ids is an eligibility problem, and Zuora is not asked", async () => {
    const before = fake.requests.length;
    const request = orderRequest({
      lines: [line(offers().proMonthly, 1500, 2), line(unmapped(), 9900)],
      discount: {
        code: "WELCOME10",
        kind: "percent",
        percentOff: 10,
        amountOff: null,
        durationPeriods: 3,
        zuora: null,
      },
    });
    for (const attempt of [() => provider.preview(request), () => provider.submit(request, "unmapped-1")]) {
      const error = await rejection(attempt());
      expect(error.code).toBe("INELIGIBLE");
      expect(error.details?.problems).toEqual([
        {
          code: "OFFER_NOT_MAPPED_AT_PROVIDER",
          path: "orderItems.1.offer.id",
          message: 'Offer "onboarding" is not set up in Zuora yet, so it cannot be billed there.',
        },
        {
          code: "DISCOUNT_NOT_MAPPED_AT_PROVIDER",
          path: "orderDiscount.code",
          message: 'Discount code "WELCOME10" is not set up in Zuora yet, so it cannot be applied there.',
        },
      ]);
    }
    expect(fake.requests.length).toBe(before);
  });

  it("a renewal needs its lines' ids (its preview finds them by charge); a cancellation does not", async () => {
    const { customer, subscription } = await subscribed("zuora-unmapped-renew", [
      line(offers().teamAnnual, 120000),
    ]);
    const renew = orderRequest({
      orderType: "renew",
      customer,
      subscription,
      lines: [line({ ...offers().teamAnnual, zuora: null }, 120000)],
    });
    expect((await rejection(provider.preview(renew))).details?.problems).toEqual([
      expect.objectContaining({ code: "OFFER_NOT_MAPPED_AT_PROVIDER", path: "forSubscription.reference" }),
    ]);
    const cancel = { ...renew, orderType: "cancel" as const, cancel: { effective: "immediately" as const } };
    await provider.submit(cancel, "zuora-unmapped-cancel");
    expect(fake.subscriptions.get(subscription?.providerSubscriptionId ?? "")?.status).toBe("Cancelled");
  });

  it("ids derived from the product code (the old convention) are refused, as by a real tenant", async () => {
    const derived = {
      ...offers().proMonthly,
      zuora: { productRatePlanId: "PRO-M", productRatePlanChargeId: "PRO-M-charge" },
    };
    const error = await rejection(provider.preview(orderRequest({ lines: [line(derived, 1500)] })));
    expect(error.message).toBe("Zuora refused the order: Invalid product rate plan id: PRO-M");
  });

  it("the fake refuses a charge of another rate plan, and pricing the charge model does not take", async () => {
    const { proMonthly, support, onboarding } = offers();
    const crossed = {
      ...proMonthly,
      zuora: {
        productRatePlanId: proMonthly.zuora?.productRatePlanId ?? "",
        productRatePlanChargeId: support.zuora?.productRatePlanChargeId ?? "",
      },
    };
    const wrongCharge = await rejection(provider.preview(orderRequest({ lines: [line(crossed, 1500)] })));
    expect(wrongCharge.message).toContain("Invalid product rate plan charge id");
    // A one-time offer sent as recurring: the charge takes oneTimePerUnit only.
    const asMonthly = { ...onboarding, billingPeriod: "month" as const };
    const wrongPricing = await rejection(provider.preview(orderRequest({ lines: [line(asMonthly, 9900)] })));
    expect(wrongPricing.message).toMatch(/pricing\.recurringPerUnit does not fit the charge PRPC-\d{8}/);
  });
});

describe("zuora failures", () => {
  it("a business error answered with HTTP 200 is a refusal with Zuora's reason", async () => {
    const zuora = { productRatePlanId: "0".repeat(32), productRatePlanChargeId: "1".repeat(32) };
    const unknown = { ...offers().proMonthly, zuora };
    const error = await rejection(provider.preview(orderRequest({ lines: [line(unknown, 1500)] })));
    expect(error.code).toBe("UPSTREAM_FAILED");
    expect(error.message).toBe(`Zuora refused the order: Invalid product rate plan id: ${"0".repeat(32)}`);
  });

  it("5xx, time-outs, garbage and wrong shapes become UPSTREAM_FAILED; recovery works", async () => {
    const quick = new ZuoraBillingProvider({ ...settings(), timeoutMs: 200, now: () => clock });
    const onPreview = { match: (r: { path: string }) => r.path === "/v1/orders/preview" };

    fake.setMode("fail", onPreview);
    expect((await rejection(quick.preview(orderRequest()))).message).toBe(
      "Zuora failed to process the request (HTTP 503)",
    );
    fake.setMode("timeout", onPreview);
    const started = Date.now();
    expect((await rejection(quick.preview(orderRequest()))).message).toBe("Zuora did not answer in time");
    expect(Date.now() - started).toBeLessThan(1500);
    fake.setMode("garbage", onPreview);
    expect((await rejection(quick.preview(orderRequest()))).message).toBe(
      "Zuora gave an answer that could not be understood",
    );
    fake.setMode("wrong-shape", onPreview);
    expect((await rejection(quick.preview(orderRequest()))).message).toBe(
      "Zuora gave an answer that could not be understood",
    );

    fake.recover();
    expect((await quick.preview(orderRequest())).priced.total).toBe(12900);
  });

  it("a token endpoint that hangs is a time-out too; wrong credentials never show the secret", async () => {
    const quick = new ZuoraBillingProvider({ ...settings(), timeoutMs: 200, now: () => clock });
    fake.setMode("timeout", { match: (r) => r.path === "/oauth/token" });
    expect((await rejection(quick.preview(orderRequest()))).message).toBe("Zuora did not answer in time");
    fake.recover();

    const wrong = new ZuoraBillingProvider({
      ...settings(),
      clientSecret: "wrong-secret-value",
      timeoutMs: 3000,
    });
    const error = await rejection(wrong.preview(orderRequest()));
    expect(error.message).toBe("Zuora rejected this server's credentials");
    expect(JSON.stringify({ message: error.message, details: error.details })).not.toContain(
      "wrong-secret-value",
    );
  });
});

describe("zuora token", () => {
  it("is reused until shortly before it expires, and renewed after a 401", async () => {
    const own = new ZuoraBillingProvider({ ...settings(), timeoutMs: 3000, now: () => clock });
    const before = fake.tokensIssued();
    await own.preview(orderRequest());
    await own.preview(orderRequest());
    await own.submit(orderRequest(), "zuora-token-1");
    expect(fake.tokensIssued() - before).toBe(1);

    clock += 3600_000 - 30_000; // inside the renewal margin, still valid at Zuora
    await own.preview(orderRequest());
    expect(fake.tokensIssued() - before).toBe(2);

    fake.revokeTokens();
    await own.preview(orderRequest());
    expect(fake.tokensIssued() - before).toBe(3);
  });
});

describe("zuora multi-entity tenant", () => {
  it("names the configured entity in Zuora-Entity-Ids; without it such a tenant refuses", async () => {
    const tenant = await startZuoraFake({ now: () => clock, entityIds: ["entity-uk", "entity-de"] });
    const plans = zuoraTenant(tenant);
    const base = {
      baseUrl: tenant.url,
      clientId: tenant.clientId,
      clientSecret: tenant.clientSecret,
      timeoutMs: 3000,
    };
    try {
      const inEntity = new ZuoraBillingProvider({ ...base, entityId: "entity-de", now: () => clock });
      const { priced } = await inEntity.preview(plans.request());
      expect(priced.total).toBeGreaterThan(0);
      expect(tenant.requestsTo("POST", "/v1/orders/preview").at(-1)?.headers["zuora-entity-ids"]).toBe(
        "entity-de",
      );

      const unnamed = new ZuoraBillingProvider({ ...base, now: () => clock });
      const refused = await rejection(unnamed.preview(plans.request()));
      expect(refused.message).toMatch(/Zuora-Entity-Ids is required/);
    } finally {
      await tenant.close();
    }
  });
});
