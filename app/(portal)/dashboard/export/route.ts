// GET /dashboard/export?chart=sales|subscriptions|offers&period=30d|12m&grain=...: the figures
// of one dashboard chart, for the period shown, as a CSV download.
import { isSalesChart, salesCsv } from "@/server/features/dashboard/sales-csv";
import { salesInsight, salesInsightQuery } from "@/server/features/dashboard/sales-insight";
import { db } from "@/server/infra/db/db";
import { csvDownload, downloadSession } from "../../_shared/csv-download";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  const { session, refused } = await downloadSession("the dashboard's figures");
  if (refused) return refused;
  const params = new URL(request.url).searchParams;
  const chart = params.get("chart");
  if (!isSalesChart(chart)) {
    return new Response("Name the chart to export: chart=sales, subscriptions or offers.", { status: 400 });
  }
  const query = salesInsightQuery({ period: params.get("period"), grain: params.get("grain") });
  const insight = await salesInsight(db(), session.scope, query);
  return csvDownload(salesCsv(insight, chart), `${chart}-${query.period}-by-${query.grain}`, session);
}
