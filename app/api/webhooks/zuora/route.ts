import { zuoraCalloutRoute } from "@/server/http/zuora-callout-route";

export const dynamic = "force-dynamic";

export const POST = zuoraCalloutRoute;
