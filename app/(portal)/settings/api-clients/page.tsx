import type { Metadata } from "next";
import { ApiClientsManager } from "@/components/api-clients/api-clients-manager";
import { AdminsOnly } from "@/components/ui/admins-only";
import { PageHeader } from "@/components/ui/page-header";
import { listPartnerApiClients } from "@/server/features/api-clients/partner-api-clients";
import { db } from "@/server/infra/db/db";
import { isAdmin, requireStaff } from "@/server/transport/session/session";

export const metadata: Metadata = { title: "API clients" };

export default async function ApiClientsPage() {
  const session = await requireStaff("/settings/api-clients");
  if (!isAdmin(session)) {
    return <AdminsOnly what="manage API clients" partnerName={session.partner.name} />;
  }
  const clients = await listPartnerApiClients(db(), session.scope);
  return (
    <>
      <PageHeader
        title="API clients"
        description={
          <>
            Machine credentials for your systems (OAuth 2.0 client credentials at <code>/oauth/token</code>).
            Secrets are shown once and stored only as a hash.
          </>
        }
      />
      <ApiClientsManager initial={clients} />
    </>
  );
}
