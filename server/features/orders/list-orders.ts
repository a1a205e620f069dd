import { parseOrThrow } from "../../domain/validation";
import type { Db } from "../../infra/db/db";
import { afterCursor, KEYSET_ORDER, keysetPage } from "../../infra/db/keyset-paging";
import type { PartnerScope } from "../auth/partner-scope";
import { type ListOrdersQuery, listOrdersQuerySchema } from "./list-orders-query";
import { type OrderListItem, orderViewSelect, toOrderListItem } from "./order-view";

export type OrderPage = { items: OrderListItem[]; next_cursor: string | null };

/** A page of this partner's orders, newest first, with the contract's filters. */
export async function listOrders(db: Db, scope: PartnerScope, rawQuery: ListOrdersQuery): Promise<OrderPage> {
  const query = parseOrThrow(listOrdersQuerySchema, rawQuery);
  const and: object[] = [{ partnerId: scope.partnerId }];
  if (query.status) and.push({ status: query.status });
  if (query.order_type) and.push({ type: query.order_type });
  if (query.external_id) and.push({ externalId: query.external_id });
  if (query.customer) and.push({ customerId: query.customer });
  if (query.subscription) and.push({ subscription: { reference: query.subscription.toUpperCase() } });
  if (query.created_from) and.push({ createdAt: { gte: startOf(query.created_from) } });
  if (query.created_to) and.push({ createdAt: { lte: endOf(query.created_to) } });
  if (query.q) {
    const q = query.q.trim();
    and.push({
      OR: [
        { reference: q.toUpperCase() },
        { externalId: q },
        { customer: { emailLower: q.toLowerCase() } },
        { customer: { emailLower: { startsWith: q.toLowerCase() } } },
      ],
    });
  }
  and.push(afterCursor(query.cursor));
  const rows = await db.order.findMany({
    where: { AND: and },
    orderBy: KEYSET_ORDER,
    take: query.limit + 1,
    select: orderViewSelect,
  });
  return keysetPage(rows, query.limit, toOrderListItem);
}

/** A bare date means the whole day (UTC): `created_to=2026-01-31` includes that day. */
function startOf(value: string): Date {
  return new Date(value.length === 10 ? `${value}T00:00:00.000Z` : value);
}
function endOf(value: string): Date {
  return new Date(value.length === 10 ? `${value}T23:59:59.999Z` : value);
}
