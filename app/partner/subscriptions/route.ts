import { partnerRoute } from "@/server/http/partner-route";
import { listSubscriptionsEndpoint } from "@/server/subscriptions/subscription-endpoints";

export const dynamic = "force-dynamic";

export const GET = partnerRoute(listSubscriptionsEndpoint);
