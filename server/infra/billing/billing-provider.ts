// The billing provider plugin interface. The order services price an order with the catalogue
// (server/domain pricing = the `builtin` provider's answer), then ask the partner's provider to
// preview and to submit. Stripe and Zuora answer with their own figures; those become the
// preview's line items and totals, and their raw answer is passed on unchanged as providerResult.
import type { BillingProviderKind } from "../../domain/enums";

export type PricedLine = {
  offer: { id: string; version: number; name: string };
  description: string;
  quantity: number;
  unitAmount: number;
  amountWithoutTax: number;
  discountAmount: number;
  taxAmount: number;
  amount: number;
  billingPeriod: "month" | "year" | "once";
  /**
   * Optional detail (added for the Stripe and Zuora plugins, backward compatible): the service
   * period ("YYYY-MM-DD", end exclusive; null for one-off lines) and this line's share of a credit
   * (e.g. unused time of replaced offers), so a provider's figures keep every amount >= 0 with
   * amountWithoutTax = gross - discountAmount - creditAmount, as the domain pricing does.
   */
  periodStart?: string | null;
  periodEnd?: string | null;
  creditAmount?: number;
  /** Optional: the fraction of the period charged (a prorated charge); null for a full period. */
  proration?: { numerator: number; denominator: number } | null;
};

export type PricedScheduleEntry = {
  date: string; // ISO date (YYYY-MM-DD)
  amountWithoutTax: number;
  taxAmount: number;
  amount: number;
  currency: string;
  lineItems: PricedLine[];
  /** Optional (backward compatible): sums of the lines' discountAmount and creditAmount. */
  discountAmount?: number;
  creditAmount?: number;
};

/** Figures of one priced order, all integers in the currency's minor unit. */
export type PricedOrder = {
  currency: string;
  lineItems: PricedLine[];
  subtotal: number;
  discountTotal: number;
  taxTotal: number;
  total: number;
  schedule: PricedScheduleEntry[];
  /**
   * Optional (backward compatible): sum of the lines' creditAmount (subtotal - discountTotal -
   * creditTotal + taxTotal = total), and the credit the first invoice could not use, which the
   * provider keeps as the customer's balance.
   */
  creditTotal?: number;
  creditCarriedForward?: number;
};

/** A Zuora product rate plan and the one charge of it an order line or a discount code uses. */
export type ZuoraRatePlanRef = { productRatePlanId: string; productRatePlanChargeId: string };

export type ProviderOfferLine = {
  offer: {
    id: string;
    version: number;
    name: string;
    productCode: string;
    billingPeriod: "month" | "year" | "once";
    termMonths: number | null;
    /**
     * Optional (read by the Zuora provider only): the offer's rate plan and charge in Zuora, as
     * stored with the offer; absent or null when it has none, and Zuora is then not asked.
     */
    zuora?: ZuoraRatePlanRef | null;
    /**
     * Optional (read by the Stripe provider only): the Stripe price of this version in the order's
     * currency, as the Stripe catalogue sync stored it; absent or null when it has none, and
     * Stripe is then not asked.
     */
    stripePriceId?: string | null;
  };
  quantity: number;
  /** Catalogue unit price in the order currency (minor units). */
  unitAmount: number;
};

export type ProviderCustomer = {
  owner: string | null; // null for a customer this order creates
  providerCustomerId: string | null;
  firstName: string;
  lastName: string;
  email: string;
  address: Record<string, string | undefined> | null;
};

export type ProviderSubscription = {
  reference: string;
  providerSubscriptionId: string | null;
  termEnd: string | null;
};

export type ProviderDiscount = {
  code: string;
  kind: "percent" | "amount";
  percentOff: number | null;
  amountOff: number | null;
  durationPeriods: number | null;
  /** Optional (read by the Zuora provider only): the discount rate plan the code's value overrides. */
  zuora?: ZuoraRatePlanRef | null;
  /**
   * Optional (read by the Stripe provider only): the code's coupons as the Stripe catalogue sync
   * stored them, for orders whose shortest billing period is a month, and for the others.
   */
  stripeCoupons?: StripeCouponRefs | null;
};

/** A discount code's two Stripe coupons (the same one unless the code lasts a number of periods). */
export type StripeCouponRefs = { monthly: string; yearly: string };

/**
 * The partner's own billing accounts at the providers (`partner update --zuora-account`,
 * `--stripe-customer`); null where it has none.
 */
