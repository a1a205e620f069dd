import { openApiDocument } from "@/server/openapi/openapi-document";

export const dynamic = "force-dynamic";

export function GET() {
  return Response.json(openApiDocument(), { headers: { "cache-control": "public, max-age=60" } });
}
