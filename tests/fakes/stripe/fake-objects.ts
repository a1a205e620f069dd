// Stripe's objects as the fake answers them (fields of API 2025+ that the provider reads, plus
// enough of the rest to look like Stripe), each checked against the `stripe` package's own type
// of the object (stripe/fake-types.ts): a field Stripe's type lacks, or one it has that is missing
// here and not listed there as left out, fails the type check.
import type { DraftLine, Obj, StripeFakeState, SubscriptionState } from "./fake-state";
import { automaticTaxObject, type InvoiceTax, lineTaxes, taxRateObjects, totalTaxes } from "./fake-tax";
import type {
  FakeInvoice,
  FakeInvoiceLine,
  FakeProduct,
  FakeSubscription,
  FakeSubscriptionItem,
} from "./fake-types";

export function productObject(
  state: StripeFakeState,
  id: string,
  name: string,
  metadata: Record<string, string>,
  fields: { active?: boolean; description?: string | null } = {},
): FakeProduct {
  return {
    id,
    object: "product",
    active: fields.active ?? true,
    created: state.seconds(),
    default_price: null,
    description: fields.description ?? null,
    images: [],
    livemode: false,
    marketing_features: [],
    metadata,
    name,
    package_dimensions: null,
    shippable: null,
    statement_descriptor: null,
    tax_code: null,
    tax_details: null,
    type: "service",
    unit_label: null,
    updated: state.seconds(),
    url: null,
  } satisfies FakeProduct;
}

/** A subscription's line names its item; every draft of one has it (stripe/fake-billing.ts). */
function subscriptionItemOf(draft: DraftLine): string {
  if (draft.subscriptionItem === null) throw new Error("a subscription line without its item");
  return draft.subscriptionItem;
}

function lineObject(
  state: StripeFakeState,
  invoiceId: string,
  draft: DraftLine,
  currency: string,
  discount: number,
  couponId: string | null,
  tax: InvoiceTax,
): FakeInvoiceLine {
  const taxes = lineTaxes(state, draft, draft.amount - discount, tax);
  const discountId = couponId ? `di_${couponId}` : null;
  const details = draft.oneOff
    ? {
        type: "invoice_item_details" as const,
        invoice_item_details: {
          invoice_item: state.newId("ii"),
          proration: false,
          proration_details: null,
          subscription: draft.subscription,
        },
        subscription_item_details: null,
      }
    : {
        type: "subscription_item_details" as const,
        invoice_item_details: null,
        subscription_item_details: {
          invoice_item: null,
          proration: draft.proration,
          proration_details: null,
          subscription: draft.subscription,
          subscription_item: subscriptionItemOf(draft),
        },
      };
  return {
    id: state.newId("il_tmp"),
    object: "line_item",
    amount: draft.amount,
    currency,
    description: draft.description,
    discount_amounts: discountId ? [{ amount: discount, discount: discountId }] : [],
    discountable: !draft.proration,
    discounts: discountId ? [discountId] : [],
    // Stripe names the invoice a line is on (its published line sample does), a preview's too.
    invoice: invoiceId,
    livemode: false,
    metadata: {},
    parent: details,
    period: { start: draft.periodStart, end: draft.periodEnd },
    pretax_credit_amounts: discountId ? [{ amount: discount, discount: discountId, type: "discount" }] : [],
    pricing: {
      price_details: { price: draft.priceId, product: draft.product },
      type: "price_details",
      unit_amount_decimal: String(draft.unitAmount),
    },
    quantity: draft.quantity,
    quantity_decimal: String(draft.quantity),
    subscription: draft.subscription,
    subtotal: draft.amount,
    taxes,
  } satisfies FakeInvoiceLine;
}

export type InvoiceArgs = {
  id: string;
  customer: string | null;
  currency: string;
  drafts: DraftLine[];
  discounts: number[];
  couponId: string | null;
  subscription: string | null;
  status: "draft" | "open";
  billingReason: string;
  tax: InvoiceTax;
};

