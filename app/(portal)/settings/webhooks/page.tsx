import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/ui/page-header";
import { WebhookEndpointsManager } from "@/components/webhooks/webhook-endpoints-manager";
import { isAdmin, requireStaff } from "@/server/auth/session";
import { db } from "@/server/db";
import { listWebhookEndpoints } from "@/server/webhooks/webhook-endpoint-service";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage() {
  const session = await requireStaff("/settings/webhooks");
  if (!isAdmin(session)) {
    return (
      <div className="panel empty" style={{ maxWidth: 560, margin: "32px auto" }}>
        <h1>Admins only</h1>
        <p>
          Only a partner admin can manage webhook endpoints. Ask an admin of {session.partner.name} if you
          need one.
        </p>
        <Link className="button" href="/">
          Go to the dashboard
        </Link>
      </div>
    );
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
