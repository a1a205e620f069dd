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
import {
  afterCursor,
  decodeOrderCursor,
  encodeOrderCursor,
  KEYSET_ORDER,
  keysetPage,
} from "../../infra/db/keyset-paging";
import type { PartnerScope } from "../auth/partner-scope";
import { orderBriefSelect, toOrderBrief } from "../orders/order-brief";
import { customerSearchCandidates } from "./customer-search";

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
  const rows = query.q
    ? await searchPage(db, scope, query.q, query.limit + 1, query.cursor)
    : await db.customer.findMany({
        where: { partnerId: scope.partnerId, ...afterCursor(query.cursor) },
        orderBy: KEYSET_ORDER,
        take: query.limit + 1,
        select: customerSelect,
      });
  return keysetPage(rows, query.limit, toCustomerView);
}

/**
 * Up to `wanted` customers, newest first after the cursor, whose name or email contains q (any
 * case), or whose owner id is q. With candidates from the search index the page is picked from
 * them (candidatePage); without, the partner's customers are read newest first. Prisma's `contains` is a LIKE
 * that reads q's own % and _ as wildcards, so what it returns is checked here for q itself, and
 * reading goes on where a batch lost rows to that check.
 */
async function searchPage(
  db: Db,
  scope: PartnerScope,
  term: string,
  wanted: number,
  cursor: string | undefined,
): Promise<CustomerRow[]> {
  const q = term.toLowerCase();
  const candidates = await customerSearchCandidates(db, scope.partnerId, q);
  if (candidates) return candidatePage(db, scope, [...candidates, term], { q, term, wanted, cursor });
  const found: CustomerRow[] = [];
  let after = cursor;
  // Grows, so that a q whose wildcards match most customers takes tens of reads, not thousands.
  for (let take = wanted; ; take = Math.min(take * 4, 1000)) {
    const batch = await db.customer.findMany({
      where: {
        partnerId: scope.partnerId,
        AND: [containsTerm(q, term), afterCursor(after)],
      },
      orderBy: KEYSET_ORDER,
      take,
      select: { ...customerSelect, emailLower: true, nameLower: true },
    });
    for (const { emailLower, nameLower, ...row } of batch) {
      if (matchesTerm({ emailLower, nameLower, id: row.id }, q, term)) found.push(row);
    }
    const last = batch.at(-1);
    if (found.length >= wanted || batch.length < take || !last) return found.slice(0, wanted);
    after = encodeOrderCursor(last);
  }
}

/**
 * The page picked from the index's candidates (at most 1,000, and the term as an owner id): read
 * by primary key, then checked, ordered and cut here. Asked for in the list's order with a LIMIT,
 * SQLite may instead walk the partner's newest-first index testing each row against the id list,
 * which reads every customer when few of them match (185 ms at 700,000 customers for a term
 * with 100 candidates, where other terms took 4-9 ms: the planner's choice depends on the count).
 */
async function candidatePage(
  db: Db,
  scope: PartnerScope,
  ids: string[],
  page: { q: string; term: string; wanted: number; cursor: string | undefined },
): Promise<CustomerRow[]> {
  const after = page.cursor ? decodeOrderCursor(page.cursor) : null;
  const rows = await db.customer.findMany({
    // The term is tested here too (as LIKE: a superset, checked again below), so that of a hundred
    // candidates only the few that match are read and mapped.
    where: { partnerId: scope.partnerId, id: { in: ids }, ...containsTerm(page.q, page.term) },
    select: { ...customerSelect, emailLower: true, nameLower: true },
  });
  return rows
    .filter((r) => matchesTerm(r, page.q, page.term))
    .filter((r) => !after || compareNewestFirst(r, after) > 0)
    .sort(compareNewestFirst)
    .slice(0, page.wanted)
    .map(({ emailLower: _email, nameLower: _name, ...row }) => row);
}

/** Rows whose email or name may contain q (a LIKE, which reads q's % and _ as wildcards), or whose id is the term. */
function containsTerm(q: string, term: string) {
  return { OR: [{ emailLower: { contains: q } }, { nameLower: { contains: q } }, { id: term }] };
}

/** The search's own test of a row: q (lower-case) in its email or name, or the term as its owner id. */
function matchesTerm(row: { emailLower: string; nameLower: string; id: string }, q: string, term: string) {
  return row.emailLower.includes(q) || row.nameLower.includes(q) || row.id === term;
}

/** KEYSET_ORDER in JavaScript: negative when `a` comes first (newer, or the larger id). */
function compareNewestFirst(a: { createdAt: Date; id: string }, b: { createdAt: Date; id: string }) {
  const byTime = b.createdAt.getTime() - a.createdAt.getTime();
  if (byTime !== 0) return byTime;
  return a.id === b.id ? 0 : a.id < b.id ? 1 : -1;
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
