// How the Zuora fake previews invoices: NumberOfPeriods billing periods from the order date;
// monthly charges every month, annual ones every 12 months, one-time charges on the first
// invoice; a discount plan subtracts its percentage or amount for `upToPeriods` periods as a
// separate negative "Discount" item; tax, when a rate is set, is per item, rounded half up. A
// termed subscription stops billing at the end of its term. Amounts are JSON numbers, like Zuora.
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

export function previewInvoices(
  state: ZuoraFakeState,
  subscription: FakeSubscription,
  currency: string,
  orderDate: string,
  periods: number,
): Json[] {
  const active = subscription.plans.filter((p) => !p.removed);
  const charges = active.filter((p) => !p.plan.discount);
  const discounts = active.filter((p) => p.plan.discount);
  for (const charge of charges) {
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
  const invoices: Json[] = [];
  for (let k = 0; k < (step === 0 ? 1 : periods); k += 1) {
    const offset = k * step;
    if (subscription.termMonths !== null && offset >= subscription.termMonths) break;
    const date = addMonthsUtc(start, offset);
    const items: Item[] = [];
    for (const charge of charges) {
      const period = periodsOf(charge);
      const billed = period === "OneTime" ? k === 0 : period === "Month" || offset % 12 === 0;
      if (!billed) continue;
      const unit = minorOf(charge.plan.prices[currency] ?? "0", currency);
      // A flat fee is its price, whatever the quantity.
      const units = charge.plan.chargeModel === "FlatFee" ? 1 : charge.quantity;
      const months = period === "Annual" ? 12 : 1;
      const end = period === "OneTime" ? date : new Date(addMonthsUtc(date, months).getTime() - DAY_MS);
      items.push(
        invoiceItem(
          state,
          charge,
          currency,
          { start: date, end },
          unit * units,
          unit,
          subscription.number,
          "Charge",
        ),
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
    if (items.length === 0) continue;
    const net = items.reduce((sum, i) => sum + i.net, 0);
    const tax = items.reduce((sum, i) => sum + i.tax, 0);
    invoices.push({
      amount: decimal(net + tax, currency),
      amountWithoutTax: decimal(net, currency),
      taxAmount: decimal(tax, currency),
      targetDate: isoDay(date),
      invoiceItems: items.map((i) => i.json),
    });
  }
  return invoices;
}
