import { previewOrderEndpoint } from "@/server/features/orders/order-endpoints";
import { methodNotAllowed } from "@/server/transport/http/fallbacks";
import { partnerRoute } from "@/server/transport/http/partner-route";

export const dynamic = "force-dynamic";

export const POST = partnerRoute(previewOrderEndpoint);

const onlyPost = methodNotAllowed(["POST"]);

export { onlyPost as DELETE, onlyPost as GET, onlyPost as PATCH, onlyPost as PUT };
