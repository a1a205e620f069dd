import { listCustomersEndpoint } from "@/server/customers/customer-endpoints";
import { partnerRoute } from "@/server/http/partner-route";

export const dynamic = "force-dynamic";

export const GET = partnerRoute(listCustomersEndpoint);
