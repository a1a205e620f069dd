// ProviderOrderRequest -> the parameters of Stripe's API calls (shapes checked against Stripe's
// API reference for invoices/create_preview, customers, subscriptions, invoiceitems, invoices).
// Every item carries price_data with the catalogue unit amount, so Stripe bills exactly the
// catalogue price without a Price object per offer and currency.
//
// Choices worth knowing:
// - One subscription per order, with billing_mode "flexible", which lets monthly and yearly items
//   share a subscription. Stripe subscriptions are rolling: offer terms (termMonths) are kept in
//   this project's database, not in Stripe.
// - Partners are invoiced, not charged by card: collection_method "send_invoice", 30 days to pay.
// - Replacing or adding offers invoices the prorations at once ("always_invoice"), so the preview
//   of a change is exactly the invoice the change creates.
// - Tax (STRIPE_TAX): with `rates`, every item and invoice item the order adds names the tax rate
//   of its country (exclusive; items already on a subscription keep theirs); with `automatic`,
//   Stripe Tax is turned on for the subscription, the invoice and the preview, and prices say
//   they exclude tax (Stripe Tax refuses prices whose tax behaviour is unspecified); with `none`,
//   neither is sent.
import type Stripe from "stripe";
import type { ProviderCustomer, ProviderOfferLine, ProviderOrderRequest } from "./billing-provider";
import { stripeProductIdFor } from "./stripe-catalogue-ids";

export const STRIPE_DAYS_UNTIL_DUE = 30;

export type StripeOrderContext = {
  /** The Stripe customer, when there is one already. */
  customerId: string | null;
  /** The coupon of the order's discount code, already ensured to exist. */
  couponId: string | null;
  /** change_offer: the subscription's current item ids, all replaced by the new offers. */
  replacedItemIds: readonly string[];
  tax: StripeTaxParams;
};

/** What the order's items and invoices say about tax (see the list of choices above). */
export type StripeTaxParams = {
  /** Stripe Tax computes the tax (automatic_tax). */
  automatic: boolean;
  /** Tax rates of the items the order adds: none, or the one of the order's country. */
  taxRateIds: readonly string[];
};

function itemTax(tax: StripeTaxParams) {
  return tax.taxRateIds.length > 0 ? { tax_rates: [...tax.taxRateIds] } : {};
}

function priceTax(tax: StripeTaxParams) {
  return tax.automatic ? { tax_behavior: "exclusive" as const } : {};
}

export function automaticTaxParam(tax: StripeTaxParams) {
  return tax.automatic ? { automatic_tax: { enabled: true } } : {};
}

const isRecurring = (line: ProviderOfferLine) => line.offer.billingPeriod !== "once";

function offerMetadata(line: ProviderOfferLine): Record<string, string> {
  return {
    offer_id: line.offer.id,
    offer_version: String(line.offer.version),
    product_code: line.offer.productCode,
  };
}

export function recurringItems(request: ProviderOrderRequest, tax: StripeTaxParams) {
  const currency = request.currency.toLowerCase();
  return request.lines.filter(isRecurring).map((line) => ({
    price_data: {
      currency,
      product: stripeProductIdFor(line.offer.id),
      unit_amount: line.unitAmount,
      recurring: { interval: line.offer.billingPeriod === "year" ? ("year" as const) : ("month" as const) },
      ...priceTax(tax),
    },
    quantity: line.quantity,
    metadata: offerMetadata(line),
    ...itemTax(tax),
  }));
}

export function oneOffItems(request: ProviderOrderRequest, tax: StripeTaxParams) {
  const currency = request.currency.toLowerCase();
  return request.lines
    .filter((line) => !isRecurring(line))
    .map((line) => ({
      price_data: {
        currency,
        product: stripeProductIdFor(line.offer.id),
        unit_amount: line.unitAmount,
        ...priceTax(tax),
      },
      quantity: line.quantity,
      metadata: offerMetadata(line),
      ...itemTax(tax),
    }));
}

export function hasRecurringLines(request: ProviderOrderRequest): boolean {
  return request.lines.some(isRecurring);
}

/** Stripe takes at most 20 items on one subscription (the `items` parameter's documented limit). */
export const STRIPE_MAX_SUBSCRIPTION_ITEMS = 20;

/**
 * The order's recurring lines when they cannot be one Stripe subscription: new and change_offer
 * orders make the subscription's whole set of items from them. (An add_offer adds to items
 * Stripe already has; Stripe itself refuses one that goes past the limit.)
 */
export function tooManySubscriptionItems(request: ProviderOrderRequest): number | null {
  if (request.orderType !== "new" && request.orderType !== "change_offer") return null;
  const count = request.lines.filter(isRecurring).length;
  return count > STRIPE_MAX_SUBSCRIPTION_ITEMS ? count : null;
}

