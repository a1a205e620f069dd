import {
  createWebhookEndpoint,
  listWebhooksEndpoint,
} from "@/server/features/webhooks/webhook-api-endpoints";
import { partnerRoute } from "@/server/transport/http/partner-route";

export const dynamic = "force-dynamic";

export const GET = partnerRoute(listWebhooksEndpoint);
export const POST = partnerRoute(createWebhookEndpoint);
