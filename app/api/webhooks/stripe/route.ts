import { stripeEventRoute } from "@/server/provider-events/stripe-event-route";

export const dynamic = "force-dynamic";

export const POST = stripeEventRoute;
