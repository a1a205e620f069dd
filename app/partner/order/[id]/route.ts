import { getOrderEndpoint } from "@/server/features/orders/order-endpoints";
import { partnerRoute } from "@/server/transport/http/partner-route";

export const dynamic = "force-dynamic";

export const GET = partnerRoute(getOrderEndpoint);
