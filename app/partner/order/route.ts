import { db } from "@/server/db";
import { env } from "@/server/env";
import { apiHandler, json } from "@/server/http/api-handler";
import { methodNotAllowed } from "@/server/http/fallbacks";
import { readJsonBody } from "@/server/http/json-body";
import { partnerRequest } from "@/server/http/partner-request";
import { submitOrder } from "@/server/orders/submit-order";

export const dynamic = "force-dynamic";

export const POST = apiHandler(async (request, ctx) => {
  const scope = await partnerRequest(request, ctx, "orders:write");
  const body = await readJsonBody(request, env().bodyLimitBytes);
  const idempotencyKey = request.headers.get("idempotency-key");
  const { order, replayed } = await submitOrder(db(), scope, body, { idempotencyKey });
  if (replayed) ctx.headers.set("idempotent-replayed", "true");
  ctx.headers.set("location", `/partner/order/${order.id}`);
  return json(order, ctx, 201);
});

const onlyPost = methodNotAllowed(["POST"]);

export { onlyPost as DELETE, onlyPost as GET, onlyPost as PATCH, onlyPost as PUT };
