// The shapes of the Stripe fake's answers, taken from the `stripe` npm package's own types (the
// SDK release the client pins its API version to: server/infra/billing/stripe-client.ts), so that
// a drift between the fake and Stripe's published objects breaks the type check. The builders of
// stripe/fake-objects.ts and the endpoints answer `... satisfies Fake*`: every field the SDK
// declares must be there (or be listed below as deliberately left out), and no field it does not
// declare may be.
//
// The SDK types are what it hands to the caller after reading the JSON: it turns the `*_decimal`
// strings into Decimal objects. The fake writes the JSON, so those fields are strings here (Wire).
import type Stripe from "stripe";

/** An SDK object type as the JSON on the wire carries it: Decimal values are decimal strings. */
export type Wire<T> = T extends Stripe.Decimal
  ? string
  : T extends string | number | boolean | null | undefined
    ? T
    : T extends readonly (infer U)[]
      ? Wire<U>[]
      : T extends object
        ? { [K in keyof T]: Wire<T[K]> }
        : T;

/** A page of a list, as every list endpoint answers it (T: the fake's type of its items). */
export type FakeList<T> = Omit<Wire<Stripe.ApiList<unknown>>, "data"> & { data: T[] };

/**
 * A list embedded in an object (an invoice's lines, a subscription's items). Stripe's JSON carries
 * `total_count` there, which the SDK's ApiList does not declare.
 */
export type FakeEmbeddedList<T> = FakeList<T> & { total_count: number };

export type FakeProduct = Wire<Stripe.Product>;
export type FakePrice = Wire<Stripe.Price>;
export type FakeCoupon = Wire<Stripe.Coupon>;
export type FakeTaxRate = Wire<Stripe.TaxRate>;
export type FakeCustomer = Wire<Stripe.Customer>;
export type FakeInvoiceLine = Wire<Stripe.InvoiceLineItem>;

/**
 * Invoice fields the fake leaves out: payment, shipping, rendering, issuer and account details the
 * portal neither sends nor reads (collection is by invoice, `send_invoice`, on the account itself).
 */
type InvoiceLeftOut =
  | "account_tax_ids"
  | "application"
  | "automatically_finalizes_at"
  | "custom_fields"
  | "customer_account"
  | "customer_address"
  | "customer_phone"
  | "customer_shipping"
  | "customer_tax_exempt"
  | "default_payment_method"
  | "default_source"
  | "description"
  | "due_date"
  | "effective_at"
  | "ending_balance"
  | "footer"
  | "from_invoice"
  | "issuer"
  | "last_finalization_error"
  | "latest_revision"
  | "next_payment_attempt"
  | "on_behalf_of"
  | "payment_settings"
  | "post_payment_credit_notes_amount"
  | "pre_payment_credit_notes_amount"
  | "receipt_number"
  | "rendering"
  | "shipping_cost"
  | "shipping_details"
  | "statement_descriptor"
  | "test_clock"
  | "webhooks_delivered_at";

/** The answer to "Delete a draft invoice". */
export type FakeDeletedInvoice = Wire<Stripe.DeletedInvoice>;

export type FakeInvoice = Omit<Wire<Stripe.Invoice>, InvoiceLeftOut | "lines"> & {
  lines: FakeEmbeddedList<FakeInvoiceLine>;
};

/**
 * The price a subscription item carries: the fake keeps the parts it bills by (the price's own
 * object is GET /v1/prices/:id), not its lookup key, metadata, nickname or creation time.
 */
export type FakeItemPrice = Pick<
  FakePrice,
  | "id"
  | "object"
  | "active"
  | "billing_scheme"
  | "currency"
  | "product"
  | "recurring"
  | "tax_behavior"
  | "type"
  | "unit_amount"
  | "unit_amount_decimal"
>;

/** Subscription item fields left out: the legacy `plan` (a copy of the price), thresholds, trials. */
export type FakeSubscriptionItem = Omit<
  Wire<Stripe.SubscriptionItem>,
  "plan" | "billing_thresholds" | "current_trial" | "price"
> & { price: FakeItemPrice };

/**
 * Subscription fields left out: payment, trial, schedule, pause, Connect and pending-update details
 * the portal neither sends nor reads.
 */
type SubscriptionLeftOut =
  | "application"
  | "application_fee_percent"
  | "billing_cycle_anchor_config"
  | "billing_schedules"
  | "billing_thresholds"
  | "customer_account"
  | "default_payment_method"
  | "default_source"
  | "description"
  | "invoice_settings"
  | "managed_payments"
  | "next_pending_invoice_item_invoice"
  | "on_behalf_of"
  | "pause_collection"
  | "payment_settings"
  | "pending_invoice_item_interval"
  | "pending_setup_intent"
  | "pending_update"
  | "schedule"
  | "test_clock"
  | "transfer_data"
  | "trial_end"
  | "trial_settings"
  | "trial_start";

export type FakeSubscription = Omit<Wire<Stripe.Subscription>, SubscriptionLeftOut | "items"> & {
  items: FakeEmbeddedList<FakeSubscriptionItem>;
};

/** Invoice item fields left out: test clocks, accounts, rules and the proration breakdown. */
export type FakeInvoiceItem = Pick<
  Wire<Stripe.InvoiceItem>,
  "id" | "object" | "amount" | "currency" | "customer" | "quantity" | "tax_rates"
>;
