// The partner's customers (owner identities): list with search, and one with its subscriptions
// and orders. Every query is filtered on the scope's partner.
import { z } from "zod";
import type { PartnerScope } from "../auth/partner-scope";
import type { Db } from "../db";
import { DomainError } from "../domain/domain-error";
import { afterCursor, KEYSET_ORDER, keysetPage } from "../paging/keyset-paging";
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
  const rows = await db.customer.findMany({
    where: {
      partnerId: scope.partnerId,
      AND: [
        q ? { OR: [{ emailLower: { contains: q } }, { nameLower: { contains: q } }, { id: q }] } : {},
        afterCursor(query.cursor),
      ],
    },
    orderBy: KEYSET_ORDER,
    take: query.limit + 1,
    select: customerSelect,
  });
  return keysetPage(rows, query.limit, (c) => ({
    owner: c.id,
    ...c,
    id: undefined,
    createdAt: c.createdAt.toISOString(),
  }));
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
