// Loads everything one order needs from the database, always inside the scope's partner: the
// partner's settings, the requested offer versions (with their offers' Zuora mappings), the
// discount code, the customer and the subscription. Another partner's customer or subscription
// loads as "not found".

import type { OrderRequest } from "../../domain/order-request-schemas";
import type { Db } from "../../infra/db/db";
import type { PartnerScope } from "../auth/partner-scope";
import {
  findOrderOffers,
  findZuoraMappings,
  type OfferVersionRow,
  type ZuoraMappings,
} from "../catalog/offer-lookup";
import { type SubscriptionRow, subscriptionSelect } from "../subscriptions/subscription-select";
import { type PartnerRow, readPartnerSettings } from "./partner-settings";

export type { SubscriptionItemRow, SubscriptionRow } from "../subscriptions/subscription-select";

export type CustomerRow = {
  id: string;
  partnerId: string;
  firstName: string;
  lastName: string;
  email: string;
  country: string | null;
  billingAddress: unknown;
  providerCustomerId: string | null;
  activeSubscriptionOfferIds: string[];
};

export type DiscountRow = {
  id: string;
  code: string;
  partnerId: string | null;
  kind: "percent" | "amount";
  percentOff: number | null;
  amountOff: number | null;
  currency: string | null;
  durationPeriods: number | null;
  expiresAt: Date | null;
  maxRedemptions: number | null;
  timesRedeemed: number;
  active: boolean;
  /** The Zuora discount rate plan and charge of the code (catalog/zuora-columns.ts); null: none. */
  zuoraProductRatePlanId: string | null;
  zuoraProductRatePlanChargeId: string | null;
  /** The code's Stripe coupons (the Stripe catalogue sync); null: not synced. */
  stripeCouponIdMonthly: string | null;
  stripeCouponIdYearly: string | null;
};

export type OrderContext = {
  partner: PartnerRow;
  offers: (OfferVersionRow | null)[];
  /**
   * Offer id -> its Zuora rate plan and charge, for the requested offers (read with them, at no
   * extra query) and, for a renewal, the subscription's (whose lines a renewal bills again).
   */
  zuora: ZuoraMappings;
  discount: DiscountRow | null;
  /** The existing customer the order is for (named, matched by email, or the subscription's). */
  customer: CustomerRow | null;
  subscription: SubscriptionRow | null;
};

const customerSelect = {
  id: true,
  partnerId: true,
  firstName: true,
  lastName: true,
  email: true,
  country: true,
  billingAddress: true,
  providerCustomerId: true,
} as const;

export type LoadOptions = {
  /** How old a copy of the partner's settings may be (see partner-settings.ts); 0 reads them. */
  partnerSettingsMaxAgeMs?: number;
};

export async function loadOrderContext(
  db: Db,
  scope: PartnerScope,
  request: OrderRequest,
  options: LoadOptions = {},
): Promise<OrderContext> {
  const partnerId = scope.partnerId;
  const [partner, subscription, discount] = await Promise.all([
    readPartnerSettings(db, partnerId, options.partnerSettingsMaxAgeMs),
    "forSubscription" in request ? loadSubscription(db, partnerId, request.forSubscription.reference) : null,
    "orderDiscount" in request && request.orderDiscount
      ? (db.discountCode.findUnique({
          where: { code: request.orderDiscount.code },
        }) as Promise<DiscountRow | null>)
      : null,
  ]);
  const found =
    "orderItems" in request
      ? await findOrderOffers(
          db,
          request.orderItems.map((i) => i.offer),
        )
      : null;
  const offers = (found?.versions ?? []).map((offer) => (offer && maySell(offer, partnerId) ? offer : null));
  const zuora =
    found?.zuora ??
    (request.order_type === "renew" && subscription
      ? await findZuoraMappings(
          db,
          subscription.items.map((item) => item.offerId),
        )
      : new Map());
  const customer = await loadCustomer(db, partnerId, request, subscription);
  return {
    partner,
    offers,
    zuora,
    discount: discount && mayUse(discount, partnerId) ? discount : null,
    customer,
    subscription,
  };
}

// What a partner may not sell or use reads exactly like what does not exist: not priced, not
// named, reported as OFFER_NOT_FOUND or DISCOUNT_NOT_FOUND. Telling "not published" or "another
// partner's" apart would show a partner's exclusive catalogue and codes to everyone else.
function maySell(offer: OfferVersionRow, partnerId: string): boolean {
  return (
    offer.published &&
    (offer.openToAllPartners || offer.eligiblePartners.some((p) => p.partnerId === partnerId))
  );
}

function mayUse(discount: DiscountRow, partnerId: string): boolean {
  return discount.partnerId === null || discount.partnerId === partnerId;
}

async function loadSubscription(
  db: Db,
  partnerId: string,
  reference: string,
): Promise<SubscriptionRow | null> {
  return db.subscription.findFirst({ where: { reference, partnerId }, select: subscriptionSelect });
}

async function loadCustomer(
  db: Db,
  partnerId: string,
  request: OrderRequest,
  subscription: SubscriptionRow | null,
): Promise<CustomerRow | null> {
  let customer: Omit<CustomerRow, "activeSubscriptionOfferIds"> | null = null;
  if (request.order_type === "new" && !request.customer && request.customerDetails) {
    // One identity per email within a partner (a unique index): a "new customer" whose email the
    // partner already knows is that customer, so duplicate-subscription checks and history stay
    // with one owner.
    const emailLower = request.customerDetails.email.toLowerCase();
    customer = await db.customer.findUnique({
      where: { partnerId_emailLower: { partnerId, emailLower } },
      select: customerSelect,
    });
  } else {
    const id = request.order_type === "new" ? request.customer?.owner : subscription?.customerId;
    if (id) customer = await db.customer.findFirst({ where: { id, partnerId }, select: customerSelect });
  }
  if (!customer) return null;
  // A separate query, not a nested select: Prisma would spend two (subscriptions, then items) on
  // what one join answers, and would run them even when no customer matched.
  const items = await db.subscriptionItem.findMany({
    where: {
      removedAt: null,
      subscription: { customerId: customer.id, partnerId, status: { in: ["active", "pending"] } },
    },
    select: { offerId: true },
  });
  return { ...customer, activeSubscriptionOfferIds: [...new Set(items.map((i) => i.offerId))] };
}
