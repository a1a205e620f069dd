import { apiHandler } from "@/server/transport/http/api-handler";
import { swaggerPageHtml } from "@/server/transport/openapi/swagger-ui-assets";

export const GET = apiHandler(
  async (request) =>
    new Response(swaggerPageHtml(request.headers.get("x-nonce") ?? ""), {
      headers: { "content-type": "text/html; charset=utf-8" },
    }),
);
