import { listCustomersEndpoint } from "@/server/features/customers/customer-endpoints";
import { partnerRoute } from "@/server/transport/http/partner-route";

export const dynamic = "force-dynamic";

export const GET = partnerRoute(listCustomersEndpoint);
