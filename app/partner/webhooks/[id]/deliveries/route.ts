import { partnerRoute } from "@/server/http/partner-route";
import { listWebhookDeliveriesEndpoint } from "@/server/webhooks/webhook-api-endpoints";

export const dynamic = "force-dynamic";

export const GET = partnerRoute(listWebhookDeliveriesEndpoint);
