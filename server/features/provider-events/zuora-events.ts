// Zuora's callout notifications, taken in at POST /api/webhooks/zuora. Zuora posts what its
// callout template says, so the operator sets up one template per event with this JSON body
// (merge fields of the subscription the event is about; docs/operations.md shows them):
//   {"eventType": "SubscriptionCancelled" | "SubscriptionRenewed" | "PaymentFailed",
//    "subscriptionNumber": "A-S00000001", "subscriptionVersion": "3",
//    "effectiveDate": "2027-01-31", "termEndDate": "2027-12-31", "eventId": "(optional)"}
// and Basic callout authentication with ZUORA_CALLOUT_SECRET as the password (compared in
// constant time; anything else is a 401 before the body is read as an event).
// Zuora sends a new Zuora-Request-Id on every retry, so the event's identity is its own `eventId`
// when the template sends one, else its type, subscription number and version (a subscription's
// version changes with each amendment) or date. Each is applied once (a ProviderEvent row in the
// change's transaction); unknown types, and subscriptions we do not know, are acknowledged and
// ignored.
import { createHash, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { DomainError } from "../../domain/domain-error";
import { parseOrThrow } from "../../domain/validation";
import type { DbTransaction } from "../../infra/db/client";
import type { Db } from "../../infra/db/db";
import { isUniqueViolation } from "../../infra/db/prisma-errors";
import {
  type EventSource,
  endSubscription,
  localSubscription,
  recordPaymentFailure,
  renewTerm,
  scheduleEnd,
} from "./subscription-effects";

export type ZuoraEventOutcome = { received: true; handled: boolean; duplicate?: true };

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}/, "must be a date such as 2027-01-31")
  .refine((v) => !Number.isNaN(Date.parse(v)), "must be a real date");

export const zuoraCalloutSchema = z.object({
  eventType: z.string().trim().min(1).max(100),
  eventId: z.string().trim().min(1).max(200).optional(),
  subscriptionNumber: z.string().trim().min(1).max(100).optional(),
  subscriptionVersion: z.union([z.string().trim().max(20), z.number().int()]).optional(),
  effectiveDate: day.optional(),
  termEndDate: day.optional(),
});
type ZuoraCallout = z.infer<typeof zuoraCalloutSchema>;

/** Whether the Authorization header carries Basic credentials with the callout secret as password. */
export function calloutAuthorized(authorization: string | null, secret: string): boolean {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization ?? "");
  if (!match?.[1]) return false;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const password = decoded.slice(decoded.indexOf(":") + 1);
  if (!decoded.includes(":")) return false;
  // Hashes of equal length, so the comparison takes the same time whatever was sent.
  const digest = (text: string) => createHash("sha256").update(text).digest();
  return timingSafeEqual(digest(password), digest(secret));
}

export async function receiveZuoraCallout(db: Db, body: unknown): Promise<ZuoraEventOutcome> {
  const callout = parseOrThrow(zuoraCalloutSchema, body);
  const identity =
    callout.eventId ??
    [
      callout.eventType,
      callout.subscriptionNumber,
      callout.subscriptionVersion ?? callout.effectiveDate ?? callout.termEndDate,
    ]
      .filter((part) => part !== undefined)
      .join(":");
  try {
    return await db.$transaction(async (tx) => {
      await tx.providerEvent.create({
        data: { id: `zuora:${identity}`.slice(0, 300), type: callout.eventType },
      });
      return { received: true as const, handled: await applyZuoraCallout(tx, callout, identity) };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { received: true, handled: false, duplicate: true };
    throw error;
  }
}

const dateOf = (day: string | undefined) => (day ? new Date(`${day.slice(0, 10)}T00:00:00.000Z`) : null);

async function applyZuoraCallout(
  tx: DbTransaction,
  callout: ZuoraCallout,
  identity: string,
): Promise<boolean> {
  const local = await localSubscription(tx, callout.subscriptionNumber);
  if (!local) return false;
  const source: EventSource = { provider: "zuora", event: identity };
  switch (callout.eventType) {
    case "SubscriptionCancelled": {
      const at = dateOf(callout.effectiveDate);
      if (!at) throw missing("effectiveDate", callout.eventType);
      // Cancelled at a date still to come: shown as the scheduled end until it takes effect
      // (the subscription schedule ends it then, as for a cancellation made here).
      return at > new Date() ? scheduleEnd(tx, local, at, source) : endSubscription(tx, local, at, source);
    }
    case "SubscriptionRenewed": {
      const termEnd = dateOf(callout.termEndDate);
      if (!termEnd) throw missing("termEndDate", callout.eventType);
      return renewTerm(tx, local, termEnd, source);
    }
    case "PaymentFailed":
      return recordPaymentFailure(tx, local, source, {
        subscriptionNumber: callout.subscriptionNumber ?? null,
      });
    default:
      return false;
  }
}

const missing = (field: string, type: string) =>
  new DomainError("VALIDATION", `A ${type} callout needs ${field}`, {
    errors: [{ path: field, message: `is required for ${type}` }],
  });
