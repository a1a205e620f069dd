// Liveness: the process answers. Nothing else is checked, so a database outage never makes an
// orchestrator restart every instance (readiness takes them out of rotation instead).
export const dynamic = "force-dynamic";

export function GET() {
  return Response.json({ status: "ok" }, { headers: { "cache-control": "no-store" } });
}
