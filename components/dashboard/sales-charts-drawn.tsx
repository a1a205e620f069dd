"use client";
// The charts themselves, drawn by Recharts (loaded lazily by sales-charts.tsx). Plain bars:
// orders per period, revenue per period in one currency, subscription movements stacked per
// period, and the top offers of one currency. No animation: the figures appear as they are.
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { SalesInsight } from "@/server/view-types";
import { formatMoney } from "../format/money";
import { bucketLabel } from "./bucket-labels";
import type { ChartKind } from "./sales-charts";

const COLORS = {
  accent: "#2450c8",
  ok: "#067647",
  warn: "#b76e00",
  danger: "#b42318",
  muted: "#545e6a",
};
const AXIS = { fontSize: 12, fill: COLORS.muted };

export function DrawnChart({
  kind,
  insight,
  locale,
  currency,
}: {
  kind: ChartKind;
  insight: SalesInsight;
  locale: string;
  currency?: string;
}) {
  const money = (minor: number) => formatMoney(minor, currency ?? "GBP", locale);
  if (kind === "offers") {
    const offers = insight.topOffers.filter((o) => o.currency === currency);
    return (
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={offers} layout="vertical" margin={{ left: 8, right: 16 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" tick={AXIS} tickFormatter={money} />
          <YAxis type="category" dataKey="name" width={120} tick={AXIS} />
          <Tooltip formatter={(value) => money(Number(value))} />
          <Bar
            dataKey="revenue"
            name={`Revenue (${currency})`}
            fill={COLORS.accent}
            isAnimationActive={false}
          />
        </BarChart>
      </ResponsiveContainer>
    );
  }
  const rows = insight.buckets.map((b) => ({
    label: bucketLabel(b, insight.grain, locale),
    orders: b.orders,
    revenue: currency ? (b.revenue[currency] ?? 0) : 0,
    ...b.subscriptions,
  }));
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart data={rows} margin={{ left: 0, right: 8 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="label" tick={AXIS} interval="preserveStartEnd" minTickGap={12} />
        {kind === "revenue" ? (
          <YAxis tick={AXIS} tickFormatter={money} width={80} />
        ) : (
          <YAxis tick={AXIS} allowDecimals={false} width={40} />
        )}
        {kind === "revenue" ? (
          <>
            <Tooltip formatter={(value) => money(Number(value))} />
            <Bar
              dataKey="revenue"
              name={`Revenue (${currency})`}
              fill={COLORS.accent}
              isAnimationActive={false}
            />
          </>
        ) : kind === "orders" ? (
          <>
            <Tooltip />
            <Bar dataKey="orders" name="Orders" fill={COLORS.accent} isAnimationActive={false} />
          </>
        ) : (
          <>
            <Tooltip />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Bar dataKey="started" name="Started" stackId="s" fill={COLORS.ok} isAnimationActive={false} />
            <Bar
              dataKey="changed"
              name="Changed"
              stackId="s"
              fill={COLORS.accent}
              isAnimationActive={false}
            />
            <Bar dataKey="renewed" name="Renewed" stackId="s" fill={COLORS.warn} isAnimationActive={false} />
            <Bar
              dataKey="cancelled"
              name="Cancelled"
              stackId="s"
              fill={COLORS.danger}
              isAnimationActive={false}
            />
          </>
        )}
      </BarChart>
    </ResponsiveContainer>
  );
}
