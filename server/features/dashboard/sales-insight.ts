// The dashboard's charts for one partner over a period: orders and revenue per bar (revenue per
// currency, never added across currencies), subscriptions started, changed, renewed and
// cancelled per bar, and the offers that sold most. Read from the sales summaries (a row per
// day, type and currency), so the cost follows the number of days, not of orders.
import "server-only";
import { z } from "zod";
import {
  bucketIndexOf,
  DEFAULT_SALES_PERIOD,
  grainFor,
  isSalesPeriod,
  SALES_GRAINS,
  SALES_PERIODS,
  type SalesGrain,
  type SalesPeriod,
  salesRange,
} from "../../domain/sales-periods";
import { aggregating } from "../../infra/db/client";
import type { Db } from "../../infra/db/db";
import type { PartnerScope } from "../auth/partner-scope";

/** How many offers the top list shows per currency. */
export const TOP_OFFERS = 8;

export const salesInsightOutput = z.object({
  period: z.enum(SALES_PERIODS),
  grain: z.enum(SALES_GRAINS),
  from: z.string(),
  to: z.string(),
  /** The currencies sold in over the period, in code order: one revenue series each. */
  currencies: z.array(z.string()),
  buckets: z.array(
    z.object({
      start: z.string(),
      end: z.string(),
      /** Orders created, whatever their outcome; failed ones are also counted apart. */
      orders: z.number().int(),
      failedOrders: z.number().int(),
      /** Minor units per currency, of the orders that did not fail. */
      revenue: z.record(z.string(), z.number().int()),
      subscriptions: z.object({
        started: z.number().int(),
        changed: z.number().int(),
        renewed: z.number().int(),
        cancelled: z.number().int(),
      }),
    }),
  ),
  topOffers: z.array(
    z.object({
      offerId: z.string(),
      name: z.string(),
      currency: z.string(),
      quantity: z.number().int(),
      revenue: z.number().int(),
    }),
  ),
});
export type SalesInsight = z.infer<typeof salesInsightOutput>;

/** The chart settings as the URL gives them: anything unknown falls back to the default. */
export function salesInsightQuery(raw: { period?: unknown; grain?: unknown }): {
  period: SalesPeriod;
  grain: SalesGrain;
} {
  const period = isSalesPeriod(raw.period) ? raw.period : DEFAULT_SALES_PERIOD;
  return { period, grain: grainFor(period, raw.grain) };
}

export async function salesInsight(
  db: Db,
  scope: PartnerScope,
  query: { period: SalesPeriod; grain: SalesGrain },
  now: Date = new Date(),
): Promise<SalesInsight> {
  const range = salesRange(query.period, query.grain, now);
  const days = { partnerId: scope.partnerId, day: { gte: range.from, lte: range.to } };
  const [rows, offers] = await Promise.all([
    // A day's rows (one per shard, see sales-summary.ts) added up in SQL.
    aggregating(db).orderDaySummary.groupBy({
      by: ["day", "currency", "type"],
      where: days,
      _sum: { orders: true, failedOrders: true, revenue: true },
    }),
    aggregating(db).offerDaySummary.groupBy({
      by: ["offerId", "currency"],
      where: days,
      _sum: { quantity: true, revenue: true },
    }),
  ]);

  const buckets = range.buckets.map((b) => ({
    ...b,
    orders: 0,
    failedOrders: 0,
    revenue: {} as Record<string, number>,
    subscriptions: { started: 0, changed: 0, renewed: 0, cancelled: 0 },
  }));
  const currencies = new Set<string>();
  for (const { _sum, ...key } of rows) {
    const row = {
      ...key,
      orders: _sum.orders ?? 0,
      failedOrders: _sum.failedOrders ?? 0,
      revenue: _sum.revenue ?? 0,
    };
    const bucket = buckets[bucketIndexOf(range.buckets, row.day)];
    if (!bucket) continue;
    bucket.orders += row.orders;
    bucket.failedOrders += row.failedOrders;
    const kept = row.orders - row.failedOrders;
    // A currency whose every order failed sold nothing: no series for it.
    if (kept > 0) currencies.add(row.currency);
    bucket.revenue[row.currency] = (bucket.revenue[row.currency] ?? 0) + row.revenue;
    const movement = MOVEMENT_OF_TYPE[row.type];
    bucket.subscriptions[movement] += kept;
  }
  const codes = [...currencies].sort();
  for (const bucket of buckets) {
    bucket.revenue = Object.fromEntries(codes.map((code) => [code, bucket.revenue[code] ?? 0]));
  }

  const sold = offers
    .map((o) => ({
      offerId: o.offerId,
      currency: o.currency,
      quantity: o._sum.quantity ?? 0,
      revenue: o._sum.revenue ?? 0,
    }))
    .filter((o) => o.quantity > 0)
    .sort((a, b) => b.revenue - a.revenue || a.offerId.localeCompare(b.offerId));
  const top = codes.flatMap((code) => sold.filter((o) => o.currency === code).slice(0, TOP_OFFERS));
  const names = new Map(
    (
      await db.offer.findMany({
        where: { id: { in: [...new Set(top.map((o) => o.offerId))] } },
        select: { id: true, name: true },
      })
    ).map((o) => [o.id, o.name]),
  );
  return {
    period: query.period,
    grain: query.grain,
    from: range.from,
    to: range.to,
    currencies: codes,
    buckets,
    topOffers: top.map((o) => ({ ...o, name: names.get(o.offerId) ?? o.offerId })),
  };
}

/** Which subscription movement an order of each type is. */
const MOVEMENT_OF_TYPE = {
  new: "started",
  change_offer: "changed",
  add_offer: "changed",
  renew: "renewed",
  cancel: "cancelled",
} as const;
