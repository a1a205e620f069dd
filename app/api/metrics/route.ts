import { metricsRoute } from "@/server/transport/http/metrics-route";

export const dynamic = "force-dynamic";

export const GET = metricsRoute;
