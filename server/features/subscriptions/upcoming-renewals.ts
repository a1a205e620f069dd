// The partner's renewals and endings: its active subscriptions that renew, end or are cancelled
// within the next 30, 60 or 90 days, soonest first, for staff to chase (the renewals page, its CSV
// and the dashboard's panel).
//
// What happens is decided in the domain (renewals.ts): a scheduled cancellation at `cancelAt`;
// otherwise the term's end at `termEnd`, renewed by the provider (Stripe) or left to expire. The
// list is the union of two range reads, each walking an index in its own date order:
//   cancellations: (partnerId, status, cancelAt, id), cancelAt in the window;
//   term ends:     (partnerId, status, cancelAt, termEnd, id), cancelAt IS NULL, termEnd in it.
// A subscription is in exactly one of them (cancelAt set or not), so merging the two by
// (date, id) orders the whole list, and the keyset cursor (date, id) continues both: each read
// takes one row more than a page after the cursor, and the merge keeps the first page of them.
// The cursor is the shared keyset helper's, with the date of the change as its time.
import { z } from "zod";
import { BILLING_PROVIDERS, type BillingProviderKind } from "../../domain/enums";
import {
  amountsPerPeriod,
  DEFAULT_RENEWAL_WINDOW,
  RENEWAL_KINDS,
  RENEWAL_WINDOWS,
  RENEWING_PROVIDERS,
  type RenewalKind,
  type RenewalView,
  termEndKind,
} from "../../domain/renewals";
import { parseOrThrow } from "../../domain/validation";
import type { DbTypes } from "../../infra/db/client";
import type { Db } from "../../infra/db/db";
import { decodeOrderCursor, keysetPage } from "../../infra/db/keyset-paging";
import type { PartnerScope } from "../auth/partner-scope";

const DAY_MS = 24 * 60 * 60 * 1000;

export const upcomingRenewalsQuerySchema = z
  .object({
    within: z.coerce
      .number()
      .int()
      .refine((d) => (RENEWAL_WINDOWS as readonly number[]).includes(d), {
        message: `must be one of ${RENEWAL_WINDOWS.join(", ")} (days)`,
      })
      .default(DEFAULT_RENEWAL_WINDOW),
    kind: z.enum(RENEWAL_KINDS).optional(),
    /** A subscription reference, or the start of the customer's email or name. */
    q: z.string().trim().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().max(200).optional(),
  })
  .strict();

export type UpcomingRenewalsQuery = z.input<typeof upcomingRenewalsQuerySchema>;
export type RenewalPage = { items: RenewalView[]; next_cursor: string | null };

const renewalSelect = {
  id: true,
  reference: true,
  status: true,
  currency: true,
  termEnd: true,
  cancelAt: true,
  cancelReason: true,
  customer: { select: { id: true, email: true, firstName: true, lastName: true } },
  items: {
    where: { removedAt: null },
    orderBy: { addedAt: "asc" },
    select: {
      offerId: true,
      quantity: true,
      unitAmount: true,
      billingPeriod: true,
      offerVersionRef: { select: { name: true } },
    },
  },
  // Who bills it decides whether a term renews by itself: the provider of its `new` order.
  orders: { where: { type: "new" }, take: 1, select: { billingProvider: true } },
} satisfies DbTypes.SubscriptionSelect;

type RenewalRow = DbTypes.SubscriptionGetPayload<{ select: typeof renewalSelect }>;
type Dated = { createdAt: Date; id: string; kind: RenewalKind; row: RenewalRow };

export async function upcomingRenewals(
  db: Db,
  scope: PartnerScope,
  rawQuery: UpcomingRenewalsQuery,
  now: Date = new Date(),
): Promise<RenewalPage> {
  const query = parseOrThrow(upcomingRenewalsQuerySchema, rawQuery);
  const cursor = query.cursor ? decodeOrderCursor(query.cursor) : null;
  // From the cursor's date on, when there is one, so a later page starts its index range there.
  const from = cursor && cursor.createdAt > now ? cursor.createdAt : now;
  const window = { gte: from, lte: new Date(now.getTime() + query.within * DAY_MS) };
  const take = query.limit + 1;
  const base = { partnerId: scope.partnerId, status: "active" as const, ...searchOf(query.q) };

  /** After the cursor in (date, id) order, for the column holding the date. */
  const after = (column: "cancelAt" | "termEnd") =>
    cursor
      ? {
          OR: [{ [column]: { gt: cursor.createdAt } }, { [column]: cursor.createdAt, id: { gt: cursor.id } }],
        }
      : {};

  const [cancelling, termEnding] = await Promise.all([
    !query.kind || query.kind === "cancels"
      ? db.subscription.findMany({
          where: { AND: [{ ...base, cancelAt: window }, after("cancelAt")] },
          orderBy: [{ cancelAt: "asc" }, { id: "asc" }],
          take,
          select: renewalSelect,
        })
      : [],
    !query.kind || query.kind !== "cancels"
      ? db.subscription.findMany({
          where: {
            AND: [
              { ...base, cancelAt: null, termEnd: window, ...providerFilter(query.kind) },
              after("termEnd"),
            ],
          },
          orderBy: [{ termEnd: "asc" }, { id: "asc" }],
          take,
          select: renewalSelect,
        })
      : [],
  ]);

  const dated: Dated[] = [
    ...cancelling.map((row) => ({
      createdAt: row.cancelAt ?? now,
      id: row.id,
      kind: "cancels" as const,
      row,
    })),
    ...termEnding.map((row) => ({
      createdAt: row.termEnd ?? now,
      id: row.id,
      kind: termEndKind(providerOf(row)),
      row,
    })),
  ].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  return keysetPage(dated.slice(0, take), query.limit, toRenewalView);
}

function providerOf(row: RenewalRow): BillingProviderKind | null {
  return row.orders[0]?.billingProvider ?? null;
}

/** "renews" and "ends" differ only by who bills the subscription. */
function providerFilter(kind: RenewalKind | undefined) {
  if (kind === "renews")
    return { orders: { some: { type: "new" as const, billingProvider: { in: [...RENEWING_PROVIDERS] } } } };
  if (kind === "ends") {
    const others = BILLING_PROVIDERS.filter((p) => !RENEWING_PROVIDERS.includes(p));
    return { orders: { some: { type: "new" as const, billingProvider: { in: others } } } };
  }
  return {};
}

/** Checked row by row within the window's index range, so it costs no extra index. */
function searchOf(q: string | undefined) {
  if (!q) return {};
  const lower = q.toLowerCase();
  return {
    OR: [
      { reference: q.toUpperCase() },
      { customer: { emailLower: { startsWith: lower } } },
      { customer: { nameLower: { startsWith: lower } } },
    ],
  };
}

function toRenewalView({ kind, createdAt, row }: Dated): RenewalView {
  return {
    reference: row.reference,
    kind,
    at: createdAt.toISOString(),
    status: row.status,
    currency: row.currency,
    termEnd: row.termEnd?.toISOString() ?? null,
    cancelReason: row.cancelReason,
    customer: {
      owner: row.customer.id,
      email: row.customer.email,
      name: `${row.customer.firstName} ${row.customer.lastName}`,
    },
    offers: row.items.map((i) => ({ id: i.offerId, name: i.offerVersionRef.name, quantity: i.quantity })),
    amounts: amountsPerPeriod(row.items),
  };
}
