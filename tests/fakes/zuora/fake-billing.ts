// How the Zuora fake previews invoices: NumberOfPeriods billing periods from the order date;
// monthly charges every month, annual ones every 12 months, one-time charges on the first
// invoice; a discount plan subtracts its percentage or amount for `upToPeriods` periods as a
// separate negative "Discount" item; tax, when a rate is set, is per item, rounded half up. A
// termed subscription stops billing at the end of its term. Amounts are JSON numbers, like Zuora.
// Credit for removed products: a preview's periods begin on the order date, so a recurring plan the
// order removes was billed in advance for the period beginning then and is credited that whole
// period on the first bill, as a negative "Charge" item (tax credited at the same rate). One-time
// and discount plans get no credit. Without Invoice Settlement the credit stays on the invoice
// (whose total may then be negative); with it (ZuoraFakeState.invoiceSettlement) the bill is split
// by the tenant's generation rule into an invoice and a credit memo whose items and amounts carry
// the opposite sign (positive = credit), as Zuora's previewResult.creditMemos do.
import { addMonthsUtc } from "../../../server/domain/dates";
import { formatMinorUnits, minorUnitExponent } from "../../../server/domain/money";
import {
  BusinessError,
  type FakeSubscription,
  isoDay,
  type Json,
  minorOf,
  roundHalfUp,
  type SubscriptionPlan,
  type ZuoraFakeState,
} from "./fake-state";

const DAY_MS = 86_400_000;

const decimal = (minor: number, currency: string) => Number(formatMinorUnits(minor, currency));

type Item = { json: Json; net: number; tax: number };

function invoiceItem(
  state: ZuoraFakeState,
  entry: SubscriptionPlan,
  currency: string,
  period: { start: Date; end: Date },
  net: number,
  unit: number,
  subscriptionNumber: string,
  processingType: "Charge" | "Discount",
): Item {
  const tax = state.taxRateBps > 0 ? roundHalfUp(net * state.taxRateBps, 10_000) : 0;
  return {
    net,
    tax,
    json: {
      serviceStartDate: isoDay(period.start),
      serviceEndDate: isoDay(period.end),
      amountWithoutTax: decimal(net, currency),
      taxAmount: decimal(tax, currency),
      chargeDescription: "",
      chargeName: entry.plan.charges[0]?.name ?? entry.plan.name,
      chargeNumber: null,
      processingType,
      productName: entry.plan.productName ?? entry.plan.name,
      productRatePlanChargeId: entry.plan.productRatePlanChargeId,
      unitPrice: decimal(unit, currency),
      subscriptionNumber,
      orderLineItemNumber: null,
      taxationItems: [],
      additionalInfo: { quantity: entry.quantity, unitOfMeasure: "Each", numberOfDeliveries: 0 },
    },
  };
}

/** Recurring charge plans this order removes (removed in the order, not in the stored subscription). */
function removedByOrder(state: ZuoraFakeState, subscription: FakeSubscription): SubscriptionPlan[] {
  const stored = state.subscriptions.get(subscription.number);
  return subscription.plans.filter(
    (p) =>
      p.removed &&
      !p.plan.discount &&
      p.plan.billingPeriod !== "OneTime" &&
      stored?.plans.some((q) => q.id === p.id && !q.removed) === true,
  );
}

const sumOf = (items: readonly Item[], pick: (item: Item) => number) =>
  items.reduce((sum, i) => sum + pick(i), 0);

function invoiceOf(items: readonly Item[], date: string, currency: string): Json {
  const net = sumOf(items, (i) => i.net);
  const tax = sumOf(items, (i) => i.tax);
  return {
    amount: decimal(net + tax, currency),
    amountWithoutTax: decimal(net, currency),
    taxAmount: decimal(tax, currency),
    targetDate: date,
    invoiceItems: items.map((i) => i.json),
  };
}

/** A credit memo of bill items: each item and the memo's amounts with the sign of credit. */
function creditMemoOf(items: readonly Item[], date: string, currency: string): Json {
  const net = -sumOf(items, (i) => i.net);
  const tax = -sumOf(items, (i) => i.tax);
  return {
    amount: decimal(net + tax, currency),
    amountWithoutTax: decimal(net, currency),
    taxAmount: decimal(tax, currency),
    targetDate: date,
    creditMemoItems: items.map((i) => ({
      ...i.json,
      amountWithoutTax: decimal(-i.net, currency),
      taxAmount: decimal(-i.tax, currency),
    })),
  };
}

export type PreviewDocuments = { invoices: Json[]; creditMemos: Json[] };

