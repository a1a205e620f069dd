// GET /renewals/export?<the list's filters>: the filtered renewals list as a CSV download.
import { readRenewalFilters } from "@/components/renewals/renewal-filters";
import { renewalsCsv } from "@/server/features/subscriptions/renewals-csv";
import { db } from "@/server/infra/db/db";
import { getStaffSession } from "@/server/transport/session/session";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  const session = await getStaffSession();
  if (!session) return new Response("Sign in to export renewals.", { status: 401 });
  if (session.pending) return new Response("Finish setting up your account first.", { status: 403 });
  // Unknown values are dropped by the reader (as on the page), so the file is the list shown.
  const { within, kind, q } = readRenewalFilters(Object.fromEntries(new URL(request.url).searchParams));
  const rows = renewalsCsv(db(), session.scope, { within, kind, q });
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
      "content-disposition": `attachment; filename="renewals-${session.partner.slug}-${day}.csv"`,
      "cache-control": "no-store",
    },
  });
}
