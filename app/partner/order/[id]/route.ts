import { partnerRoute } from "@/server/http/partner-route";
import { getOrderEndpoint } from "@/server/orders/order-endpoints";

export const dynamic = "force-dynamic";

export const GET = partnerRoute(getOrderEndpoint);
