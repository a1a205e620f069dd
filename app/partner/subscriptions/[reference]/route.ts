import { getSubscriptionEndpoint } from "@/server/features/subscriptions/subscription-endpoints";
import { partnerRoute } from "@/server/transport/http/partner-route";

export const dynamic = "force-dynamic";

export const GET = partnerRoute(getSubscriptionEndpoint);
