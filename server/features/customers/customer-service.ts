// The partner's customers (owner identities): list with search, and one with its subscriptions
// and newest orders. Every query is filtered on the scope's partner; another partner's owner id
// is NOT_FOUND, exactly like an unknown one.
import { z } from "zod";
import { DomainError } from "../../domain/domain-error";
import {
  CUSTOMER_ADDRESS_FIELDS,
  type CustomerDetail,
  type CustomerListResponse,
  type CustomerView,
  RECENT_ORDERS,
} from "../../domain/partner-object-schemas";
import { parseOrThrow } from "../../domain/validation";
import type { DbTypes } from "../../infra/db/client";
import type { Db } from "../../infra/db/db";
import { afterCursor, KEYSET_ORDER, keysetPage } from "../../infra/db/keyset-paging";
import type { PartnerScope } from "../auth/partner-scope";
import { orderBriefSelect, toOrderBrief } from "../orders/order-brief";

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
} satisfies DbTypes.CustomerSelect;

type CustomerRow = DbTypes.CustomerGetPayload<{ select: typeof customerSelect }>;

function toCustomerView({ id, createdAt, ...contact }: CustomerRow): CustomerView {
  return { owner: id, ...contact, createdAt: createdAt.toISOString() };
}

/**
 * The stored billing address (JSON, as the first order gave it) reduced to its address fields:
 * names, email and phone are the customer's own fields, and nothing else stored may leak out.
 */
function toAddress(stored: unknown): CustomerDetail["billingAddress"] {
  if (!stored || typeof stored !== "object") return null;
  const fields = stored as Record<string, unknown>;
  const address: NonNullable<CustomerDetail["billingAddress"]> = {};
  for (const field of CUSTOMER_ADDRESS_FIELDS) {
    const value = fields[field];
    if (typeof value === "string" && value !== "") address[field] = value;
  }
  return address;
}

export async function listCustomers(
  db: Db,
  scope: PartnerScope,
  rawQuery: z.input<typeof listCustomersQuerySchema>,
): Promise<CustomerListResponse> {
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
  return keysetPage(rows, query.limit, toCustomerView);
}

export async function getCustomer(db: Db, scope: PartnerScope, owner: string): Promise<CustomerDetail> {
  const row = await db.customer.findFirst({
    where: { id: owner, partnerId: scope.partnerId },
    select: {
      ...customerSelect,
      billingAddress: true,
      subscriptions: {
        orderBy: KEYSET_ORDER,
        select: {
          reference: true,
          status: true,
          currency: true,
          termStart: true,
          termEnd: true,
          cancelAt: true,
        },
      },
      orders: { orderBy: KEYSET_ORDER, take: RECENT_ORDERS, select: orderBriefSelect },
    },
  });
  if (!row) throw new DomainError("NOT_FOUND", `No customer ${owner}`);
  const { billingAddress, subscriptions, orders, ...customer } = row;
  return {
    ...toCustomerView(customer),
    billingAddress: toAddress(billingAddress),
    subscriptions: subscriptions.map((s) => ({
      reference: s.reference,
      status: s.status,
      currency: s.currency,
      termStart: s.termStart.toISOString(),
      termEnd: s.termEnd?.toISOString() ?? null,
      cancelAt: s.cancelAt?.toISOString() ?? null,
    })),
    orders: orders.map(toOrderBrief),
  };
}
