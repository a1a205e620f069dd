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
import type { BillingPeriod } from "../domain/enums";
import { divideRounded, toSafeNumber } from "../domain/money";
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
import type { ZuoraInvoiceItem, ZuoraPreviewInvoice } from "./zuora-schemas";

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
  requestLine: ProviderOfferLine | undefined,
  minor: Minor,
): ProviderCharge {
  const gross = minor(item.amountWithoutTax);
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
    tax: minor(item.taxAmount),
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

export function zuoraInvoiceToFolded(
  invoice: ZuoraPreviewInvoice,
  requestLines: readonly ProviderOfferLine[],
  currency: string,
): FoldedInvoice {
  const minor: Minor = (value) =>
    value === null || value === undefined ? 0 : decimalToMinorUnits(value, currency);
  const byCharge = linesByCharge(requestLines);
  const charges: ProviderCharge[] = [];
  const discount: NetAndTax = { net: 0, tax: 0 };
  const credit: NetAndTax = { net: 0, tax: 0 };

  for (const item of invoice.invoiceItems) {
    const net = minor(item.amountWithoutTax);
    const tax = minor(item.taxAmount);
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
      charges.push(toCharge(item, requestLine, minor));
    }
  }

  const invoiceTax = minor(invoice.taxAmount);
  const itemTax = charges.reduce((sum, c) => sum + c.tax, 0) - discount.tax - credit.tax;
  absorbTaxDrift(charges, invoiceTax - itemTax, invoice.invoiceItems.length);

  const folded = foldInvoice({
    date: invoice.targetDate.slice(0, 10),
    currency,
    charges,
    unattributedDiscount: discount,
    credit,
  });
  assertMatchesProviderTotals(folded, { total: minor(invoice.amount), tax: invoiceTax });
  return folded;
}

export function zuoraPreviewToPricedOrder(
  invoices: readonly ZuoraPreviewInvoice[],
  request: ProviderOrderRequest,
): PricedOrder {
  const sorted = [...invoices].sort((a, b) => a.targetDate.localeCompare(b.targetDate));
  const folded = sorted.map((invoice) => zuoraInvoiceToFolded(invoice, request.lines, request.currency));
  return pricedOrderFrom(
    request.currency,
    folded[0] ?? null,
    folded.map((f) => f.entry),
  );
}
