// GET /renewals/export?<the list's filters>: the filtered renewals list as a CSV download.
import { readRenewalFilters } from "@/components/renewals/renewal-filters";
import { renewalsCsv } from "@/server/features/subscriptions/renewals-csv";
import { db } from "@/server/infra/db/db";
import { csvDownload, downloadSession } from "../../_shared/csv-download";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  const { session, refused } = await downloadSession("renewals");
  if (refused) return refused;
  // Unknown values are dropped by the reader (as on the page), so the file is the list shown.
  const { within, kind, q } = readRenewalFilters(Object.fromEntries(new URL(request.url).searchParams));
  return csvDownload(renewalsCsv(db(), session.scope, { within, kind, q }), "renewals", session);
}
