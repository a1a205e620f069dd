import { zuoraCalloutRoute } from "@/server/transport/http/zuora-callout-route";

export const dynamic = "force-dynamic";

export const POST = zuoraCalloutRoute;
