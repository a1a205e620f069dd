// The dashboard's figures for one partner: this month's orders and revenue (per currency, since
// a partner may sell in several), the latest orders and the subscriptions by status. "This
// month" is the calendar month in UTC, the same clock the orders' timestamps use.
import "server-only";
import { SUBSCRIPTION_STATUSES, type SubscriptionStatus } from "../../domain/enums";
import { aggregating } from "../../infra/db/client";
import type { Db } from "../../infra/db/db";
import type { PartnerScope } from "../auth/partner-scope";
import { orderViewSelect, toOrderListItem } from "../orders/order-view";

export const RECENT_ORDERS = 6;

export type DashboardSummary = Awaited<ReturnType<typeof dashboardSummary>>;

export async function dashboardSummary(db: Db, scope: PartnerScope, now: Date = new Date()) {
  const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const thisMonth = { partnerId: scope.partnerId, createdAt: { gte: monthStart } };
  const [ordersThisMonth, revenue, recent, subscriptions] = await Promise.all([
    db.order.count({ where: thisMonth }),
    // Failed orders never billed anything, so they are not revenue.
    aggregating(db).order.groupBy({
      by: ["currency"],
      where: { ...thisMonth, status: { not: "failed" } },
      _sum: { total: true },
      orderBy: { currency: "asc" },
    }),
    db.order.findMany({
      where: { partnerId: scope.partnerId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: RECENT_ORDERS,
      select: orderViewSelect,
    }),
    aggregating(db).subscription.groupBy({
      by: ["status"],
      where: { partnerId: scope.partnerId },
      _count: { _all: true },
    }),
  ]);
  const byStatus = new Map(subscriptions.map((row) => [row.status as SubscriptionStatus, row._count._all]));
  return {
    monthStart: monthStart.toISOString(),
    ordersThisMonth,
    revenueThisMonth: revenue.map((row) => ({ currency: row.currency, total: row._sum.total ?? 0 })),
    recentOrders: recent.map(toOrderListItem),
    subscriptionsByStatus: SUBSCRIPTION_STATUSES.map((status) => ({
      status,
      count: byStatus.get(status) ?? 0,
    })),
  };
}
