// Stripe's webhook events, taken in: verified with the Stripe SDK against STRIPE_WEBHOOK_SECRET
// (a bad or stale signature is refused before anything is read), applied once per event id (the
// ProviderEvent row is written in the same transaction as the change), and mapped onto the local
// subscription Stripe's object names (`providerSubscriptionId`), whichever partner it belongs to:
//   - customer.subscription.deleted, or .updated to status "canceled": the subscription ends
//     (`cancelled`, dated when Stripe ended it), its items with it;
//   - customer.subscription.updated with `cancel_at`: the end Stripe has scheduled is shown as
//     `cancelAt` (and cleared when Stripe clears it), while the subscription is still active;
//   - invoice.payment_failed: recorded in the partner's audit trail against the subscription.
// An ended subscription is never revived by an event that arrives after it (out of order); other
// event types, and objects we do not know, are acknowledged and ignored, as Stripe expects.
import Stripe from "stripe";
import { DomainError } from "../../domain/domain-error";
import type { Db } from "../../infra/db/db";
import { isUniqueViolation } from "../../infra/db/prisma-errors";
import {
  type EventSource,
  endSubscription,
  localSubscription,
  recordPaymentFailure,
  scheduleEnd,
} from "./subscription-effects";

export type StripeEventOutcome = { received: true; handled: boolean; duplicate?: true };

type StripeSubscriptionObject = {
  id?: unknown;
  status?: unknown;
  cancel_at?: unknown;
  canceled_at?: unknown;
  ended_at?: unknown;
};
type StripeInvoiceObject = {
  id?: unknown;
  subscription?: unknown;
  parent?: { subscription_details?: { subscription?: unknown } | null } | null;
};

/** Verifies the signature and parses the event; anything wrong is a 400 naming what. */
export function verifyStripeEvent(rawBody: string, signature: string | null, secret: string): Stripe.Event {
  if (!signature) {
    throw new DomainError("VALIDATION", "The Stripe-Signature header is missing", {
      errors: [{ path: "Stripe-Signature", message: "is required" }],
    });
  }
  try {
    return Stripe.webhooks.constructEvent(rawBody, signature, secret);
  } catch {
    throw new DomainError("VALIDATION", "The Stripe signature does not match this body", {
      errors: [{ path: "Stripe-Signature", message: "does not verify with the configured secret" }],
    });
  }
}

export async function receiveStripeEvent(
  db: Db,
  rawBody: string,
  signature: string | null,
  secret: string,
): Promise<StripeEventOutcome> {
  const event = verifyStripeEvent(rawBody, signature, secret);
  try {
    return await db.$transaction(async (tx) => {
      await tx.providerEvent.create({ data: { id: `stripe:${event.id}`, type: event.type } });
      return { received: true as const, handled: await applyStripeEvent(tx, event) };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { received: true, handled: false, duplicate: true };
    throw error;
  }
}

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

async function applyStripeEvent(tx: Tx, event: Stripe.Event): Promise<boolean> {
  const object = event.data.object as unknown;
  switch (event.type) {
    case "customer.subscription.deleted":
      return endedAtStripe(tx, event, object as StripeSubscriptionObject);
    case "customer.subscription.updated": {
      const subscription = object as StripeSubscriptionObject;
      if (subscription.status === "canceled") return endedAtStripe(tx, event, subscription);
      return syncScheduledEnd(tx, event, subscription);
    }
    case "invoice.payment_failed":
      return paymentFailed(tx, event, object as StripeInvoiceObject);
    default:
      return false;
  }
}

const fromUnix = (value: unknown): Date | null =>
  typeof value === "number" && Number.isFinite(value) ? new Date(value * 1000) : null;

async function endedAtStripe(tx: Tx, event: Stripe.Event, object: StripeSubscriptionObject) {
  const local = await localSubscription(tx, object.id);
  if (!local) return false;
  const at = fromUnix(object.ended_at) ?? fromUnix(object.canceled_at) ?? new Date(event.created * 1000);
  return endSubscription(tx, local, at, sourceOf(event));
}

async function syncScheduledEnd(tx: Tx, event: Stripe.Event, object: StripeSubscriptionObject) {
  const local = await localSubscription(tx, object.id);
  return local ? scheduleEnd(tx, local, fromUnix(object.cancel_at), sourceOf(event)) : false;
}

async function paymentFailed(tx: Tx, event: Stripe.Event, invoice: StripeInvoiceObject) {
  // Since API version 2025-03-31 the invoice names its subscription under parent; before, at the top.
  const local = await localSubscription(
    tx,
    invoice.parent?.subscription_details?.subscription ?? invoice.subscription,
  );
  if (!local) return false;
  return recordPaymentFailure(tx, local, sourceOf(event), {
    invoice: typeof invoice.id === "string" ? invoice.id : null,
  });
}

const sourceOf = (event: Stripe.Event): EventSource => ({ provider: "stripe", event: event.id });
