import { listOffersEndpoint } from "@/server/features/catalog/catalog-endpoints";
import { partnerRoute } from "@/server/transport/http/partner-route";

export const dynamic = "force-dynamic";

export const GET = partnerRoute(listOffersEndpoint);
