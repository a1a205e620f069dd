import { db } from "@/server/db";
import { apiHandler, json } from "@/server/http/api-handler";
import { partnerRequest } from "@/server/http/partner-request";
import { queryObject } from "@/server/http/query";
import { listOrders } from "@/server/orders/list-orders";

export const dynamic = "force-dynamic";

export const GET = apiHandler(async (request, ctx) => {
  const scope = await partnerRequest(request, ctx, "orders:read");
  return json(await listOrders(db(), scope, queryObject(request)), ctx);
});
