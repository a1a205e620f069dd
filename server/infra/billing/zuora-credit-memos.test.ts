// Zuora previews with credits (issue 13, Zuora item 4). A change_offer credits the removed products:
// as negative invoice items on a tenant without Invoice Settlement, as credit memos (positive
// amounts, previewResult.creditMemos) on a tenant with it. The Zuora fake's billing
// (tests/fakes/zuora/fake-billing.ts) computes the documents itself; the mapping must give the
// same figures from either answer, add up, and match Zuora's own totals.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { line, OFFERS, orderRequest } from "../../../tests/fakes/order-request-fixture";
import { previewBillingDocuments } from "../../../tests/fakes/zuora/fake-billing";
import {
  type CreditMemoRule,
  type FakeSubscription,
  hex,
  type SubscriptionPlan,
  ZuoraFakeState,
} from "../../../tests/fakes/zuora/fake-state";
import { startZuoraFake, type ZuoraFake } from "../../../tests/fakes/zuora-fake-server";
import { FIXTURE_PLANS, refOf, zuoraTenant } from "../../../tests/helpers/zuora-tenant";
import { pricedLineItemSchema, scheduleEntrySchema } from "../../domain/order-response-schemas";
import type { PricedOrder, ProviderOfferLine, ProviderOrderRequest } from "./billing-provider";
import { ProviderFiguresError } from "./provider-invoice-folding";
import { zuoraPreviewToPricedOrder } from "./zuora-preview-mapping";
import { ZuoraBillingProvider } from "./zuora-provider";
import { zuoraPreviewAnswerSchema } from "./zuora-schemas";

type OfferKey = keyof typeof OFFERS;
type Tenant = "no settlement" | CreditMemoRule;

const ORDER_DATE = "2026-03-15";
const TAX_BPS = 2000;
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/**
 * A change_offer previewed by the fake's billing on a tenant: the stored subscription has `from`,
 * the order removes it and adds `to`. Answers Zuora's parsed preview answer and the order request.
 */
function changeOffer(
  tenant: Tenant,
  from: { offer: OfferKey; quantity: number },
  to: { offer: OfferKey; unitAmount: number; quantity: number }[],
) {
  const state = new ZuoraFakeState(
    TAX_BPS,
    tenant === "no settlement" ? {} : { invoiceSettlement: true, creditMemoRule: tenant },
  );
  const registered = Object.fromEntries(
    (Object.keys(OFFERS) as OfferKey[]).map((key) => [
      key,
      state.addPlan({ sku: OFFERS[key].productCode, ...FIXTURE_PLANS[key] }),
    ]),
  ) as Record<OfferKey, ReturnType<ZuoraFakeState["addPlan"]>>;
  const planOf = (key: OfferKey, quantity: number, removed = false): SubscriptionPlan => {
    const plan = state.plans.get(registered[key].productRatePlanId);
    if (!plan) throw new Error(`no plan for ${key}`);
    return { id: hex(16), plan, quantity, removed };
  };
  const stored: FakeSubscription = {
    number: "A-S00000099",
    id: hex(16),
    accountNumber: "A00000098",
    termType: "EVERGREEN",
    termMonths: null,
    status: "Active",
    plans: [planOf(from.offer, from.quantity)],
  };
  state.subscriptions.set(stored.number, stored);
  // What the order does, on a copy (as the fake's order handling does).
  const ordered: FakeSubscription = {
    ...stored,
    plans: [
      ...stored.plans.map((p) => ({ ...p, removed: true })),
      ...to.map((t) => planOf(t.offer, t.quantity)),
    ],
  };
  const documents = previewBillingDocuments(state, ordered, "GBP", ORDER_DATE, 12);
  // Through JSON and the provider's schema, as the answer reaches the mapping.
  const answer = zuoraPreviewAnswerSchema.parse(
    JSON.parse(JSON.stringify({ success: true, previewResult: documents })),
  );
  const lines: ProviderOfferLine[] = to.map((t) =>
    line({ ...OFFERS[t.offer], zuora: refOf(registered[t.offer]) }, t.unitAmount, t.quantity),
  );
  const request = orderRequest({ orderType: "change_offer", lines, orderDate: ORDER_DATE });
  return { answer, request };
}

function priced(
  answer: ReturnType<typeof changeOffer>["answer"],
  request: ProviderOrderRequest,
): PricedOrder {
  return zuoraPreviewToPricedOrder(
    answer.previewResult.invoices ?? [],
    request,
    answer.previewResult.creditMemos ?? [],
  );
}

