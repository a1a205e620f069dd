// The partner's customers (owner identities): list with search, and one with its subscriptions
// and orders. Every query is filtered on the scope's partner.
import { z } from "zod";
import type { PartnerScope } from "../auth/partner-scope";
import type { Db } from "../db";
import { DomainError } from "../domain/domain-error";
import { decodeOrderCursor, encodeOrderCursor } from "../orders/order-cursor";
import { parseOrThrow } from "../validation";

export const listCustomersQuerySchema = z
  .object({
    q: z.string().trim().max(254).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().max(200).optional(),
  })
  .strict();

const customerSelect = {
  id: true,
  firstName: true,
  lastName: true,
  email: true,
  phone: true,
  company: true,
  country: true,
  createdAt: true,
} as const;

export async function listCustomers(
  db: Db,
  scope: PartnerScope,
  rawQuery: z.input<typeof listCustomersQuerySchema>,
) {
  const query = parseOrThrow(listCustomersQuerySchema, rawQuery);
  const q = query.q?.toLowerCase();
  const cursor = query.cursor ? decodeOrderCursor(query.cursor) : null;
  const rows = await db.customer.findMany({
    where: {
      partnerId: scope.partnerId,
      ...(q ? { OR: [{ emailLower: { contains: q } }, { nameLower: { contains: q } }, { id: q }] } : {}),
      ...(cursor
        ? {
            AND: [
              {
                OR: [
                  { createdAt: { lt: cursor.createdAt } },
                  { createdAt: cursor.createdAt, id: { lt: cursor.id } },
                ],
              },
            ],
          }
        : {}),
    },
    // Newest first, with the keyset cursor of the order list (owner ids are random, not ordered).
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
    select: customerSelect,
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map((c) => ({ owner: c.id, ...c, id: undefined, createdAt: c.createdAt.toISOString() })),
    next_cursor:
      rows.length > query.limit && last
        ? encodeOrderCursor({ createdAt: last.createdAt, id: last.id })
        : null,
  };
}

export async function getCustomer(db: Db, scope: PartnerScope, owner: string) {
  const customer = await db.customer.findFirst({
    where: { id: owner, partnerId: scope.partnerId },
    select: {
      ...customerSelect,
      billingAddress: true,
      subscriptions: {
        orderBy: { createdAt: "desc" },
        select: {
          reference: true,
          status: true,
          currency: true,
          termStart: true,
          termEnd: true,
          cancelAt: true,
        },
      },
    },
  });
  if (!customer) throw new DomainError("NOT_FOUND", `No customer ${owner}`);
  return customer;
}
