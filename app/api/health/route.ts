import { databaseHealth } from "@/server/infra/health/database-health";

export const dynamic = "force-dynamic";

export async function GET() {
  const health = await databaseHealth();
  const headers = { "cache-control": "no-store" };
  if (health.ok) return Response.json({ status: "ok", database: "ok" }, { headers });
  // The reason is an operator's fix-it hint; no secrets (the URL's password is redacted).
  return Response.json(
    { status: "unavailable", database: health.problem, detail: health.detail, fix: health.fix },
    { status: 503, headers },
  );
}
