import { apiHandler } from "@/server/http/api-handler";
import { swaggerPageHtml } from "@/server/openapi/swagger-ui-assets";

export const GET = apiHandler(
  async (request) =>
    new Response(swaggerPageHtml(request.headers.get("x-nonce") ?? ""), {
      headers: { "content-type": "text/html; charset=utf-8" },
    }),
);
