// What the demo command prints after seeding: the sign-ins and API client, but only when the
// database really holds the demo partners (isDemo), so it never advertises a real deployment.
import type { Db } from "../../infra/db/db";
import { DEMO_PARTNERS, DEMO_PASSWORD } from "./demo-credentials";

export async function demoInfo(db: Db) {
  const demoSlugs = new Set(
    (await db.partner.findMany({ where: { isDemo: true }, select: { slug: true } })).map((p) => p.slug),
  );
  return DEMO_PARTNERS.filter((p) => demoSlugs.has(p.slug)).map((p) => ({
    partner: p.slug,
    name: p.name,
    signIns: p.users.map((u) => ({ email: u.email, password: DEMO_PASSWORD, role: u.role })),
    apiClient: { client_id: p.apiClient.clientId, client_secret: p.apiClient.secret },
  }));
}
