// The stable problem codes of the eligibility checks. Clients branch on these, so a code is never
// renamed or reused; add new ones at the end. The descriptions feed the API documentation.

export const ELIGIBILITY_CODES = [
  { code: "PARTNER_SUSPENDED", description: "The partner organisation is suspended and cannot order." },
  {
    code: "OFFER_NOT_FOUND",
    description:
      "No offer (or offer version) with the requested id exists that this partner may sell (unpublished offers and other partners' exclusive offers read the same).",
  },
  {
    code: "OFFER_NOT_PUBLISHED",
    description: "No longer reported: an unpublished offer reads as OFFER_NOT_FOUND.",
  },
  {
    code: "OFFER_NOT_SOLD_BY_PARTNER",
    description: "No longer reported: an offer this partner may not sell reads as OFFER_NOT_FOUND.",
  },
  {
    code: "COUNTRY_NOT_ALLOWED_FOR_PARTNER",
    description: "The partner is not allowed to sell in the order's country.",
  },
  { code: "COUNTRY_NOT_ALLOWED_FOR_OFFER", description: "The offer is not sold in the order's country." },
  { code: "CURRENCY_NOT_PRICED", description: "The offer has no price in the order's currency." },
  {
    code: "QUANTITY_OUT_OF_BOUNDS",
    description: "The quantity is below the offer's minimum or above its maximum.",
  },
  { code: "DUPLICATE_OFFER_IN_ORDER", description: "The same offer appears on more than one order line." },
  {
    code: "ADD_ON_WITHOUT_BASE",
    description: "An add-on needs a base (non add-on) offer in the same order or in the subscription.",
  },
  {
    code: "DISCOUNT_NOT_FOUND",
    description: "No active discount code with this code exists for this partner.",
  },
  {
    code: "DISCOUNT_NOT_FOR_PARTNER",
    description: "No longer reported: another partner's code reads as DISCOUNT_NOT_FOUND.",
  },
  { code: "DISCOUNT_EXPIRED", description: "The discount code has expired." },
  {
    code: "DISCOUNT_USED_UP",
    description: "The discount code has reached its maximum number of redemptions.",
  },
  {
    code: "DISCOUNT_CURRENCY_MISMATCH",
    description: "A fixed-amount discount code is in a different currency than the order.",
  },
  { code: "CUSTOMER_NOT_FOUND", description: "No customer with this owner id exists for this partner." },
  {
    code: "SUBSCRIPTION_NOT_FOUND",
    description: "No subscription with this reference exists for this partner.",
  },
  {
    code: "SUBSCRIPTION_NOT_CHANGEABLE",
    description:
      "The subscription's state does not allow this change (e.g. cancelling a cancelled subscription, " +
      "changing an expired one, renewing a rolling one).",
  },
  {
    code: "ALREADY_SUBSCRIBED",
    description: "The customer (or the subscription, for add_offer) already has this offer active.",
  },
  { code: "CREDIT_LIMIT_EXCEEDED", description: "The order total is above the partner's credit limit." },
  {
    code: "PARTNER_CALLOUT_REJECTED",
    description:
      "The partner organisation's own eligibility check refused the order; the message is the check's.",
  },
  {
    code: "PARTNER_CALLOUT_UNAVAILABLE",
    description:
      "The partner organisation's own eligibility check, which must pass, did not answer in time or failed.",
  },
  {
    code: "PROVIDER_LIMIT_EXCEEDED",
    description:
      "The order is beyond what the partner's billing provider accepts (Stripe: at most 20 recurring offers on one subscription).",
  },
  {
    code: "OFFER_NOT_MAPPED_AT_PROVIDER",
    description:
      "The offer has no counterpart in the catalogue of the partner's billing provider yet (Zuora: no product rate plan is mapped to it; Stripe: its version has no price synced in the order's currency), so it cannot be billed there.",
  },
  {
    code: "DISCOUNT_NOT_MAPPED_AT_PROVIDER",
    description:
      "The discount code has no counterpart in the catalogue of the partner's billing provider yet (Zuora: no discount rate plan is mapped to it; Stripe: no coupon synced for it), so it cannot be applied there.",
  },
  {
    code: "TAX_RATE_NOT_MAPPED_AT_PROVIDER",
    description:
      "The partner's billing provider has no tax rate yet for the order's country at the portal's rate (Stripe with tax rates: the rate is made when the catalogue is synced), so the order's tax cannot be billed there.",
  },
  {
    code: "PARTNER_BILLING_ACCOUNT_MISSING",
    description:
      "The partner organisation owns its customers' invoices, but has no billing account of its own at its billing provider yet (Zuora: an account number; Stripe: a customer), so the order cannot be invoiced to it.",
  },
] as const;

export type EligibilityCode = (typeof ELIGIBILITY_CODES)[number]["code"];

/**
 * Codes the services no longer report (kept in the list, and the schema, so they are never reused):
 * what a partner may not sell or use reads as not found.
 */
export const RETIRED_ELIGIBILITY_CODES: readonly EligibilityCode[] = [
  "OFFER_NOT_PUBLISHED",
  "OFFER_NOT_SOLD_BY_PARTNER",
  "DISCOUNT_NOT_FOR_PARTNER",
];

/**
 * Codes of the partner's own check (orders/partner-callout.ts), which runs outside the catalogue
 * and partner rules of evaluateEligibility; orders/partner-callout.test.ts reaches them.
 */
export const CALLOUT_ELIGIBILITY_CODES: readonly EligibilityCode[] = [
  "PARTNER_CALLOUT_REJECTED",
  "PARTNER_CALLOUT_UNAVAILABLE",
];

/**
 * Codes a billing provider reports about its own limits, catalogue and accounts
 * (billing/stripe-provider.test.ts, billing/zuora-provider.test.ts and
 * billing/invoice-owner.test.ts reach them).
 */
export const PROVIDER_ELIGIBILITY_CODES: readonly EligibilityCode[] = [
  "PROVIDER_LIMIT_EXCEEDED",
  "OFFER_NOT_MAPPED_AT_PROVIDER",
  "DISCOUNT_NOT_MAPPED_AT_PROVIDER",
  "TAX_RATE_NOT_MAPPED_AT_PROVIDER",
  "PARTNER_BILLING_ACCOUNT_MISSING",
];

export const ELIGIBILITY_CODE_VALUES = ELIGIBILITY_CODES.map((entry) => entry.code) as [
  EligibilityCode,
  ...EligibilityCode[],
];

export interface EligibilityProblem {
  code: EligibilityCode;
  message: string;
  /** Dotted path of the request field at fault ("orderItems.1.quantity"); "" for the whole order. */
  path: string;
}