function expectConsistent(order: PricedOrder): void {
  for (const entry of [{ lineItems: order.lineItems, amount: order.total }, ...order.schedule]) {
    for (const l of entry.lineItems) {
      for (const value of [l.unitAmount, l.amountWithoutTax, l.discountAmount, l.taxAmount, l.amount]) {
        expect(Number.isSafeInteger(value) && value >= 0).toBe(true);
      }
      expect(l.amount).toBe(l.amountWithoutTax + l.taxAmount);
    }
    expect(entry.amount).toBe(sum(entry.lineItems.map((l) => l.amount)));
  }
  expect(order.subtotal - order.discountTotal - (order.creditTotal ?? 0) + order.taxTotal).toBe(order.total);
  for (const l of order.lineItems) pricedLineItemSchema.parse(l);
  for (const entry of order.schedule) scheduleEntrySchema.parse(entry);
}

/** The figures of one order, without the ids a tenant generated. */
const figures = (order: PricedOrder) => JSON.parse(JSON.stringify(order)) as PricedOrder;

describe("zuora previews with credit memos (Invoice Settlement)", () => {
  it("a change_offer whose credit is smaller than the new charges: the same figures with or without", () => {
    const from = { offer: "proMonthly" as const, quantity: 2 };
    const to = [{ offer: "support" as const, unitAmount: 4000, quantity: 3 }];
    const without = changeOffer("no settlement", from, to);
    const negative = changeOffer("NegativeCharges", from, to);
    const netNegative = changeOffer("NetNegativeTotals", from, to);

    // Without: one invoice holding the credit as a negative item.
    expect(without.answer.previewResult.creditMemos).toEqual([]);
    expect(without.answer.previewResult.invoices?.[0]).toMatchObject({ amount: 108, taxAmount: 18 });
    // Negative charges on a credit memo: an invoice of the new charges and a memo of positive credit.
    expect(negative.answer.previewResult.invoices?.[0]).toMatchObject({
      targetDate: ORDER_DATE,
      amount: 144,
      amountWithoutTax: 120,
      taxAmount: 24,
    });
    expect(negative.answer.previewResult.creditMemos).toEqual([
      expect.objectContaining({ targetDate: ORDER_DATE, amount: 36, amountWithoutTax: 30, taxAmount: 6 }),
    ]);
    expect(negative.answer.previewResult.creditMemos?.[0]?.creditMemoItems).toEqual([
      expect.objectContaining({
        amountWithoutTax: 30,
        taxAmount: 6,
        serviceStartDate: ORDER_DATE,
        serviceEndDate: "2026-04-14",
        processingType: "Charge",
      }),
    ]);
    // Net positive: the default rule makes no memo.
    expect(netNegative.answer.previewResult.creditMemos).toEqual([]);

    const expected = priced(without.answer, without.request);
    expect(expected).toMatchObject({
      subtotal: 12000,
      discountTotal: 0,
      creditTotal: 3000,
      taxTotal: 1800,
      total: 10800,
      creditCarriedForward: 0,
    });
    expect(expected.lineItems).toEqual([
      expect.objectContaining({ quantity: 3, amountWithoutTax: 9000, creditAmount: 3000, taxAmount: 1800 }),
    ]);
    expect(expected.schedule).toHaveLength(12);
    expect(expected.schedule.slice(0, 3).map((e) => e.amount)).toEqual([10800, 14400, 14400]);
    for (const other of [negative, netNegative]) {
      const order = priced(other.answer, other.request);
      expectConsistent(order);
      expect(figures(order)).toEqual(figures(expected));
    }
    expectConsistent(expected);
  });

  it("a credit larger than the new charges is carried forward, whichever documents Zuora makes", () => {
    const from = { offer: "teamAnnual" as const, quantity: 1 };
    const to = [{ offer: "proMonthly" as const, unitAmount: 1500, quantity: 2 }];
    const without = changeOffer("no settlement", from, to);
    const negative = changeOffer("NegativeCharges", from, to);
    const netNegative = changeOffer("NetNegativeTotals", from, to);

    expect(without.answer.previewResult.invoices?.[0]).toMatchObject({ amount: -1404, taxAmount: -234 });
    expect(negative.answer.previewResult.invoices?.[0]).toMatchObject({ targetDate: ORDER_DATE, amount: 36 });
    expect(negative.answer.previewResult.creditMemos).toEqual([
      expect.objectContaining({ targetDate: ORDER_DATE, amount: 1440, taxAmount: 240 }),
    ]);
    // Net negative: a credit memo and no invoice at all for the order date; the memo's new charge
    // is a negative (debit) item.
    expect(netNegative.answer.previewResult.invoices?.map((i) => i.targetDate)).not.toContain(ORDER_DATE);
    expect(netNegative.answer.previewResult.creditMemos).toEqual([
      expect.objectContaining({
        targetDate: ORDER_DATE,
        amount: 1404,
        amountWithoutTax: 1170,
        taxAmount: 234,
      }),
    ]);
    expect(
      netNegative.answer.previewResult.creditMemos?.[0]?.creditMemoItems.map((i) => i.amountWithoutTax),
    ).toEqual([-30, 1200]);

    const expected = priced(without.answer, without.request);
    expect(expected).toMatchObject({
      subtotal: 3000,
      creditTotal: 3000,
      taxTotal: 0,
      total: 0,
      creditCarriedForward: 117000,
    });
    expect(expected.schedule[0]).toMatchObject({ date: ORDER_DATE, amount: 0, creditAmount: 3000 });
    expect(expected.schedule.slice(1, 3).map((e) => e.amount)).toEqual([3600, 3600]);
    for (const other of [negative, netNegative]) {
      const order = priced(other.answer, other.request);
      expectConsistent(order);
      expect(figures(order)).toEqual(figures(expected));
    }
  });

  it("a date with only a credit memo is a schedule entry of its own", () => {
    const request = orderRequest({ lines: [line(OFFERS.proMonthly, 1500, 2)] });
    const order = zuoraPreviewToPricedOrder([], request, [
      {
        amount: "12.00",
        amountWithoutTax: "10.00",
        taxAmount: "2.00",
        targetDate: ORDER_DATE,
        creditMemoItems: [
          { amountWithoutTax: "10.00", taxAmount: "2.00", processingType: "Charge", chargeName: "Old plan" },
        ],
      },
    ]);
    expect(order.lineItems).toEqual([]);
    expect(order).toMatchObject({ total: 0, creditTotal: 0, creditCarriedForward: 1000 });
    expect(order.schedule).toEqual([
      expect.objectContaining({ date: ORDER_DATE, amount: 0, creditAmount: 0, lineItems: [] }),
    ]);
  });

  it("refuses a credit memo whose amounts do not match its items", () => {
    const { answer, request } = changeOffer("NegativeCharges", { offer: "proMonthly", quantity: 2 }, [
      { offer: "support", unitAmount: 4000, quantity: 3 },
    ]);
    const memos = answer.previewResult.creditMemos ?? [];
    const invoices = answer.previewResult.invoices ?? [];
    const wrongTotal = memos.map((m) => ({ ...m, amount: 37 }));
    expect(() => zuoraPreviewToPricedOrder(invoices, request, wrongTotal)).toThrow(ProviderFiguresError);
    const wrongTax = memos.map((m) => ({ ...m, amount: 37, taxAmount: 7 }));
    expect(() => zuoraPreviewToPricedOrder(invoices, request, wrongTax)).toThrow(ProviderFiguresError);
    // Read with the wrong sign (credit taken as a charge), the figures would not add up either.
    const negated = memos.map((m) => ({ ...m, amount: -36, amountWithoutTax: -30, taxAmount: -6 }));
    expect(() => zuoraPreviewToPricedOrder(invoices, request, negated)).toThrow(ProviderFiguresError);
  });
});

