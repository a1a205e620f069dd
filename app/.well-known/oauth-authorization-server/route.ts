import { authorizationServerMetadata } from "@/server/features/auth/authorization-server-metadata";

export const dynamic = "force-dynamic";

export function GET() {
  return Response.json(authorizationServerMetadata(), {
    headers: { "cache-control": "public, max-age=300" },
  });
}
