import { openApiDocument } from "@/server/transport/openapi/openapi-document";

export const dynamic = "force-dynamic";

export function GET() {
  return Response.json(openApiDocument(), { headers: { "cache-control": "public, max-age=60" } });
}
