import { partnerRoute } from "@/server/http/partner-route";
import {
  deleteWebhookEndpoint,
  getWebhookEndpoint,
  updateWebhookEndpoint,
} from "@/server/webhooks/webhook-api-endpoints";

export const dynamic = "force-dynamic";

export const GET = partnerRoute(getWebhookEndpoint);
export const PATCH = partnerRoute(updateWebhookEndpoint);
export const DELETE = partnerRoute(deleteWebhookEndpoint);
