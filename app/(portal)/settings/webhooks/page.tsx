import type { Metadata } from "next";
import { AdminsOnly } from "@/components/ui/admins-only";
import { PageHeader } from "@/components/ui/page-header";
import { WebhookEndpointsManager } from "@/components/webhooks/webhook-endpoints-manager";
import { listWebhookEndpoints } from "@/server/features/webhooks/webhook-endpoint-service";
import { db } from "@/server/infra/db/db";
import { isAdmin, requireStaff } from "@/server/transport/session/session";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage() {
  const session = await requireStaff("/settings/webhooks");
  if (!isAdmin(session)) {
    return <AdminsOnly what="manage webhook endpoints" partnerName={session.partner.name} />;
  }
  const endpoints = await listWebhookEndpoints(db(), session.scope);
  return (
    <>
      <PageHeader
        title="Webhooks"
        description={
          <>
            Your systems are told when orders and subscriptions change: the portal POSTs each event, signed
            per Standard Webhooks, to the endpoints below (the events are described in the{" "}
            <a href="/docs/api">API reference</a>). Signing secrets are shown once.
          </>
        }
      />
      <WebhookEndpointsManager initial={endpoints} />
    </>
  );
}
