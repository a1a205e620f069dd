import { methodNotAllowed } from "@/server/http/fallbacks";
import { partnerRoute } from "@/server/http/partner-route";
import { submitOrderEndpoint } from "@/server/orders/order-endpoints";

export const dynamic = "force-dynamic";

export const POST = partnerRoute(submitOrderEndpoint);

const onlyPost = methodNotAllowed(["POST"]);

export { onlyPost as DELETE, onlyPost as GET, onlyPost as PATCH, onlyPost as PUT };
