import type { Metadata } from "next";
import { AdminsOnly } from "@/components/ui/admins-only";
import { PageHeader } from "@/components/ui/page-header";
import { WebhookEndpointDetail } from "@/components/webhooks/webhook-endpoint-detail";
import { listDeliveries } from "@/server/features/webhooks/webhook-delivery-service";
import { showWebhookEndpoint } from "@/server/features/webhooks/webhook-endpoint-service";
import { db } from "@/server/infra/db/db";
import { isAdmin, requireStaff } from "@/server/transport/session/session";
import { orNotFound } from "../../../_shared/page-errors";

export const metadata: Metadata = { title: "Webhook endpoint" };

type Props = { params: Promise<{ id: string }> };

export default async function WebhookEndpointPage({ params }: Props) {
  const { id } = await params;
  const session = await requireStaff(`/settings/webhooks/${id}`);
  if (!isAdmin(session)) {
    return <AdminsOnly what="manage webhook endpoints" partnerName={session.partner.name} />;
  }
  const [endpoint, deliveries] = await Promise.all([
    orNotFound(showWebhookEndpoint(db(), session.scope, id)),
    orNotFound(listDeliveries(db(), session.scope, id, {})),
  ]);
  return (
    <>
      <PageHeader
        title="Webhook endpoint"
        description={<span className="mono">{endpoint.url}</span>}
        crumbs={[{ href: "/settings/webhooks", label: "Webhooks" }]}
      />
      <WebhookEndpointDetail initial={endpoint} initialDeliveries={deliveries} />
    </>
  );
}