/** An invoice with its first page of lines; every line is kept for GET /v1/invoices/:id/lines. */
export function invoiceObject(state: StripeFakeState, args: InvoiceArgs): FakeInvoice {
  const { id, currency, drafts, couponId } = args;
  const lines = drafts.map((draft, index) =>
    lineObject(state, id, draft, currency, args.discounts[index] ?? 0, couponId, args.tax),
  );
  state.invoiceLines.set(id, lines);
  const subtotal = drafts.reduce((sum, d) => sum + d.amount, 0);
  const discountTotal = args.discounts.reduce((a, b) => a + b, 0);
  const taxes = lines.flatMap((line) => line.taxes ?? []);
  const taxOf = (behavior: string) =>
    taxes.filter((t) => t.tax_behavior === behavior).reduce((sum, t) => sum + t.amount, 0);
  // An inclusive tax is part of the lines' amounts already; an exclusive one is added on top.
  const inclusiveTax = taxOf("inclusive");
  const total = subtotal - discountTotal + taxOf("exclusive");
  const customer = args.customer ? state.customers.get(args.customer) : undefined;
  const at = state.seconds();
  const discountRef = couponId ? `di_${couponId}` : null;
  return {
    id,
    object: "invoice",
    account_country: "GB",
    account_name: "Stripe Fake Ltd",
    amount_due: Math.max(0, total),
    amount_overpaid: 0,
    amount_paid: 0,
    amount_remaining: Math.max(0, total),
    amount_shipping: 0,
    attempt_count: 0,
    attempted: false,
    auto_advance: false,
    automatic_tax: automaticTaxObject(args.tax),
    billing_reason: args.billingReason,
    collection_method: "send_invoice",
    created: at,
    currency,
    customer: args.customer,
    customer_email: customer?.email ?? null,
    customer_name: customer?.name ?? null,
    default_tax_rates: taxRateObjects(state, args.tax.defaultTaxRates),
    discounts: discountRef ? [discountRef] : [],
    lines: {
      object: "list",
      data: lines.slice(0, state.linesPerPage),
      has_more: lines.length > state.linesPerPage,
      total_count: lines.length,
      url: `/v1/invoices/${id}/lines`,
    },
    livemode: false,
    metadata: {},
    number: null,
    parent: args.subscription
      ? {
          type: "subscription_details",
          quote_details: null,
          subscription_details: { metadata: {}, subscription: args.subscription },
        }
      : null,
    period_end: at,
    period_start: at,
    starting_balance: 0,
    status: args.status,
    status_transitions: { finalized_at: null, marked_uncollectible_at: null, paid_at: null, voided_at: null },
    subtotal,
    subtotal_excluding_tax: subtotal - inclusiveTax,
    total,
    total_discount_amounts: discountRef ? [{ amount: discountTotal, discount: discountRef }] : [],
    total_excluding_tax: subtotal - discountTotal - inclusiveTax,
    total_pretax_credit_amounts: discountRef
      ? [{ amount: discountTotal, discount: discountRef, type: "discount" }]
      : [],
    total_taxes: totalTaxes(lines.map((line) => line.taxes ?? [])),
  } satisfies FakeInvoice;
}

export function subscriptionObject(state: StripeFakeState, sub: SubscriptionState): Obj {
  return {
    id: sub.id,
    object: "subscription",
    automatic_tax: {
      disabled_reason: null,
      enabled: sub.automaticTax,
      liability: sub.automaticTax ? { type: "self" } : null,
    },
    billing_cycle_anchor: sub.created,
    billing_mode: {
      type: "flexible",
      flexible: { proration_discounts: "included" },
      updated_at: sub.created,
    },
    cancel_at: sub.cancelAtPeriodEnd ? Math.min(...sub.items.map((i) => i.periodEnd)) : null,
    cancel_at_period_end: sub.cancelAtPeriodEnd,
    canceled_at: sub.canceledAt,
    cancellation_details: {
      comment: sub.cancellationComment,
      feedback: null,
      feedback_option: null,
      reason: sub.canceledAt ? "cancellation_requested" : null,
    },
    collection_method: sub.collectionMethod,
    created: sub.created,
    currency: sub.currency,
    customer: sub.customer,
    days_until_due: sub.daysUntilDue,
    default_tax_rates: taxRateObjects(state, sub.defaultTaxRates),
    discounts: sub.couponId ? [`di_${sub.couponId}`] : [],
    ended_at: sub.status === "canceled" ? sub.canceledAt : null,
    items: {
      object: "list",
      data: sub.items.map(
        (item): FakeSubscriptionItem => ({
          id: item.id,
          object: "subscription_item",
          created: sub.created,
          current_period_end: item.periodEnd,
          current_period_start: item.periodStart,
          discounts: [],
          metadata: item.metadata,
          price: {
            id: item.priceId,
            object: "price",
            active: false,
            billing_scheme: "per_unit",
            currency: item.currency,
            product: item.product,
            recurring: {
              interval: item.interval,
              interval_count: 1,
              meter: null,
              trial_period_days: null,
              usage_type: "licensed",
            },
            tax_behavior: item.taxBehavior,
            type: "recurring",
            unit_amount: item.unitAmount,
            unit_amount_decimal: String(item.unitAmount),
          },
          quantity: item.quantity,
          subscription: sub.id,
          tax_rates: taxRateObjects(state, item.taxRates),
        }),
      ),
      has_more: false,
      total_count: sub.items.length,
      url: `/v1/subscription_items?subscription=${sub.id}`,
    },
    latest_invoice: sub.latestInvoice,
    livemode: false,
    metadata: sub.metadata,
    start_date: sub.created,
    status: sub.status,
  } satisfies FakeSubscription;
}
