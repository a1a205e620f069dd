// What a billing provider's event does to the local subscription it names, the same whichever
// provider sent it (stripe-events.ts, zuora-events.ts): each change is written with its audit
// row (a `system` actor, naming the provider and its event) and its partner event, inside the
// caller's transaction. An ended subscription is never revived by an event arriving after it.
import type { DbTransaction } from "../../infra/db/client";
import { newRowId } from "../../infra/db/ids";
import { emitSubscriptionEvent } from "../webhooks/partner-events";

export type LocalSubscription = {
  id: string;
  partnerId: string;
  reference: string;
  status: string;
  cancelAt: Date | null;
  termEnd: Date | null;
};

/** Where the change came from, for the audit trail. */
export type EventSource = { provider: "stripe" | "zuora"; event: string };

/** The local subscription a provider's subscription id (or Zuora number) belongs to, any partner's. */
export async function localSubscription(tx: DbTransaction, providerSubscriptionId: unknown) {
  if (typeof providerSubscriptionId !== "string" || providerSubscriptionId === "") return null;
  return tx.subscription.findFirst({
    where: { providerSubscriptionId },
    select: { id: true, partnerId: true, reference: true, status: true, cancelAt: true, termEnd: true },
  });
}

const ended = (local: LocalSubscription) => local.status === "cancelled" || local.status === "expired";

/** The subscription ended at the provider, at `at`: it ends here, with its items. */
export async function endSubscription(
  tx: DbTransaction,
  local: LocalSubscription,
  at: Date,
  source: EventSource,
): Promise<boolean> {
  if (ended(local)) return false;
  await tx.subscription.update({
    where: { id: local.id },
    data: { status: "cancelled", cancelledAt: at, cancelAt: local.cancelAt ?? at },
    select: { id: true },
  });
  await tx.subscriptionItem.updateMany({
    where: { subscriptionId: local.id, removedAt: null },
    data: { removedAt: at },
  });
  await audit(tx, local, "subscription.cancelled", source, { effective: at.toISOString() });
  await emitSubscriptionEvent(tx, local.partnerId, "subscription.cancelled", local.id);
  return true;
}

/** The provider scheduled an end (or cleared it, `null`): shown as `cancelAt` while still active. */
export async function scheduleEnd(
  tx: DbTransaction,
  local: LocalSubscription,
  cancelAt: Date | null,
  source: EventSource,
): Promise<boolean> {
  if (local.status !== "active") return false;
  if ((cancelAt?.getTime() ?? null) === (local.cancelAt?.getTime() ?? null)) return false;
  await tx.subscription.update({ where: { id: local.id }, data: { cancelAt }, select: { id: true } });
  await audit(tx, local, "subscription.updated", source, { cancelAt: cancelAt?.toISOString() ?? null });
  await emitSubscriptionEvent(tx, local.partnerId, "subscription.updated", local.id);
  return true;
}

/** The provider renewed the term to `termEnd`; an older renewal arriving late changes nothing. */
export async function renewTerm(
  tx: DbTransaction,
  local: LocalSubscription,
  termEnd: Date,
  source: EventSource,
): Promise<boolean> {
  if (ended(local) || (local.termEnd && local.termEnd >= termEnd)) return false;
  await tx.subscription.update({
    where: { id: local.id },
    data: { termEnd, cancelAt: null },
    select: { id: true },
  });
  await audit(tx, local, "subscription.renewed", source, { termEnd: termEnd.toISOString() });
  await emitSubscriptionEvent(tx, local.partnerId, "subscription.renewed", local.id);
  return true;
}

/** A payment for the subscription failed at the provider: recorded for the partner to see. */
export async function recordPaymentFailure(
  tx: DbTransaction,
  local: LocalSubscription,
  source: EventSource,
  details: Record<string, string | null>,
): Promise<boolean> {
  await audit(tx, local, "subscription.payment_failed", source, details);
  return true;
}

function audit(
  tx: DbTransaction,
  subscription: { partnerId: string; reference: string },
  action: string,
  source: EventSource,
  details: Record<string, string | null>,
) {
  return tx.auditEvent.create({
    data: {
      id: newRowId("aud"),
      partnerId: subscription.partnerId,
      actorKind: "system",
      actorId: null,
      action,
      subjectType: "subscription",
      subjectId: subscription.reference,
      data: { source: source.provider, event: source.event, ...details },
    },
  });
}
