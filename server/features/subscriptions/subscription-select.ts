// How a subscription is read, once for every reader: an order against it (pricing, eligibility,
// the billing provider's request) and the portal's subscription pages. Only live items.
import type { DbTypes } from "../../infra/db/client";

export const subscriptionSelect = {
  id: true,
  reference: true,
  partnerId: true,
  customerId: true,
  status: true,
  currency: true,
  termStart: true,
  termEnd: true,
  termMonths: true,
  cancelAt: true,
  cancelledAt: true,
  cancelReason: true,
  providerSubscriptionId: true,
  createdAt: true,
  customer: { select: { id: true, email: true, firstName: true, lastName: true } },
  items: {
    where: { removedAt: null },
    orderBy: { addedAt: "asc" },
    select: {
      id: true,
      offerId: true,
      offerVersion: true,
      quantity: true,
      unitAmount: true,
      billingPeriod: true,
      addedAt: true,
      removedAt: true,
      offerVersionRef: { select: { name: true, addOn: true, termMonths: true, productCode: true } },
    },
  },
} satisfies DbTypes.SubscriptionSelect;

export type SubscriptionRow = DbTypes.SubscriptionGetPayload<{ select: typeof subscriptionSelect }>;
export type SubscriptionItemRow = SubscriptionRow["items"][number];
