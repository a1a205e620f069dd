// The partner's subscriptions: list by status and one by reference. Another partner's
// reference is NOT_FOUND, exactly like an unknown one.
import { z } from "zod";
import type { PartnerScope } from "../auth/partner-scope";
import type { Db } from "../db";
import { DomainError } from "../domain/domain-error";
import { SUBSCRIPTION_STATUSES } from "../domain/enums";
import { decodeOrderCursor, encodeOrderCursor } from "../orders/order-cursor";
import { parseOrThrow } from "../validation";

export const listSubscriptionsQuerySchema = z
  .object({
    status: z.enum(SUBSCRIPTION_STATUSES).optional(),
    customer: z.string().max(40).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().max(200).optional(),
  })
  .strict();

const subscriptionSelect = {
  id: true,
  reference: true,
  status: true,
  currency: true,
  termStart: true,
  termEnd: true,
  termMonths: true,
  cancelAt: true,
  cancelledAt: true,
  cancelReason: true,
  createdAt: true,
  customer: { select: { id: true, email: true, firstName: true, lastName: true } },
  items: {
    where: { removedAt: null },
    orderBy: { addedAt: "asc" },
    select: {
      offerId: true,
      offerVersion: true,
      quantity: true,
      unitAmount: true,
      billingPeriod: true,
      addedAt: true,
      offerVersionRef: { select: { name: true, addOn: true } },
    },
  },
} as const;

type SubscriptionRow = {
  reference: string;
  status: string;
  currency: string;
  termStart: Date;
  termEnd: Date | null;
  termMonths: number | null;
  cancelAt: Date | null;
  cancelledAt: Date | null;
  cancelReason: string | null;
  createdAt: Date;
  customer: { id: string; email: string; firstName: string; lastName: string };
  items: {
    offerId: string;
    offerVersion: number;
    quantity: number;
    unitAmount: number;
    billingPeriod: string;
    addedAt: Date;
    offerVersionRef: { name: string; addOn: boolean };
  }[];
};

function toSubscriptionView(row: SubscriptionRow) {
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

export type SubscriptionView = ReturnType<typeof toSubscriptionView>;

export async function getSubscription(
  db: Db,
  scope: PartnerScope,
  reference: string,
): Promise<SubscriptionView> {
  const row = await db.subscription.findFirst({
    where: { reference: reference.trim().toUpperCase(), partnerId: scope.partnerId },
    select: subscriptionSelect,
  });
  if (!row) throw new DomainError("NOT_FOUND", `No subscription ${reference}`);
  return toSubscriptionView(row as SubscriptionRow);
}

export async function listSubscriptions(
  db: Db,
  scope: PartnerScope,
  rawQuery: z.input<typeof listSubscriptionsQuerySchema>,
) {
  const query = parseOrThrow(listSubscriptionsQuerySchema, rawQuery);
  const cursor = query.cursor ? decodeOrderCursor(query.cursor) : null;
  const rows = (await db.subscription.findMany({
    where: {
      partnerId: scope.partnerId,
      ...(query.status ? { status: query.status } : {}),
      ...(query.customer ? { customerId: query.customer } : {}),
      ...(cursor
        ? {
            OR: [
              { createdAt: { lt: cursor.createdAt } },
              { createdAt: cursor.createdAt, id: { lt: cursor.id } },
            ],
          }
        : {}),
    },
    // Newest first, with the same keyset cursor as the order list (ids are random, not ordered).
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
    select: subscriptionSelect,
  })) as (SubscriptionRow & { id: string })[];
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(toSubscriptionView),
    next_cursor:
      rows.length > query.limit && last
        ? encodeOrderCursor({ createdAt: last.createdAt, id: last.id })
        : null,
  };
}
