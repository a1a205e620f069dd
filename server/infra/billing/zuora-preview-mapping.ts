// Zuora's order preview -> PricedOrder. Zuora previews 12 billing periods: every invoice becomes a
// schedule entry (by targetDate) and the first one gives the line items and totals.
//
// Per invoice item (decimals converted exactly, decimal-amounts.ts):
//   - a "Charge" item with a non-negative amount is a line: gross = amountWithoutTax, tax =
//     taxAmount, unit price and quantity as Zuora reports them; its offer is found through the
//     charge id stored with the offer (zuora-catalogue.ts);
//   - "Discount" items (negative) are the invoice's discount, spread over the lines;
//   - other negative items (credit for removed products) are the invoice's credit, used by the
//     lines in order, the rest carried forward (provider-invoice-folding.ts).
// Zuora's item taxes may carry more decimals than the currency; their rounding drift (at most one
// minor unit per item) is absorbed by the line with the largest tax, so the lines add up to the
// invoice's own taxAmount. The folded invoice must then match Zuora's amount and taxAmount.
//
// Credit memos (tenants with Invoice Settlement): the bill run puts negative charges (or a whole
// net negative bill) on a credit memo, whose items carry the opposite sign (positive = credit).
// The memos of a target date are folded with that date's (first) invoice as one bill: their items,
// sign reversed, join the invoice's, so a credit is the invoice's credit exactly as a negative
// invoice item would be, and the bill must match invoice amount - memo amount (and the same for
// tax). A date with memos and no invoice is a bill of its own, so it still has a schedule entry.
import type { BillingPeriod } from "../../domain/enums";
import { divideRounded, toSafeNumber } from "../../domain/money";
import type { PricedOrder, ProviderOfferLine, ProviderOrderRequest } from "./billing-provider";
import { decimalToMinorUnits } from "./decimal-amounts";
import {
  assertMatchesProviderTotals,
  type FoldedInvoice,
  foldInvoice,
  type NetAndTax,
  type ProviderCharge,
  ProviderFiguresError,
  pricedOrderFrom,
} from "./provider-invoice-folding";
import { zuoraRatePlanFor } from "./zuora-catalogue";
import type { ZuoraInvoiceItem, ZuoraPreviewCreditMemo, ZuoraPreviewInvoice } from "./zuora-schemas";

type Minor = (value: number | string | null | undefined) => number;

function linesByCharge(lines: readonly ProviderOfferLine[]): Map<string, ProviderOfferLine[]> {
  const map = new Map<string, ProviderOfferLine[]>();
  for (const line of lines) {
    const id = zuoraRatePlanFor(line.offer)?.productRatePlanChargeId;
    if (id) map.set(id, [...(map.get(id) ?? []), line]);
  }
  return map;
}

