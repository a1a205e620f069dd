// POST /api/webhooks/stripe: the REST frame (request id, log line, problem+json), the raw body
// within the body limit (the signature covers its exact bytes), then receiveStripeEvent. Without
// STRIPE_WEBHOOK_SECRET the endpoint does not exist (404), so nothing unverified is ever taken in.

import { receiveStripeEvent } from "../../features/provider-events/stripe-events";
import { db } from "../../infra/db/db";
import { env } from "../../infra/env/env";
import { apiHandler, json } from "./api-handler";
import { HttpError } from "./http-error";
import { readBodyText } from "./json-body";

export const stripeEventRoute = apiHandler(async (request, ctx) => {
  const secret = env().stripeWebhookSecret;
  if (!secret) throw new HttpError(404, "Not found", "Stripe events are not configured on this server.");
  const body = await readBodyText(request, env().bodyLimitBytes);
  return json(await receiveStripeEvent(db(), body, request.headers.get("stripe-signature"), secret), ctx);
});
