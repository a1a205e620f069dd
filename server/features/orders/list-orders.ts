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
  if (query.q) and.push(await searchTerms(db, scope, query.q.trim()));
  and.push(afterCursor(query.cursor));
  const rows = await db.order.findMany({
    where: { AND: and },
    orderBy: KEYSET_ORDER,
    take: query.limit + 1,
    select: orderViewSelect,
  });
  return keysetPage(rows, query.limit, toOrderListItem);
}

/** At most this many customers' orders are looked up by id; a broader email prefix is filtered instead. */
const SEARCH_CUSTOMERS = 200;

/**
 * What `q` matches: the order's reference or external id exactly, or its customer's email, whole
 * or its beginning. Each is an index lookup, so a search costs the same at a thousand orders or a
 * million: the reference and (partner, external id) are unique, and the customers whose email
 * starts with `q` are found first on the (partner, email) index, by range rather than LIKE (which
 * SQLite cannot answer from an index), then their orders by customer id. Only a prefix so short that
 * it matches more than SEARCH_CUSTOMERS customers is left as a filter on the list's walk; it then
 * matches often enough that a page fills quickly.
 */
async function searchTerms(db: Db, scope: PartnerScope, q: string): Promise<object> {
  const email = q.toLowerCase();
  const customers = await db.customer.findMany({
    // The range is what an index answers; `startsWith` keeps the match exact under a PostgreSQL
    // collation that orders punctuation its own way (the range may then hold a few more).
    where: {
      partnerId: scope.partnerId,
      emailLower: { gte: email, lt: `${email}\u{10FFFF}`, startsWith: email },
    },
    select: { id: true },
    take: SEARCH_CUSTOMERS + 1,
  });
  const byEmail =
    customers.length > SEARCH_CUSTOMERS
      ? [{ customer: { emailLower: { startsWith: email } } }]
      : customers.length > 0
        ? [{ customerId: { in: customers.map((c) => c.id) } }]
        : [];
  return { OR: [{ reference: q.toUpperCase() }, { externalId: q }, ...byEmail] };
}

/** A bare date means the whole day (UTC): `created_to=2026-01-31` includes that day. */
function startOf(value: string): Date {
  return new Date(value.length === 10 ? `${value}T00:00:00.000Z` : value);
}
function endOf(value: string): Date {
  return new Date(value.length === 10 ? `${value}T23:59:59.999Z` : value);
}