export type PartnerBillingAccounts = { zuoraAccountNumber: string | null; stripeCustomerId: string | null };

export type ProviderPartner = {
  id: string;
  slug: string;
  /**
   * Optional (backward compatible; absent reads as "customer"): who the provider invoices. With
   * "partner", Zuora and Stripe bill the partner's own account (`accounts`) and name the end
   * customer on what they make; an order of a partner without its account at the provider is
   * refused (PARTNER_BILLING_ACCOUNT_MISSING) before the provider is asked.
   */
  invoiceOwner?: "partner" | "customer";
  accounts?: PartnerBillingAccounts;
};

export type ProviderOrderRequest = {
  orderType: "new" | "change_offer" | "add_offer" | "cancel" | "renew";
  partner: ProviderPartner;
  currency: string;
  country: string;
  /**
   * The deployment's tax rate for `country` (TAX_RATES), in basis points: what the catalogue
   * taxed at, for a provider that is told the rate rather than working it out (Stripe with
   * STRIPE_TAX=rates). Absent: 0, no tax.
   */
  taxRateBps?: number;
  orderDate: string; // ISO date
  customer: ProviderCustomer;
  lines: ProviderOfferLine[];
  discount: ProviderDiscount | null;
  subscription: ProviderSubscription | null;
  cancel?: { effective: "immediately" | "end_of_term"; reason?: string };
  renew?: { termMonths: number };
  /** The catalogue pricing (what `builtin` answers); providers may use it as a fallback. */
  catalogue: PricedOrder;
};

export type ProviderPreview = { priced: PricedOrder; providerResult: unknown };

export type ProviderSubmitResult = {
  providerCustomerId: string | null;
  providerSubscriptionId: string | null;
  /** The provider's own id of the order/invoice, shown for support. */
  providerReference: string | null;
  providerResult: unknown;
};

/**
 * An order a provider works on asynchronously (see BillingProvider.submitLater): `handle` is the
 * provider's id of that work (Zuora's job id), to look at later.
 */
export type ProviderLaterSubmission = { handle: string };

/** What the provider has done with an order it works on asynchronously. */
export type ProviderSubmitCheck = { done: false } | { done: true; result: ProviderSubmitResult };

/**
 * What became of an invoice the provider was asked to void (BillingProvider.voidInvoice): voided
 * (now, or before: a repeated call), deleted (it was still a draft), or paid, which cannot be
 * voided: the customer has to be refunded by hand. `amountPaid` in the invoice currency's minor unit.
 */
export type ProviderInvoiceVoid =
  | { outcome: "voided" | "deleted" }
  | { outcome: "paid"; amountPaid: number; currency: string };

/** Whether the provider bills the partner (rather than the end customer) for this order. */
export function partnerOwnsInvoice(request: ProviderOrderRequest): boolean {
  return request.partner.invoiceOwner === "partner";
}

export interface BillingProvider {
  readonly kind: BillingProviderKind;
  preview(request: ProviderOrderRequest): Promise<ProviderPreview>;
  /** `idempotencyKey` is passed to providers that support it, so a retry never bills twice. */
  submit(request: ProviderOrderRequest, idempotencyKey: string): Promise<ProviderSubmitResult>;
  /**
   * Optional (added for Zuora's asynchronous orders; providers without it are asked to `submit`):
   * hands the provider the order to work on in its own time, under the same idempotency key as
   * `submit` (a repeated call gets the same work back, never a second order), and answers its
   * handle. Only for orders processed later, by their job.
   */
  submitLater?(request: ProviderOrderRequest, idempotencyKey: string): Promise<ProviderLaterSubmission>;
  /**
   * Optional, with `submitLater`: whether the work is done, and then what `submit` would have
   * answered. A refusal of the order is thrown, as `submit` throws it.
   */
  checkSubmitted?(request: ProviderOrderRequest, handle: string): Promise<ProviderSubmitCheck>;
  /**
   * Optional (added for the compensation of Stripe's one-off invoices; providers that issue no
   * invoice of their own for an order leave it out): voids the invoice `invoiceId` that a new order
   * of `partnerId` made there, under keys derived from `idempotencyKey`, so a repeated call voids
   * it once. A paid invoice is answered, not thrown: it cannot be voided.
   */
  voidInvoice?(partnerId: string, invoiceId: string, idempotencyKey: string): Promise<ProviderInvoiceVoid>;
}
