import { partnerRoute } from "@/server/http/partner-route";
import { sendWebhookTestEndpoint } from "@/server/webhooks/webhook-api-endpoints";

export const dynamic = "force-dynamic";

export const POST = partnerRoute(sendWebhookTestEndpoint);
