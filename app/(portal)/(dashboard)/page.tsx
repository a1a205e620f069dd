import type { Metadata } from "next";
import Link from "next/link";
import { CreditMeters } from "@/components/credit/credit-meters";
import { SalesSection } from "@/components/dashboard/sales-section";
import { formatDay } from "@/components/format/dates";
import { formatMoney } from "@/components/format/money";
import { requestLocale } from "@/components/format/request-locale";
import { OrdersTable } from "@/components/orders/orders-table";
import { RenewalsTable } from "@/components/renewals/renewals-table";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge } from "@/components/ui/status-badge";
import { CREDIT_WINDOW_DAYS } from "@/server/domain/credit-in-use";
import { creditInUse } from "@/server/features/dashboard/credit-in-use";
import { dashboardSummary } from "@/server/features/dashboard/dashboard-summary";
import { salesInsight, salesInsightQuery } from "@/server/features/dashboard/sales-insight";
import { upcomingRenewals } from "@/server/features/subscriptions/upcoming-renewals";
import { db } from "@/server/infra/db/db";
import { requireStaff } from "@/server/transport/session/session";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const session = await requireStaff("/");
  const chart = salesInsightQuery(await searchParams);
  const [summary, renewals, sales, credit, locale] = await Promise.all([
    dashboardSummary(db(), session.scope),
    upcomingRenewals(db(), session.scope, { within: 30, limit: 5 }),
    salesInsight(db(), session.scope, chart),
    creditInUse(db(), session.scope),
    requestLocale(),
  ]);
  const month = new Intl.DateTimeFormat(locale.locale, {
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  }).format(new Date(summary.monthStart));
  return (
    <>
      <PageHeader
        title="Dashboard"
        description={`${session.partner.name} · ${month}`}
        actions={
          <Link className="button primary" href="/orders/new">
            New order
          </Link>
        }
      />
      <section className="grid grid-stats" aria-label="This month">
        <div className="panel stat">
          <div className="label">Orders this month</div>
          <div className="value" data-testid="orders-this-month">
            {summary.ordersThisMonth}
          </div>
        </div>
        <div className="panel stat">
          <div className="label">Revenue this month</div>
          {summary.revenueThisMonth.length === 0 ? (
            <div className="value">—</div>
          ) : (
            <ul className="value-list">
              {summary.revenueThisMonth.map((r) => (
                <li key={r.currency}>{formatMoney(r.total, r.currency, locale.locale)}</li>
              ))}
            </ul>
          )}
        </div>
        <div className="panel stat">
          <div className="label">Subscriptions by status</div>
          <ul className="value-list small" style={{ fontSize: "0.95rem", fontWeight: 500 }}>
            {summary.subscriptionsByStatus.map((s) => (
              <li key={s.status} style={{ display: "flex", justifyContent: "space-between", gap: 8 }}>
                <Link href={`/subscriptions?status=${s.status}`}>
                  <StatusBadge status={s.status} />
                </Link>
                <span className="num">{s.count}</span>
              </li>
            ))}
          </ul>
        </div>
        {credit ? (
          <div className="panel stat" data-testid="credit-in-use">
            <div className="label">Credit in use, last {CREDIT_WINDOW_DAYS} days</div>
            <CreditMeters credit={credit} locale={locale.locale} />
            <p className="hint small muted" style={{ margin: "6px 0 0" }}>
              Orders that did not fail, since {formatDay(credit.since, locale)}.
            </p>
          </div>
        ) : null}
      </section>
      <SalesSection insight={sales} locale={locale} />
      <section className="stack" aria-labelledby="upcoming-renewals" style={{ marginTop: 24 }}>
        <div className="panel-title">
          <h2 id="upcoming-renewals">Renewals and endings in the next 30 days</h2>
          <Link href="/renewals">All renewals</Link>
        </div>
        {renewals.items.length === 0 ? (
          <EmptyState panel title="Nothing renews or ends in the next 30 days">
            Subscriptions whose term ends, or whose cancellation is scheduled, appear here.
          </EmptyState>
        ) : (
          <RenewalsTable renewals={renewals.items} locale={locale} caption="Upcoming renewals" compact />
        )}
      </section>
      <section className="stack" aria-labelledby="recent-orders" style={{ marginTop: 24 }}>
        <div className="panel-title">
          <h2 id="recent-orders">Recent orders</h2>
          <Link href="/orders">All orders</Link>
        </div>
        {summary.recentOrders.length === 0 ? (
          <EmptyState
            panel
            title="No orders yet"
            action={
              <Link className="button primary" href="/orders/new">
                Create the first order
              </Link>
            }
          >
            Orders placed here or through the API appear in this list.
          </EmptyState>
        ) : (
          <OrdersTable orders={summary.recentOrders} locale={locale} caption="Recent orders" />
        )}
      </section>
    </>
  );
}
