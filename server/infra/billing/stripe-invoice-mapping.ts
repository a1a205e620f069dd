// Stripe's invoice preview -> PricedOrder.
//
// Per line: gross = `amount` (quantity x unit price, before discounts, excluding exclusive tax),
// discount = sum of `discount_amounts`, tax = sum of `taxes` (an inclusive tax is moved out of the
// gross so amountWithoutTax never contains tax). Lines with a negative amount (Stripe's "Unused
// time on ..." prorations) and non-discount pretax credits (credit grants) become the invoice's
// credit, folded into the charges as the domain does (provider-invoice-folding.ts). The folded
// lines are then checked against Stripe's own `total` and `total_taxes`.
//
// The schedule: Stripe previews only the next invoice, so entry 0 is Stripe's invoice and the
// following entries are the catalogue schedule (request.catalogue). Later periods bill the same
// prices (price_data is the catalogue unit amount), so they agree with what Stripe will invoice.
// Their tax agrees too with STRIPE_TAX=rates (the items carry the TAX_RATES rate) or `none` with
// no TAX_RATES; with `automatic`, Stripe Tax decides later invoices' tax, and the catalogue's
// entries show TAX_RATES' instead.
import { divideRounded, toSafeNumber } from "../../domain/money";
import type { PricedOrder, ProviderOfferLine, ProviderOrderRequest } from "./billing-provider";
import {
  assertMatchesProviderTotals,
  foldInvoice,
  type NetAndTax,
  type ProviderCharge,
  ProviderFiguresError,
  pricedOrderFrom,
} from "./provider-invoice-folding";
import { stripeProductIdFor } from "./stripe-catalogue-ids";
import type { StripeInvoice, StripeInvoiceLine } from "./stripe-invoice-schema";

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function isoDate(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString().slice(0, 10);
}

/** Request lines by Stripe product id, in order, so two lines of the same offer map one to one. */
function linesByProduct(lines: readonly ProviderOfferLine[]): Map<string, ProviderOfferLine[]> {
  const map = new Map<string, ProviderOfferLine[]>();
  for (const line of lines) {
    const id = stripeProductIdFor(line.offer.id);
    map.set(id, [...(map.get(id) ?? []), line]);
  }
  return map;
}

function unitAmountOf(line: StripeInvoiceLine, quantity: number, gross: number): number {
  const decimal = line.pricing?.unit_amount_decimal;
  const text = decimal === null || decimal === undefined ? "" : String(decimal);
  if (/^\d+$/.test(text)) return Number(text);
  // A fractional or missing unit price: show the line's average, rounded by the project's rule.
  return toSafeNumber(divideRounded(BigInt(gross), BigInt(Math.max(1, quantity))));
}

export function stripeInvoiceToCharges(
  lines: readonly StripeInvoiceLine[],
  requestLines: readonly ProviderOfferLine[],
): { charges: ProviderCharge[]; credit: NetAndTax } {
  const byProduct = linesByProduct(requestLines);
  const charges: ProviderCharge[] = [];
  const credit: NetAndTax = { net: 0, tax: 0 };

  for (const line of lines) {
    const discount = sum((line.discount_amounts ?? []).map((d) => d.amount));
    const grantedCredit = sum(
      (line.pretax_credit_amounts ?? []).filter((c) => c.type !== "discount").map((c) => c.amount),
    );
    const taxes = line.taxes ?? [];
    const inclusiveTax = sum(taxes.filter((t) => t.tax_behavior === "inclusive").map((t) => t.amount));
    const tax = sum(taxes.map((t) => t.amount));
    const gross = line.amount - inclusiveTax;

    if (line.amount < 0) {
      // Unused time of a replaced or cancelled item: a credit, net and tax, both as positives.
      credit.net += -(gross - discount);
      credit.tax += -tax;
      continue;
    }
    credit.net += grantedCredit;

    const productId = line.pricing?.price_details?.product ?? "";
    const requestLine = byProduct.get(productId)?.shift();
    const quantity = line.quantity && line.quantity > 0 ? line.quantity : 1;
    const oneOff = line.parent?.type === "invoice_item_details";
    charges.push({
      offer: requestLine
        ? { id: requestLine.offer.id, version: requestLine.offer.version, name: requestLine.offer.name }
        : { id: productId || line.id, version: 1, name: line.description ?? productId },
      description: line.description ?? requestLine?.offer.name ?? productId,
      quantity,
      unitAmount: unitAmountOf(line, quantity, line.amount),
      billingPeriod: requestLine?.offer.billingPeriod ?? (oneOff ? "once" : "month"),
      periodStart: oneOff || line.period.end <= line.period.start ? null : isoDate(line.period.start),
      periodEnd: oneOff || line.period.end <= line.period.start ? null : isoDate(line.period.end),
      gross,
      discount,
      tax,
    });
  }
  return { charges, credit };
}

export function stripePreviewToPricedOrder(
  invoice: StripeInvoice,
  allLines: readonly StripeInvoiceLine[],
  request: ProviderOrderRequest,
): PricedOrder {
  if (invoice.currency.toUpperCase() !== request.currency.toUpperCase()) {
    throw new ProviderFiguresError(
      `invoice currency ${invoice.currency} is not the order's ${request.currency}`,
    );
  }
  const { charges, credit } = stripeInvoiceToCharges(allLines, request.lines);
  const catalogueSchedule = request.catalogue.schedule;
  const folded = foldInvoice({
    date: catalogueSchedule[0]?.date ?? request.orderDate.slice(0, 10),
    currency: request.currency,
    charges,
    unattributedDiscount: { net: 0, tax: 0 },
    credit,
  });
  const providerTax = invoice.total_taxes ? sum(invoice.total_taxes.map((t) => t.amount)) : null;
  assertMatchesProviderTotals(folded, { total: invoice.total, tax: providerTax });

  const hasFirstInvoice = folded.entry.lineItems.length > 0 || invoice.total !== 0;
  const schedule =
    catalogueSchedule.length > 0
      ? [folded.entry, ...catalogueSchedule.slice(1)]
      : hasFirstInvoice
        ? [folded.entry]
        : [];
  return pricedOrderFrom(request.currency, folded, schedule);
}
