import { SWAGGER_PAGE_HTML } from "@/server/openapi/swagger-ui-assets";

export function GET() {
  return new Response(SWAGGER_PAGE_HTML, { headers: { "content-type": "text/html; charset=utf-8" } });
}
