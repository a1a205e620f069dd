// GET /orders/export?<the table's filters>: the filtered orders as a CSV download.
import { readOrderFilters } from "@/components/orders/order-filters";
import { ordersCsv } from "@/server/features/exports/orders-csv";
import { listOrders } from "@/server/features/orders/list-orders";
import { db } from "@/server/infra/db/db";
import { getStaffSession } from "@/server/transport/session/session";
import { orInvalid } from "../../_shared/page-errors";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  const session = await getStaffSession();
  if (!session) return new Response("Sign in to export orders.", { status: 401 });
  if (session.pending) return new Response("Finish setting up your account first.", { status: 403 });
  const { q, status, order_type, created_from, created_to } = readOrderFilters(
    Object.fromEntries(new URL(request.url).searchParams),
  );
  const filters = { q, status, order_type, created_from, created_to };
  // Validate the filters up front, so a bad one is a 400 rather than a broken download.
  const { problem } = await orInvalid(listOrders(db(), session.scope, { ...filters, limit: 1 }));
  if (problem) return new Response(problem, { status: 400 });
  const rows = ordersCsv(db(), session.scope, filters);
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await rows.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
  });
  const day = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="orders-${session.partner.slug}-${day}.csv"`,
      "cache-control": "no-store",
    },
  });
}
