import { apiHandler } from "@/server/http/api-handler";
import { SWAGGER_PAGE_HTML } from "@/server/openapi/swagger-ui-assets";

export const GET = apiHandler(
  async () => new Response(SWAGGER_PAGE_HTML, { headers: { "content-type": "text/html; charset=utf-8" } }),
);
