// GET /orders/export?<the table's filters>: the filtered orders as a CSV download.
import { readOrderFilters } from "@/components/orders/order-filters";
import { ordersCsv } from "@/server/features/exports/orders-csv";
import { listOrders } from "@/server/features/orders/list-orders";
import { db } from "@/server/infra/db/db";
import { csvDownload, downloadSession } from "../../_shared/csv-download";
import { orInvalid } from "../../_shared/page-errors";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  const { session, refused } = await downloadSession("orders");
  if (refused) return refused;
  const { q, status, order_type, created_from, created_to } = readOrderFilters(
    Object.fromEntries(new URL(request.url).searchParams),
  );
  const filters = { q, status, order_type, created_from, created_to };
  // Validate the filters up front, so a bad one is a 400 rather than a broken download.
  const { problem } = await orInvalid(listOrders(db(), session.scope, { ...filters, limit: 1 }));
  if (problem) return new Response(problem, { status: 400 });
  return csvDownload(ordersCsv(db(), session.scope, filters), "orders", session);
}
