import { partnerRoute } from "@/server/http/partner-route";
import { rotateWebhookSecretEndpoint } from "@/server/webhooks/webhook-api-endpoints";

export const dynamic = "force-dynamic";

export const POST = partnerRoute(rotateWebhookSecretEndpoint);
