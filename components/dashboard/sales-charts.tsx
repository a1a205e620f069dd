"use client";
// The dashboard's charts, loaded after the page: the charting library (Recharts) is its own
// chunk that the first load does not wait for, and is never rendered on the server (it measures
// the box it draws in). Until it arrives, and where scripts do not run, each chart's place holds
// a box of its size; its figures are in the table beside it all along.
import dynamic from "next/dynamic";
import type { SalesInsight } from "@/server/view-types";

export type ChartKind = "orders" | "revenue" | "subscriptions" | "offers";

const DrawnChart = dynamic(() => import("./sales-charts-drawn").then((m) => m.DrawnChart), {
  ssr: false,
  loading: () => <div className="chart-box chart-loading" />,
});

export function SalesChart(props: {
  kind: ChartKind;
  insight: SalesInsight;
  locale: string;
  /** The revenue or offers chart's currency. */
  currency?: string;
  /** What the chart shows, for screen readers (who read the table instead). */
  label: string;
}) {
  return (
    <div className="chart-box" role="img" aria-label={props.label} data-chart={props.kind}>
      <DrawnChart {...props} />
    </div>
  );
}
