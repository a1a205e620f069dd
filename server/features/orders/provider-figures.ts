// An external billing provider's figures in place of the catalogue's. Stripe and Zuora price an
// order themselves (their tax, their proration, their rounding); what the partner is shown in a
// preview, and what the order stores once submitted, are the figures the provider will bill,
// so both go through here. The catalogue's pricing stays the base: its country, tax rate and
// credits (which a provider does not itemise) are kept, and the builtin provider's answer is the
// catalogue's own.

import type { PricedLineItem, PricingResult } from "../../domain/pricing";
import type { PricedLine, PricedOrder } from "../../infra/billing/billing-provider";

function asLineItem(line: PricedLine): PricedLineItem {
  return {
    offer: line.offer,
    description: line.description,
    quantity: line.quantity,
    unitAmount: line.unitAmount,
    billingPeriod: line.billingPeriod,
    periodStart: line.periodStart ?? null,
    periodEnd: line.periodEnd ?? null,
    proration: line.proration ?? null,
    amountWithoutTax: line.amountWithoutTax,
    discountAmount: line.discountAmount,
    creditAmount: line.creditAmount ?? 0,
    taxAmount: line.taxAmount,
    amount: line.amount,
  };
}

export function withProviderFigures(catalogue: PricingResult, provider: PricedOrder): PricingResult {
  return {
    ...catalogue,
    currency: provider.currency,
    lineItems: provider.lineItems.map(asLineItem),
    subtotal: provider.subtotal,
    discountTotal: provider.discountTotal,
    taxTotal: provider.taxTotal,
    total: provider.total,
    // A provider that credits unused time differently from the catalogue reports its own credit;
    // keep the figures it answered with so they add up to its total.
    creditTotal: provider.creditTotal ?? catalogue.creditTotal,
    creditCarriedForward: provider.creditCarriedForward ?? catalogue.creditCarriedForward,
    schedule: provider.schedule.map((entry) => ({
      ...entry,
      lineItems: entry.lineItems.map(asLineItem),
      discountAmount: entry.discountAmount ?? 0,
      creditAmount: entry.creditAmount ?? 0,
    })),
  };
}
