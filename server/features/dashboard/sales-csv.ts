// The dashboard charts' figures as CSV, exactly what the charts and their tables show for the
// chosen period: one file per chart. Amounts are exact decimals of their currency, one column
// per currency (never added across currencies).
import "server-only";
import { formatMinorUnits } from "../../domain/money";
import { csvCell } from "../exports/orders-csv";
import type { SalesInsight } from "./sales-insight";

export const SALES_CHARTS = ["sales", "subscriptions", "offers"] as const;
export type SalesChart = (typeof SALES_CHARTS)[number];

export function isSalesChart(value: unknown): value is SalesChart {
  return typeof value === "string" && (SALES_CHARTS as readonly string[]).includes(value);
}

export function* salesCsv(insight: SalesInsight, chart: SalesChart): Generator<string> {
  const line = (cells: (string | number)[]) => `${cells.map(csvCell).join(",")}\r\n`;
  if (chart === "sales") {
    yield line(["from", "to", "orders", "failed_orders", ...insight.currencies.map((c) => `revenue_${c}`)]);
    for (const b of insight.buckets) {
      const revenue = insight.currencies.map((c) => formatMinorUnits(b.revenue[c] ?? 0, c));
      yield line([b.start, b.end, b.orders, b.failedOrders, ...revenue]);
    }
  } else if (chart === "subscriptions") {
    yield line(["from", "to", "started", "changed", "renewed", "cancelled"]);
    for (const b of insight.buckets) {
      const s = b.subscriptions;
      yield line([b.start, b.end, s.started, s.changed, s.renewed, s.cancelled]);
    }
  } else {
    yield line(["from", "to", "currency", "offer_id", "offer", "quantity", "revenue"]);
    for (const o of insight.topOffers) {
      yield line([
        insight.from,
        insight.to,
        o.currency,
        o.offerId,
        o.name,
        o.quantity,
        formatMinorUnits(o.revenue, o.currency),
      ]);
    }
  }
}
