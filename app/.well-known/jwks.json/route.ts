import { signingKeys } from "@/server/features/auth/signing-keys";

export const dynamic = "force-dynamic";

export async function GET() {
  const { publicJwks } = await signingKeys();
  return Response.json(publicJwks, { headers: { "cache-control": "public, max-age=300" } });
}
