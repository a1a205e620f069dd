import { listOffers } from "@/server/catalog/list-offers";
import { db } from "@/server/db";
import { apiHandler, json } from "@/server/http/api-handler";
import { partnerRequest } from "@/server/http/partner-request";

export const dynamic = "force-dynamic";

export const GET = apiHandler(async (request, ctx) => {
  const scope = await partnerRequest(request, ctx, "catalog:read");
  return json({ items: await listOffers(db(), scope) }, ctx);
});
