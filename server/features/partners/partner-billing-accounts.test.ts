// The partner's own billing accounts (`partner update --zuora-account / --stripe-customer`) and
// the partner as invoice owner through the order services, on the test database (SQLite, or
// PostgreSQL with TEST_DATABASE_URL), against the Stripe fake.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedPartners } from "../../../tests/helpers/fixtures";
import { newOrder } from "../../../tests/helpers/order-test-kit";
import { type StripePartner, stripePartner } from "../../../tests/helpers/stripe-partner";
import { createTestDatabase, type TestDatabase } from "../../../tests/helpers/test-database";
import { DomainError } from "../../domain/domain-error";
import { createStripeClient } from "../../infra/billing/stripe-client";
import type { Output } from "../../transport/cli/cli-io";
import { partnerList, partnerUpdate } from "../../transport/cli/partner-commands";
import { errorToProblem } from "../../transport/http/problem";
import { previewOrder } from "../orders/preview-order";
import { submitOrder } from "../orders/submit-order";
import { updatePartner } from "./update-partner";

let t: TestDatabase;
let billed: StripePartner;
const operator = { name: "test-operator" };

beforeAll(async () => {
  t = await createTestDatabase();
  await seedPartners(t.db);
  billed = await stripePartner(t.db, "stripe-owner");
});
afterAll(async () => {
  await billed?.close();
  await t?.close();
});

async function rejection(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

function capture(): Output & { texts: string[]; values: Record<string, unknown>[] } {
  const texts: string[] = [];
  const values: Record<string, unknown>[] = [];
  return {
    json: false,
    texts,
    values,
    result(value, text) {
      values.push(value);
      texts.push(text);
    },
    info() {},
  };
}

describe("partner update --zuora-account / --stripe-customer", () => {
  it("sets, shows and clears the partner's accounts, audited", async () => {
    const out = capture();
    await partnerUpdate(
      t.db,
      operator,
      { partner: "globex", "zuora-account": "a00000042", "stripe-customer": "cus_NffrFeUfNV2Hib" },
      out,
    );
    expect(out.values[0]?.partner).toMatchObject({
      zuoraAccountNumber: "A00000042",
      stripeCustomerId: "cus_NffrFeUfNV2Hib",
    });
    expect(out.texts[0]).toContain("Zuora account: A00000042");
    expect(out.texts[0]).toContain("Stripe customer: cus_NffrFeUfNV2Hib");

    const listed = capture();
    await partnerList(t.db, listed);
    expect(listed.texts[0]).toMatch(/globex[\s\S]*Zuora account: A00000042/);

    const audit = await t.db.auditEvent.findFirst({
      where: { action: "partner.updated" },
      orderBy: { createdAt: "desc" },
    });
    expect(JSON.stringify(audit)).toContain("A00000042");

    const cleared = capture();
    await partnerUpdate(t.db, operator, { partner: "globex", "zuora-account": "none" }, cleared);
    expect(cleared.values[0]?.partner).toMatchObject({
      zuoraAccountNumber: null,
      stripeCustomerId: "cus_NffrFeUfNV2Hib",
    });
  });

  it.each([
    ["zuoraAccountNumber", "42"],
    ["zuoraAccountNumber", "A42"],
    ["zuoraAccountNumber", "8ad09be48db5aba7018db604cc3d0d8b"],
    ["stripeCustomerId", "acct_1Nv0FGQ9RKHgCVdK"],
    ["stripeCustomerId", "cus_"],
    ["stripeCustomerId", "cus_abc def"],
  ])("refuses %s %j, changing nothing", async (field, value) => {
    const before = await t.db.partner.findUniqueOrThrow({ where: { slug: "globex" } });
    const error = await rejection(updatePartner(t.db, operator, { partner: "globex", [field]: value }));
    expect(error.code).toBe("VALIDATION");
    expect(error.message).toMatch(
      field === "zuoraAccountNumber" ? /Zuora account number/ : /Stripe customer id/,
    );
    const after = await t.db.partner.findUniqueOrThrow({ where: { slug: "globex" } });
    expect(after.updatedAt).toEqual(before.updatedAt);
  });
});

describe("a Stripe-billed partner that owns the invoice", () => {
  it("without its Stripe customer: preview and submit are refused with a 422 problem, nothing stored or billed", async () => {
    await updatePartner(t.db, operator, {
      partner: "stripe-owner",
      invoiceOwner: "partner",
      stripeCustomerId: null,
    });
    const body = newOrder([{ id: "pro-monthly", quantity: 1 }]);
    const orders = await t.db.order.count();
    const stripeCalls = billed.stripe.requests.length;

    // The preview is refused like the submission (as an offer not mapped at Zuora is).
    const refusedPreview = await rejection(previewOrder(t.db, billed.scope, body, billed.deps()));
    expect(refusedPreview.code).toBe("INELIGIBLE");
    expect(refusedPreview.details.problems).toEqual([
      {
        code: "PARTNER_BILLING_ACCOUNT_MISSING",
        path: "",
        message: expect.stringMatching(/Stripe customer/),
      },
    ]);

    const error = await rejection(
      submitOrder(t.db, billed.scope, body, { idempotencyKey: "owner-missing" }, billed.deps()),
    );
    expect(error.code).toBe("INELIGIBLE");
    const { response } = errorToProblem(error, "/partner/orders");
    expect(response.status).toBe(422);
    const problem = (await response.json()) as { problems: { code: string }[] };
    expect(problem.problems.map((p) => p.code)).toEqual(["PARTNER_BILLING_ACCOUNT_MISSING"]);

    expect(await t.db.order.count()).toBe(orders);
    expect(billed.stripe.requests.length).toBe(stripeCalls);
  });

  it("with its Stripe customer: the subscription is the partner's customer's; the end customer gets none", async () => {
    const stripe = createStripeClient({
      secretKey: billed.stripe.secretKey,
      apiBase: billed.stripe.url,
      timeoutMs: 2000,
    });
    const partnerCustomer = (
      await stripe.customers.create({ name: "Stripe Owner Ltd", address: { country: "GB" } })
    ).id;
    await updatePartner(t.db, operator, {
      partner: "stripe-owner",
      invoiceOwner: "partner",
      stripeCustomerId: partnerCustomer,
    });

    const { order } = await submitOrder(
      t.db,
      billed.scope,
      newOrder([{ id: "pro-monthly", quantity: 2 }]),
      { idempotencyKey: "owner-ok" },
      billed.deps(),
    );
    const stored = await t.db.order.findUniqueOrThrow({
      where: { id: order.id },
      select: { subscription: { select: { providerSubscriptionId: true } }, customer: true },
    });
    const subscription = billed.stripe.subscriptions.get(stored.subscription?.providerSubscriptionId ?? "");
    expect(subscription?.customer).toBe(partnerCustomer);
    // A customer the order creates has no owner id yet when Stripe is asked: named by name and email.
    expect(subscription?.metadata).toMatchObject({
      end_customer_name: "Ada Lovelace",
      end_customer_email: stored.customer.email,
    });
    expect(stored.customer.providerCustomerId).toBeNull();
  });
});
