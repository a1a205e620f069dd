import { db } from "@/server/db";
import { apiHandler, json } from "@/server/http/api-handler";
import { partnerRequest } from "@/server/http/partner-request";
import { getOrder } from "@/server/orders/get-order";

export const dynamic = "force-dynamic";

export const GET = apiHandler(async (request, ctx, params) => {
  const scope = await partnerRequest(request, ctx, "orders:read");
  return json(await getOrder(db(), scope, params.id ?? ""), ctx);
});
