import { partnerRoute } from "@/server/http/partner-route";
import { listOrdersEndpoint } from "@/server/orders/order-endpoints";

export const dynamic = "force-dynamic";

export const GET = partnerRoute(listOrdersEndpoint);
