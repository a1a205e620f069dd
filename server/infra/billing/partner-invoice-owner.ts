// The partner as invoice owner (`partner update --invoice-owner partner`): a new order of such a
// partner is invoiced to the partner's own account at its provider (Zuora: `invoiceOwnerAccountNumber`
// on the new subscription; Stripe: the partner's customer), the end customer being named on what
// the order makes. Orders on an existing subscription keep the invoice owner it was made with.
import { DomainError } from "../../domain/domain-error";
import type { ProviderOrderRequest } from "./billing-provider";

const ACCOUNT = {
  zuora: { field: "zuoraAccountNumber", what: "Zuora account", flag: "--zuora-account" },
  stripe: { field: "stripeCustomerId", what: "Stripe customer", flag: "--stripe-customer" },
} as const;

/**
 * The partner's account the order is invoiced to: null when the end customer is (the partner
 * does not own the invoice, or the order changes an existing subscription). A partner that owns
 * the invoice without an account at this provider is refused before the provider is asked.
 */
export function partnerInvoiceAccount(
  request: ProviderOrderRequest,
  provider: keyof typeof ACCOUNT,
): string | null {
  if (request.partner.invoiceOwner !== "partner" || request.orderType !== "new") return null;
  const { field, what, flag } = ACCOUNT[provider];
  const account = request.partner.accounts?.[field] ?? null;
  if (account) return account;
  const message = `This partner organisation is invoiced for its customers' orders, but has no ${what} of its own yet, so the order cannot be invoiced to it; the portal's operator sets it (partner update ${flag}).`;
  throw new DomainError("INELIGIBLE", `The order is not eligible: ${message}`, {
    problems: [{ code: "PARTNER_BILLING_ACCOUNT_MISSING", path: "", message }],
  });
}

/** The end customer, as named on what the partner is invoiced for (metadata, invoice fields). */
export function endCustomerName(request: ProviderOrderRequest): string {
  const { customer } = request;
  return `${customer.firstName} ${customer.lastName}`.trim() || customer.email;
}
