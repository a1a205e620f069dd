// ProviderOrderRequest -> the parameters of Stripe's API calls (shapes checked against Stripe's
// API reference for invoices/create_preview, customers, subscriptions, invoiceitems, invoices).
// Every item names the Stripe price the catalogue sync made for its offer version and currency
// (`price`, stored with the catalogue: stripe-catalogue-sync.ts), and the discount the code's
// coupon, so an order creates no product, price or coupon at Stripe.
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
//   Stripe Tax is turned on for the subscription, the invoice and the preview (the prices say
//   they exclude tax: stripe-catalogue-ids.ts); with `none`, neither is sent.
// - A partner that owns the invoice (partner-invoice-owner.ts): a new order's subscription, or
//   invoice of one-off offers, and its preview are for the partner's own Stripe customer; the end
//   customer gets no Stripe customer, and is named in the metadata (end_customer_*), in the
//   invoices' description and in an invoice custom field.
import type Stripe from "stripe";
import type { ProviderCustomer, ProviderOfferLine, ProviderOrderRequest } from "./billing-provider";
import { endCustomerName } from "./partner-invoice-owner";

export const STRIPE_DAYS_UNTIL_DUE = 30;

export type StripeOrderContext = {
  /**
   * The Stripe customer billed, when there is one already: the end customer's, or the partner's
   * own when the partner owns the invoice (`partnerBilled`).
   */
  customerId: string | null;
  /** A new order invoiced to the partner's own Stripe customer, naming the end customer. */
  partnerBilled: boolean;
  /** The coupon of the order's discount code (synced with the code). */
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

/** The synced price (stripe-catalogue-check.ts refuses an order with a line without one). */
function priceOf(line: ProviderOfferLine): string {
  const price = line.offer.stripePriceId;
  if (!price) throw new Error(`offer ${line.offer.id} has no Stripe price`);
  return price;
}

export function recurringItems(request: ProviderOrderRequest, tax: StripeTaxParams) {
  return request.lines.filter(isRecurring).map((line) => ({
    price: priceOf(line),
    quantity: line.quantity,
    metadata: offerMetadata(line),
    ...itemTax(tax),
  }));
}

/** One-off lines as `add_invoice_items` and the preview's `invoice_items` take them. */
export function oneOffItems(request: ProviderOrderRequest, tax: StripeTaxParams) {
  return request.lines
    .filter((line) => !isRecurring(line))
    .map((line) => ({
      price: priceOf(line),
      quantity: line.quantity,
      metadata: offerMetadata(line),
      ...itemTax(tax),
    }));
}

/** One-off lines as "Create an invoice item" takes them: the price goes in `pricing` there. */
export function invoiceItemParams(
  request: ProviderOrderRequest,
  tax: StripeTaxParams,
): Omit<Stripe.InvoiceItemCreateParams, "customer">[] {
  return oneOffItems(request, tax).map(({ price, ...rest }) => ({ pricing: { price }, ...rest }));
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

/** Stripe's limits: metadata values up to 500 characters, custom field values up to 140. */
function clip(value: string, max: number): string {
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}

/** The end customer of an order invoiced to the partner, in the metadata of what it makes. */
export function endCustomerMetadata(request: ProviderOrderRequest): Record<string, string> {
  const { customer } = request;
  const fields: Record<string, string | null | undefined> = {
    end_customer_owner: customer.owner,
    end_customer_name: endCustomerName(request),
    end_customer_email: customer.email,
    end_customer_country: customer.address?.country ?? request.country,
  };
  return Object.fromEntries(
    Object.entries(fields)
      .filter((entry): entry is [string, string] => typeof entry[1] === "string" && entry[1] !== "")
      .map(([key, value]) => [key, clip(value, 500)]),
  );
}

/** What the partner's invoices say about whom they bill for: a description and a custom field. */
export function endCustomerInvoiceFields(request: ProviderOrderRequest) {
  const named = request.customer.email
    ? `${endCustomerName(request)} <${request.customer.email}>`
    : endCustomerName(request);
  return {
    description: clip(`For your customer ${named}`, 500),
    custom_fields: [{ name: "Customer", value: clip(named, 140) }],
  };
}

function orderMetadata(request: ProviderOrderRequest, context: StripeOrderContext) {
  return { ...partnerMetadata(request), ...(context.partnerBilled ? endCustomerMetadata(request) : {}) };
}

/** The one-off invoice of a new order without recurring offers. */
export function oneOffInvoiceParams(
  request: ProviderOrderRequest,
  context: StripeOrderContext & { customerId: string },
): Stripe.InvoiceCreateParams {
  return {
    customer: context.customerId,
    currency: request.currency.toLowerCase(),
    collection_method: "send_invoice",
    days_until_due: STRIPE_DAYS_UNTIL_DUE,
    pending_invoice_items_behavior: "include",
    ...(context.couponId ? { discounts: [{ coupon: context.couponId }] } : {}),
    ...automaticTaxParam(context.tax),
    ...(context.partnerBilled ? endCustomerInvoiceFields(request) : {}),
    metadata: orderMetadata(request, context),
  };
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
    ...(context.partnerBilled
      ? {
          description: endCustomerInvoiceFields(request).description,
          invoice_settings: endCustomerInvoiceFields(request),
        }
      : {}),
    metadata: orderMetadata(request, context),
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
