// The dashboard's figures for one partner: this month's orders and revenue (per currency, since
// a partner may sell in several), the latest orders and the subscriptions by status. "This
// month" is the calendar month in UTC, the same clock the orders' timestamps use. Its figures
// come from the sales summaries and the subscription counts, so they cost the same at ten orders
// or a million.
import "server-only";
import { SUBSCRIPTION_STATUSES, type SubscriptionStatus } from "../../domain/enums";
import { aggregating } from "../../infra/db/client";
import type { Db } from "../../infra/db/db";
import type { PartnerScope } from "../auth/partner-scope";
import { orderViewSelect, toOrderListItem } from "../orders/order-view";
import { summaryDay } from "./sales-summary";

export const RECENT_ORDERS = 6;

export type DashboardSummary = Awaited<ReturnType<typeof dashboardSummary>>;

export async function dashboardSummary(db: Db, scope: PartnerScope, now: Date = new Date()) {
  const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const [month, recent, subscriptions] = await Promise.all([
    // The month's summary rows (a few a day), not its orders, added up per currency in SQL: see
    // sales-summary.ts.
    aggregating(db).orderDaySummary.groupBy({
      by: ["currency"],
      where: { partnerId: scope.partnerId, day: { gte: summaryDay(monthStart) } },
      _sum: { orders: true, failedOrders: true, revenue: true },
    }),
    db.order.findMany({
      where: { partnerId: scope.partnerId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: RECENT_ORDERS,
      select: orderViewSelect,
    }),
    // Kept by triggers on Subscription (the migration subscription_status_counts): counting the
    // subscriptions themselves took 8 ms at 70,000 and grew with them.
    db.subscriptionStatusCount.findMany({
      where: { partnerId: scope.partnerId },
      select: { status: true, subscriptions: true },
    }),
  ]);
  // Failed orders never billed anything, so they are not revenue; a currency only they used is left out.
  const revenue = new Map(
    month.map((row) => [
      row.currency,
      { total: row._sum.revenue ?? 0, kept: (row._sum.orders ?? 0) - (row._sum.failedOrders ?? 0) },
    ]),
  );
  const byStatus = new Map(subscriptions.map((row) => [row.status as SubscriptionStatus, row.subscriptions]));
  return {
    monthStart: monthStart.toISOString(),
    ordersThisMonth: month.reduce((sum, row) => sum + (row._sum.orders ?? 0), 0),
    revenueThisMonth: [...revenue.entries()]
      .filter(([, r]) => r.kept > 0)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, r]) => ({ currency, total: r.total })),
    recentOrders: recent.map(toOrderListItem),
    subscriptionsByStatus: SUBSCRIPTION_STATUSES.map((status) => ({
      status,
      count: byStatus.get(status) ?? 0,
    })),
  };
}
