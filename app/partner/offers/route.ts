import { listOffersEndpoint } from "@/server/catalog/catalog-endpoints";
import { partnerRoute } from "@/server/http/partner-route";

export const dynamic = "force-dynamic";

export const GET = partnerRoute(listOffersEndpoint);
