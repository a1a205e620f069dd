// Readiness (server/infra/health/readiness.ts): `ok`, or 503 `not ready`, and nothing more for the
// public; /api/health and the logs say why.
import { isReady } from "@/server/infra/health/readiness";

export const dynamic = "force-dynamic";

export async function GET() {
  const ready = await isReady();
  return Response.json(
    { status: ready ? "ok" : "not ready" },
    { status: ready ? 200 : 503, headers: { "cache-control": "no-store" } },
  );
}
