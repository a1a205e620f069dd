// The partner's own billing accounts at the providers (its Zuora account number and Stripe
// customer id), which a provider bills instead of the end customer when the partner owns the
// invoice. Read only for such a partner: the others' orders need not spend the query.
import type { PartnerBillingAccounts } from "../billing/billing-provider";
import type { Db } from "../db";

export const NO_BILLING_ACCOUNTS: PartnerBillingAccounts = Object.freeze({
  zuoraAccountNumber: null,
  stripeCustomerId: null,
});

export async function readPartnerBillingAccounts(db: Db, partnerId: string): Promise<PartnerBillingAccounts> {
  const row = await db.partner.findUnique({
    where: { id: partnerId },
    select: { zuoraAccountNumber: true, stripeCustomerId: true },
  });
  return row
    ? { zuoraAccountNumber: row.zuoraAccountNumber, stripeCustomerId: row.stripeCustomerId }
    : NO_BILLING_ACCOUNTS;
}