/** Zuora's service end date is inclusive; the API's periodEnd is exclusive. */
function exclusiveEnd(inclusive: string): string {
  const date = new Date(`${inclusive.slice(0, 10)}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

function quantityOf(item: ZuoraInvoiceItem, fallback: number): number {
  const raw = item.additionalInfo?.quantity;
  if (raw === null || raw === undefined) return fallback;
  const quantity = Number(raw);
  if (!Number.isSafeInteger(quantity) || quantity < 1) {
    throw new ProviderFiguresError(`quantity ${String(raw)} is not a whole number of units`);
  }
  return quantity;
}

function toCharge(
  item: ZuoraInvoiceItem,
  figures: { gross: number; tax: number },
  requestLine: ProviderOfferLine | undefined,
  minor: Minor,
): ProviderCharge {
  const { gross } = figures;
  const quantity = quantityOf(item, requestLine?.quantity ?? 1);
  const billingPeriod: BillingPeriod = requestLine?.offer.billingPeriod ?? "month";
  const recurring = billingPeriod !== "once" && item.serviceStartDate && item.serviceEndDate;
  const name = item.productName ?? item.chargeName ?? item.productRatePlanChargeId ?? "Zuora charge";
  return {
    offer: requestLine
      ? { id: requestLine.offer.id, version: requestLine.offer.version, name: requestLine.offer.name }
      : { id: item.productRatePlanChargeId ?? name, version: 1, name },
    description: requestLine?.offer.name ?? name,
    quantity,
    unitAmount:
      item.unitPrice === null || item.unitPrice === undefined
        ? toSafeNumber(divideRounded(BigInt(gross), BigInt(quantity)))
        : minor(item.unitPrice),
    billingPeriod,
    periodStart: recurring ? (item.serviceStartDate as string).slice(0, 10) : null,
    periodEnd: recurring ? exclusiveEnd(item.serviceEndDate as string) : null,
    gross,
    discount: 0,
    tax: figures.tax,
  };
}

function absorbTaxDrift(charges: ProviderCharge[], drift: number, itemCount: number): void {
  if (drift === 0) return;
  const largest = charges.reduce<ProviderCharge | undefined>(
    (best, c) => (!best || c.tax > best.tax ? c : best),
    undefined,
  );
  if (!largest || Math.abs(drift) > itemCount || largest.tax + drift < 0) {
    throw new ProviderFiguresError(`item taxes differ from the invoice tax by ${drift}`);
  }
  largest.tax += drift;
}

/** An item of a bill: invoice items as they are (sign 1), credit memo items reversed (sign -1). */
type BillItem = { item: ZuoraInvoiceItem; sign: 1 | -1 };

/** One target date's documents, their totals in minor units as Zuora computed them. */
type Bill = { date: string; items: BillItem[]; total: number; tax: number };

function foldBill(bill: Bill, requestLines: readonly ProviderOfferLine[], currency: string): FoldedInvoice {
  const minor: Minor = (value) =>
    value === null || value === undefined ? 0 : decimalToMinorUnits(value, currency);
  const byCharge = linesByCharge(requestLines);
  const charges: ProviderCharge[] = [];
  const discount: NetAndTax = { net: 0, tax: 0 };
  const credit: NetAndTax = { net: 0, tax: 0 };

  for (const { item, sign } of bill.items) {
    // `|| 0`: no negative zero from reversing a zero amount.
    const net = sign * minor(item.amountWithoutTax) || 0;
    const tax = sign * minor(item.taxAmount) || 0;
    if (item.processingType === "Discount") {
      discount.net += -net;
      discount.tax += -tax;
    } else if (net < 0) {
      credit.net += -net;
      credit.tax += -tax;
    } else {
      const requestLine = item.productRatePlanChargeId
        ? byCharge.get(item.productRatePlanChargeId)?.shift()
        : undefined;
      charges.push(toCharge(item, { gross: net, tax }, requestLine, minor));
    }
  }

  const itemTax = charges.reduce((sum, c) => sum + c.tax, 0) - discount.tax - credit.tax;
  absorbTaxDrift(charges, bill.tax - itemTax, bill.items.length);

  const folded = foldInvoice({
    date: bill.date,
    currency,
    charges,
    unattributedDiscount: discount,
    credit,
  });
  assertMatchesProviderTotals(folded, { total: bill.total, tax: bill.tax });
  return folded;
}

function minorIn(currency: string): (value: number | string) => number {
  return (value) => decimalToMinorUnits(value, currency);
}

function invoiceBill(invoice: ZuoraPreviewInvoice, currency: string): Bill {
  const minor = minorIn(currency);
  return {
    date: invoice.targetDate.slice(0, 10),
    items: invoice.invoiceItems.map((item) => ({ item, sign: 1 })),
    total: minor(invoice.amount),
    tax: minor(invoice.taxAmount),
  };
}

/** Adds a credit memo to a bill: its items reversed, its amounts subtracted. */
function withCreditMemo(bill: Bill, memo: ZuoraPreviewCreditMemo, currency: string): Bill {
  const minor = minorIn(currency);
  return {
    date: bill.date,
    items: [...bill.items, ...memo.creditMemoItems.map((item) => ({ item, sign: -1 as const }))],
    total: bill.total - minor(memo.amount),
    tax: bill.tax - minor(memo.taxAmount),
  };
}

export function zuoraInvoiceToFolded(
  invoice: ZuoraPreviewInvoice,
  requestLines: readonly ProviderOfferLine[],
  currency: string,
): FoldedInvoice {
  return foldBill(invoiceBill(invoice, currency), requestLines, currency);
}

/**
 * The previewed documents as bills, by target date: each invoice is a bill, and each credit memo
 * joins the first invoice of its date, or makes a bill of its own on a date without one.
 */
function billsOf(
  invoices: readonly ZuoraPreviewInvoice[],
  creditMemos: readonly ZuoraPreviewCreditMemo[],
  currency: string,
): Bill[] {
  const bills = invoices.map((invoice) => invoiceBill(invoice, currency));
  for (const memo of creditMemos) {
    const date = memo.targetDate.slice(0, 10);
    const index = bills.findIndex((b) => b.date === date);
    const base = index >= 0 ? bills[index] : undefined;
    const merged = withCreditMemo(base ?? { date, items: [], total: 0, tax: 0 }, memo, currency);
    if (index >= 0) bills[index] = merged;
    else bills.push(merged);
  }
  // Stable: invoices of one date keep Zuora's order.
  return bills.sort((a, b) => a.date.localeCompare(b.date));
}

export function zuoraPreviewToPricedOrder(
  invoices: readonly ZuoraPreviewInvoice[],
  request: ProviderOrderRequest,
  creditMemos: readonly ZuoraPreviewCreditMemo[] = [],
): PricedOrder {
  const folded = billsOf(invoices, creditMemos, request.currency).map((bill) =>
    foldBill(bill, request.lines, request.currency),
  );
  return pricedOrderFrom(
    request.currency,
    folded[0] ?? null,
    folded.map((f) => f.entry),
  );
}