export function addressParam(address: ProviderCustomer["address"]): Stripe.AddressParam | undefined {
  if (!address) return undefined;
  const param: Stripe.AddressParam = {
    line1: address.address1,
    line2: address.address2,
    city: address.city,
    state: address.state,
    postal_code: address.postalCode,
    country: address.country,
  };
  const defined = Object.entries(param).filter(([, value]) => value !== undefined && value !== "");
  return defined.length > 0 ? (Object.fromEntries(defined) as Stripe.AddressParam) : undefined;
}

function partnerMetadata(request: ProviderOrderRequest): Record<string, string> {
  return { partner_id: request.partner.id, partner_slug: request.partner.slug };
}

export function customerCreateParams(request: ProviderOrderRequest): Stripe.CustomerCreateParams {
  const { customer } = request;
  const address = addressParam(customer.address);
  return {
    name: `${customer.firstName} ${customer.lastName}`.trim(),
    email: customer.email,
    ...(customer.address?.phone ? { phone: customer.address.phone } : {}),
    ...(address ? { address } : {}),
    metadata: { ...partnerMetadata(request), ...(customer.owner ? { owner: customer.owner } : {}) },
  };
}

function discountsParam(context: StripeOrderContext) {
  return context.couponId ? [{ coupon: context.couponId }] : undefined;
}

function requireSubscriptionId(request: ProviderOrderRequest): string {
  const id = request.subscription?.providerSubscriptionId;
  if (!id) throw new Error("a Stripe subscription id is required for this order type");
  return id;
}

export function previewParams(
  request: ProviderOrderRequest,
  context: StripeOrderContext,
): Stripe.InvoiceCreatePreviewParams {
  const base: Stripe.InvoiceCreatePreviewParams = {
    currency: request.currency.toLowerCase(),
    ...(discountsParam(context) ? { discounts: discountsParam(context) } : {}),
    ...automaticTaxParam(context.tax),
  };
  const invoiceItems = oneOffItems(request, context.tax);
  if (invoiceItems.length > 0) base.invoice_items = invoiceItems;

  switch (request.orderType) {
    case "new": {
      const address = addressParam(request.customer.address);
      // A customer that Stripe does not know yet is described instead (customer_details).
      const customer = context.customerId
        ? { customer: context.customerId }
        : { customer_details: address ? { address } : { tax_exempt: "none" as const } };
      const items = recurringItems(request, context.tax);
      return {
        ...base,
        ...customer,
        ...(items.length > 0
          ? { subscription_details: { items, billing_mode: { type: "flexible" as const } } }
          : {}),
      };
    }
    case "change_offer":
      return {
        ...base,
        subscription: requireSubscriptionId(request),
        subscription_details: {
          items: [
            ...context.replacedItemIds.map((id) => ({ id, deleted: true })),
            ...recurringItems(request, context.tax),
          ],
          proration_behavior: "always_invoice",
        },
      };
    case "add_offer":
      return {
        ...base,
        subscription: requireSubscriptionId(request),
        subscription_details: {
          items: recurringItems(request, context.tax),
          proration_behavior: "always_invoice",
        },
      };
    case "cancel":
      return {
        currency: base.currency,
        ...automaticTaxParam(context.tax),
        subscription: requireSubscriptionId(request),
        subscription_details:
          request.cancel?.effective === "immediately"
            ? { cancel_now: true, proration_behavior: "create_prorations" }
            : { cancel_at_period_end: true },
      };
    case "renew":
      return {
        currency: base.currency,
        ...automaticTaxParam(context.tax),
        subscription: requireSubscriptionId(request),
      };
  }
}

export function subscriptionCreateParams(
  request: ProviderOrderRequest,
  context: StripeOrderContext & { customerId: string },
): Stripe.SubscriptionCreateParams {
  const addInvoiceItems = oneOffItems(request, context.tax);
  return {
    customer: context.customerId,
    currency: request.currency.toLowerCase(),
    items: recurringItems(request, context.tax),
    ...(addInvoiceItems.length > 0 ? { add_invoice_items: addInvoiceItems } : {}),
    ...(discountsParam(context) ? { discounts: discountsParam(context) } : {}),
    billing_mode: { type: "flexible" },
    ...automaticTaxParam(context.tax),
    collection_method: "send_invoice",
    days_until_due: STRIPE_DAYS_UNTIL_DUE,
    metadata: partnerMetadata(request),
  };
}

/** change_offer and add_offer: the item changes, invoiced at once. */
export function subscriptionChangeParams(
  request: ProviderOrderRequest,
  context: StripeOrderContext,
): Stripe.SubscriptionUpdateParams {
  const removed =
    request.orderType === "change_offer" ? context.replacedItemIds.map((id) => ({ id, deleted: true })) : [];
  const addInvoiceItems = oneOffItems(request, context.tax);
  return {
    items: [...removed, ...recurringItems(request, context.tax)],
    ...(addInvoiceItems.length > 0 ? { add_invoice_items: addInvoiceItems } : {}),
    ...(discountsParam(context) ? { discounts: discountsParam(context) } : {}),
    ...automaticTaxParam(context.tax),
    proration_behavior: "always_invoice",
  };
}
