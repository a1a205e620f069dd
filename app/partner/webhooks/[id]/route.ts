import {
  deleteWebhookEndpoint,
  getWebhookEndpoint,
  updateWebhookEndpoint,
} from "@/server/features/webhooks/webhook-api-endpoints";
import { partnerRoute } from "@/server/transport/http/partner-route";

export const dynamic = "force-dynamic";

export const GET = partnerRoute(getWebhookEndpoint);
export const PATCH = partnerRoute(updateWebhookEndpoint);
export const DELETE = partnerRoute(deleteWebhookEndpoint);
