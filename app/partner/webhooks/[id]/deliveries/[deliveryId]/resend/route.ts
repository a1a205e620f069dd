import { partnerRoute } from "@/server/http/partner-route";
import { resendWebhookDeliveryEndpoint } from "@/server/webhooks/webhook-api-endpoints";

export const dynamic = "force-dynamic";

export const POST = partnerRoute(resendWebhookDeliveryEndpoint);