/** What "Preview an order" answers for one subscription: previewResult.invoices and creditMemos. */
export function previewBillingDocuments(
  state: ZuoraFakeState,
  subscription: FakeSubscription,
  currency: string,
  orderDate: string,
  periods: number,
): PreviewDocuments {
  const active = subscription.plans.filter((p) => !p.removed);
  const charges = active.filter((p) => !p.plan.discount);
  const discounts = active.filter((p) => p.plan.discount);
  const removed = removedByOrder(state, subscription);
  for (const charge of [...charges, ...removed]) {
    if (charge.plan.prices[currency] === undefined) {
      throw new BusinessError(
        53100320,
        `Rate plan ${charge.plan.productRatePlanId} has no price in ${currency}`,
      );
    }
  }
  const periodsOf = (p: SubscriptionPlan) => p.plan.billingPeriod;
  const step = charges.some((c) => periodsOf(c) === "Month")
    ? 1
    : charges.some((c) => periodsOf(c) === "Annual")
      ? 12
      : 0;
  const start = new Date(`${orderDate}T00:00:00Z`);
  const documents: PreviewDocuments = { invoices: [], creditMemos: [] };
  const billedPeriod = (charge: SubscriptionPlan, date: Date) => {
    const period = periodsOf(charge);
    const months = period === "Annual" ? 12 : 1;
    const end = period === "OneTime" ? date : new Date(addMonthsUtc(date, months).getTime() - DAY_MS);
    // A flat fee is its price, whatever the quantity.
    const unit = minorOf(charge.plan.prices[currency] ?? "0", currency);
    const units = charge.plan.chargeModel === "FlatFee" ? 1 : charge.quantity;
    return { period: { start: date, end }, unit, net: unit * units };
  };
  for (let k = 0; k < (step === 0 ? 1 : periods); k += 1) {
    const offset = k * step;
    if (subscription.termMonths !== null && offset >= subscription.termMonths) break;
    const date = addMonthsUtc(start, offset);
    const items: Item[] = [];
    for (const charge of charges) {
      const period = periodsOf(charge);
      const billed = period === "OneTime" ? k === 0 : period === "Month" || offset % 12 === 0;
      if (!billed) continue;
      const bill = billedPeriod(charge, date);
      items.push(
        invoiceItem(state, charge, currency, bill.period, bill.net, bill.unit, subscription.number, "Charge"),
      );
    }
    const chargeTotal = items.reduce((sum, i) => sum + i.net, 0);
    for (const discount of discounts) {
      if (discount.upToPeriods !== null && discount.upToPeriods !== undefined && k >= discount.upToPeriods)
        continue;
      const value = discount.discountValue ?? 0;
      const off =
        discount.plan.discount === "percent"
          ? roundHalfUp(chargeTotal * value, 100)
          : Math.min(minorOf(value.toFixed(minorUnitExponent(currency)), currency), chargeTotal);
      if (off > 0) {
        items.push(
          invoiceItem(
            state,
            discount,
            currency,
            { start: date, end: date },
            -off,
            0,
            subscription.number,
            "Discount",
          ),
        );
      }
    }
    if (k === 0) {
      for (const plan of removed) {
        const bill = billedPeriod(plan, date);
        items.push(
          invoiceItem(
            state,
            plan,
            currency,
            bill.period,
            -bill.net,
            bill.unit,
            subscription.number,
            "Charge",
          ),
        );
      }
    }
    if (items.length === 0) continue;
    const day = isoDay(date);
    if (!state.invoiceSettlement) {
      documents.invoices.push(invoiceOf(items, day, currency));
    } else if (state.creditMemoRule === "NetNegativeTotals") {
      const total = sumOf(items, (i) => i.net + i.tax);
      if (total < 0) documents.creditMemos.push(creditMemoOf(items, day, currency));
      else documents.invoices.push(invoiceOf(items, day, currency));
    } else {
      // Negative charges (not discounts: they go with the charges they reduce) on a credit memo.
      const isCredit = (i: Item) => i.net < 0 && i.json.processingType === "Charge";
      const invoiced = items.filter((i) => !isCredit(i));
      const credited = items.filter(isCredit);
      if (invoiced.length > 0) documents.invoices.push(invoiceOf(invoiced, day, currency));
      if (credited.length > 0) documents.creditMemos.push(creditMemoOf(credited, day, currency));
    }
  }
  return documents;
}

/**
 * previewResult.invoices alone, for a tenant without Invoice Settlement (with it, the credit memos
 * would be lost: use previewBillingDocuments).
 */
export function previewInvoices(
  state: ZuoraFakeState,
  subscription: FakeSubscription,
  currency: string,
  orderDate: string,
  periods: number,
): Json[] {
  if (state.invoiceSettlement) {
    throw new Error(
      "the fake's tenant has Invoice Settlement: answer previewBillingDocuments' credit memos too",
    );
  }
  return previewBillingDocuments(state, subscription, currency, orderDate, periods).invoices;
}
