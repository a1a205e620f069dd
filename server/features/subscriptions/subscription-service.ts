// The partner's subscriptions: list by status and one by reference. Another partner's
// reference is NOT_FOUND, exactly like an unknown one.
import { z } from "zod";
import { DomainError } from "../../domain/domain-error";
import { SUBSCRIPTION_STATUSES } from "../../domain/enums";
import { OWNER_ID_PATTERN } from "../../domain/identifiers";
import {
  RECENT_ORDERS,
  type SubscriptionDetail,
  type SubscriptionView,
} from "../../domain/partner-object-schemas";
import { parseOrThrow } from "../../domain/validation";
import type { DbTransaction } from "../../infra/db/client";
import type { Db } from "../../infra/db/db";
import { afterCursor, KEYSET_ORDER, keysetPage } from "../../infra/db/keyset-paging";
import type { PartnerScope } from "../auth/partner-scope";
import { orderBriefSelect, toOrderBrief } from "../orders/order-brief";
import { type SubscriptionRow, subscriptionSelect } from "./subscription-select";

export const listSubscriptionsQuerySchema = z
  .object({
    status: z.enum(SUBSCRIPTION_STATUSES).optional(),
    customer: z.string().regex(OWNER_ID_PATTERN, "must be an owner id").optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().max(200).optional(),
  })
  .strict();

function toSubscriptionView(row: SubscriptionRow): SubscriptionView {
  return {
    reference: row.reference,
    status: row.status,
    currency: row.currency,
    termStart: row.termStart.toISOString(),
    termEnd: row.termEnd?.toISOString() ?? null,
    termMonths: row.termMonths,
    cancelAt: row.cancelAt?.toISOString() ?? null,
    cancelledAt: row.cancelledAt?.toISOString() ?? null,
    cancelReason: row.cancelReason,
    createdAt: row.createdAt.toISOString(),
    customer: {
      owner: row.customer.id,
      email: row.customer.email,
      name: `${row.customer.firstName} ${row.customer.lastName}`,
    },
    items: row.items.map((i) => ({
      offer: {
        id: i.offerId,
        version: i.offerVersion,
        name: i.offerVersionRef.name,
        addOn: i.offerVersionRef.addOn,
      },
      quantity: i.quantity,
      unitAmount: i.unitAmount,
      billingPeriod: i.billingPeriod,
      addedAt: i.addedAt.toISOString(),
    })),
  };
}

export async function getSubscription(
  db: Db,
  scope: PartnerScope,
  reference: string,
): Promise<SubscriptionDetail> {
  return subscriptionDetail(db, scope.partnerId, { reference: reference.trim().toUpperCase() });
}

/** The same by reference or id, for a client inside a transaction (an event's payload). */
export async function subscriptionDetail(
  db: DbTransaction,
  partnerId: string,
  which: { reference: string } | { id: string },
): Promise<SubscriptionDetail> {
  const reference = "reference" in which ? which.reference : which.id;
  const row = await db.subscription.findFirst({
    where: { ...which, partnerId },
    select: {
      ...subscriptionSelect,
      orders: { orderBy: KEYSET_ORDER, take: RECENT_ORDERS, select: orderBriefSelect },
    },
  });
  if (!row) throw new DomainError("NOT_FOUND", `No subscription ${reference}`);
  return { ...toSubscriptionView(row), orders: row.orders.map(toOrderBrief) };
}

export async function listSubscriptions(
  db: Db,
  scope: PartnerScope,
  rawQuery: z.input<typeof listSubscriptionsQuerySchema>,
) {
  const query = parseOrThrow(listSubscriptionsQuerySchema, rawQuery);
  const rows = await db.subscription.findMany({
    where: {
      partnerId: scope.partnerId,
      ...(query.status ? { status: query.status } : {}),
      ...(query.customer ? { customerId: query.customer } : {}),
      ...afterCursor(query.cursor),
    },
    orderBy: KEYSET_ORDER,
    take: query.limit + 1,
    select: subscriptionSelect,
  });
  return keysetPage(rows, query.limit, toSubscriptionView);
}
