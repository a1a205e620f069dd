import { partnerRoute } from "@/server/http/partner-route";
import { getSubscriptionEndpoint } from "@/server/subscriptions/subscription-endpoints";

export const dynamic = "force-dynamic";

export const GET = partnerRoute(getSubscriptionEndpoint);
