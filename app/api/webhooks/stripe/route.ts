import { stripeEventRoute } from "@/server/http/stripe-event-route";

export const dynamic = "force-dynamic";

export const POST = stripeEventRoute;
