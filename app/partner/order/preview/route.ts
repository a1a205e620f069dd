import { db } from "@/server/db";
import { env } from "@/server/env";
import { apiHandler, json } from "@/server/http/api-handler";
import { methodNotAllowed } from "@/server/http/fallbacks";
import { readJsonBody } from "@/server/http/json-body";
import { partnerRequest } from "@/server/http/partner-request";
import { previewOrder } from "@/server/orders/preview-order";

export const dynamic = "force-dynamic";

export const POST = apiHandler(async (request, ctx) => {
  const scope = await partnerRequest(request, ctx, "orders:preview");
  const body = await readJsonBody(request, env().bodyLimitBytes);
  return json(await previewOrder(db(), scope, body), ctx);
});

const onlyPost = methodNotAllowed(["POST"]);

export { onlyPost as DELETE, onlyPost as GET, onlyPost as PATCH, onlyPost as PUT };
