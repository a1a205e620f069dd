import { apiHandler } from "@/server/transport/http/api-handler";
import { SWAGGER_INIT_JS, swaggerAsset } from "@/server/transport/openapi/swagger-ui-assets";

export const GET = apiHandler(async (_request, _ctx, { file = "" }) => {
  if (file === "init.js") {
    return new Response(SWAGGER_INIT_JS, { headers: { "content-type": "text/javascript; charset=utf-8" } });
  }
  const asset = await swaggerAsset(file);
  if (!asset) return new Response("Not found", { status: 404 });
  return new Response(new Uint8Array(asset.body), {
    headers: { "content-type": asset.contentType, "cache-control": "public, max-age=86400" },
  });
});
