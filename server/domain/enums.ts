// The closed vocabularies of the API, as data, so zod schemas, docs and the OpenAPI document share
// one list. They mirror the Prisma enums of the same names; domain code must not import Prisma.

export const ORDER_TYPES = ["new", "change_offer", "add_offer", "cancel", "renew"] as const;
export type OrderType = (typeof ORDER_TYPES)[number];

export const ORDER_STATUSES = ["submitted", "processing", "complete", "failed"] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
/** Why an order failed: the provider refused it, or could not be reached in all its attempts. */
/** Why an order failed: the provider refused it, never answered, or an admin cancelled it first. */
export const ORDER_FAILURE_CODES = ["PROVIDER_REJECTED", "PROVIDER_UNAVAILABLE", "CANCELLED"] as const;
export type OrderFailureCode = (typeof ORDER_FAILURE_CODES)[number];
export function isOrderFailureCode(code: string): code is OrderFailureCode {
  return (ORDER_FAILURE_CODES as readonly string[]).includes(code);
}

export const BILLING_PERIODS = ["month", "year", "once"] as const;
export type BillingPeriod = (typeof BILLING_PERIODS)[number];

export const BILLING_PROVIDERS = ["builtin", "stripe", "zuora"] as const;
export type BillingProviderKind = (typeof BILLING_PROVIDERS)[number];

export const SUBSCRIPTION_STATUSES = ["active", "pending", "cancelled", "expired"] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

export const PARTNER_STATUSES = ["active", "suspended"] as const;
export type PartnerStatus = (typeof PARTNER_STATUSES)[number];

export const DISCOUNT_KINDS = ["percent", "amount"] as const;
export type DiscountKind = (typeof DISCOUNT_KINDS)[number];

export const CANCEL_EFFECTIVE = ["immediately", "end_of_term"] as const;
export type CancelEffective = (typeof CANCEL_EFFECTIVE)[number];
