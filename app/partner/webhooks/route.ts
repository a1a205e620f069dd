import { partnerRoute } from "@/server/http/partner-route";
import { createWebhookEndpoint, listWebhooksEndpoint } from "@/server/webhooks/webhook-api-endpoints";

export const dynamic = "force-dynamic";

export const GET = partnerRoute(listWebhooksEndpoint);
export const POST = partnerRoute(createWebhookEndpoint);