describe.each([
  ["without Invoice Settlement", {}],
  [
    "with Invoice Settlement (negative charges on a memo)",
    { invoiceSettlement: true, creditMemoRule: "NegativeCharges" },
  ],
  [
    "with Invoice Settlement (net negative totals)",
    { invoiceSettlement: true, creditMemoRule: "NetNegativeTotals" },
  ],
] as const)("zuora change_offer preview through the fake, %s", (_, settlement) => {
  let fake: ZuoraFake;
  let provider: ZuoraBillingProvider;
  const clock = Date.parse(`${ORDER_DATE}T09:00:00Z`);
  beforeAll(async () => {
    fake = await startZuoraFake({ now: () => clock, taxRateBps: TAX_BPS, ...settlement });
    provider = new ZuoraBillingProvider({
      baseUrl: fake.url,
      clientId: fake.clientId,
      clientSecret: fake.clientSecret,
      timeoutMs: 3000,
      now: () => clock,
    });
  });
  afterAll(() => fake.close());

  it("credits the removed products: the same figures whichever documents Zuora answers", async () => {
    const tenant = zuoraTenant(fake);
    const base = tenant.request({ lines: [line(tenant.offers.proMonthly, 1500, 2)] });
    const result = await provider.submit(base, "credit-memos-base");
    const change = tenant.request({
      orderType: "change_offer",
      customer: { ...base.customer, providerCustomerId: result.providerCustomerId },
      subscription: {
        reference: "SUBREF000003",
        providerSubscriptionId: result.providerSubscriptionId,
        termEnd: null,
      },
      lines: [line(tenant.offers.support, 4000, 3)],
    });
    const { priced: order, providerResult } = await provider.preview(change);
    expectConsistent(order);
    const memos = changeOffer("NegativeCharges", { offer: "proMonthly", quantity: 2 }, [
      { offer: "support", unitAmount: 4000, quantity: 3 },
    ]);
    expect(figures(order)).toEqual(figures(priced(memos.answer, memos.request)));
    expect(order).toMatchObject({ creditTotal: 3000, total: 10800 });
    const answered = (providerResult as { previewResult: { creditMemos?: unknown[] } }).previewResult;
    // Only "negative charges on a memo" splits this bill: its net total is positive.
    const split = "creditMemoRule" in settlement && settlement.creditMemoRule === "NegativeCharges";
    expect((answered.creditMemos ?? []).length > 0).toBe(split);
  });
});
