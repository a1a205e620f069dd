// The dashboard's sales charts for a period: orders and revenue, subscription movements and top
// offers, each a chart with its figures in a table underneath and a CSV of them. The period and
// grain live in the URL (?period=12m&grain=week), so a chart can be linked to and reloaded.
import Link from "next/link";
import {
  GRAINS_OF_PERIOD,
  SALES_PERIODS,
  type SalesGrain,
  type SalesPeriod,
} from "@/server/domain/sales-periods";
import type { SalesInsight } from "@/server/view-types";
import type { LocaleSettings } from "../format/dates";
import { EmptyState } from "../ui/empty-state";
import { SalesChart } from "./sales-charts";
import { SalesTable, SubscriptionsTable, TopOffersTable } from "./sales-tables";

const PERIOD_LABELS: Record<SalesPeriod, string> = { "30d": "Last 30 days", "12m": "Last 12 months" };
const GRAIN_LABELS: Record<SalesGrain, string> = { day: "By day", week: "By week", month: "By month" };

const query = (period: SalesPeriod, grain?: SalesGrain) => {
  const params = new URLSearchParams({ period });
  if (grain && grain !== GRAINS_OF_PERIOD[period][0]) params.set("grain", grain);
  return params.toString();
};

function Choice({ href, current, children }: { href: string; current: boolean; children: string }) {
  return (
    <Link
      href={href}
      className={current ? "chip current" : "chip"}
      aria-current={current ? "true" : undefined}
      scroll={false}
    >
      {children}
    </Link>
  );
}

function ChartPanel({
  id,
  title,
  csv,
  table,
  children,
}: {
  id: string;
  title: string;
  csv: string;
  table: React.ReactNode;
  children: React.ReactNode;
}) {
  return (
    <section className="panel chart-panel" aria-labelledby={id}>
      <div className="panel-title">
        <h3 id={id}>{title}</h3>
        <a href={`/dashboard/export?${csv}`} download>
          CSV
          <span className="visually-hidden"> of {title.toLowerCase()}</span>
        </a>
      </div>
      {children}
      <details className="chart-table">
        <summary>Figures as a table</summary>
        {table}
      </details>
    </section>
  );
}

export function SalesSection({ insight, locale }: { insight: SalesInsight; locale: LocaleSettings }) {
  const { period, grain } = insight;
  const shown = query(period, grain);
  const anything = insight.buckets.some((b) => b.orders > 0);
  const csv = (chart: string) => `chart=${chart}&${new URLSearchParams({ period, grain }).toString()}`;
  return (
    <section className="stack" aria-labelledby="sales" style={{ marginTop: 24 }} data-period={shown}>
      <div className="panel-title">
        <h2 id="sales">Sales</h2>
        <nav aria-label="Chart period" className="chips">
          {SALES_PERIODS.map((p) => (
            <Choice key={p} href={`/?${query(p)}`} current={p === period}>
              {PERIOD_LABELS[p]}
            </Choice>
          ))}
          <span aria-hidden="true" className="chips-gap" />
          {GRAINS_OF_PERIOD[period].map((g) => (
            <Choice key={g} href={`/?${query(period, g)}`} current={g === grain}>
              {GRAIN_LABELS[g]}
            </Choice>
          ))}
        </nav>
      </div>
      {!anything ? (
        <EmptyState panel title={`No orders in the ${PERIOD_LABELS[period].toLowerCase()}`}>
          Orders placed here or through the API are counted in these charts as they are stored.
        </EmptyState>
      ) : (
        <div className="grid grid-2">
          <ChartPanel
            id="chart-orders"
            title="Orders"
            csv={csv("sales")}
            table={<SalesTable insight={insight} locale={locale} />}
          >
            <SalesChart
              kind="orders"
              insight={insight}
              locale={locale.locale}
              label={`Bar chart of orders ${PERIOD_LABELS[period].toLowerCase()}, ${GRAIN_LABELS[grain].toLowerCase()}; the figures are in the table below.`}
            />
            {insight.currencies.map((currency) => (
              <div key={currency}>
                <h4 className="chart-subtitle">Revenue in {currency}</h4>
                <SalesChart
                  kind="revenue"
                  currency={currency}
                  insight={insight}
                  locale={locale.locale}
                  label={`Bar chart of revenue in ${currency}; the figures are in the table below.`}
                />
              </div>
            ))}
          </ChartPanel>
          <ChartPanel
            id="chart-subscriptions"
            title="Subscriptions"
            csv={csv("subscriptions")}
            table={<SubscriptionsTable insight={insight} locale={locale} />}
          >
            <SalesChart
              kind="subscriptions"
              insight={insight}
              locale={locale.locale}
              label="Stacked bar chart of subscriptions started, changed, renewed and cancelled; the figures are in the table below."
            />
          </ChartPanel>
          <ChartPanel
            id="chart-offers"
            title="Top offers by revenue"
            csv={csv("offers")}
            table={<TopOffersTable insight={insight} locale={locale} />}
          >
            {insight.currencies.map((currency) => (
              <div key={currency}>
                <h4 className="chart-subtitle">In {currency}</h4>
                <SalesChart
                  kind="offers"
                  currency={currency}
                  insight={insight}
                  locale={locale.locale}
                  label={`Bar chart of the offers that sold most in ${currency}; the figures are in the table below.`}
                />
              </div>
            ))}
          </ChartPanel>
        </div>
      )}
    </section>
  );
}
