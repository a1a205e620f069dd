import { stripeEventRoute } from "@/server/transport/http/stripe-event-route";

export const dynamic = "force-dynamic";

export const POST = stripeEventRoute;
