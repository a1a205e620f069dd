// Emits a partner event: one delivery per enabled endpoint of the partner that listens for the
// event's type, each with its job, written in the caller's transaction (an outbox: the event
// exists exactly when the change it reports commits). The payload is built inside that
// transaction, so it shows the object as the change left it, and stored as it will be sent.

import type { WebhookEventType } from "../../domain/webhook-schemas";
import { WEBHOOK_TEST_EVENT } from "../../domain/webhook-schemas";
import type { DbTransaction } from "../../infra/db/client";
import { newRowId } from "../../infra/db/ids";
import { jobInsert } from "../../infra/queue/job-queue";
import { deliverWebhookJob } from "./webhook-delivery-job";
import { endpointEvents } from "./webhook-endpoint-view";

type Listener = { id: string; events: unknown };

/** The partner's enabled endpoints that listen for any of `types` (one indexed query). */
export async function listeningEndpoints(
  client: Pick<DbTransaction, "webhookEndpoint">,
  partnerId: string,
  types: readonly WebhookEventType[],
): Promise<Listener[]> {
  const rows = await client.webhookEndpoint.findMany({
    where: { partnerId, enabled: true },
    select: { id: true, events: true },
  });
  return rows.filter((row) => endpointEvents(row.events).some((e) => types.includes(e)));
}

/**
 * Emits `type` with the data `load` reads (called only when someone listens). Returns how many
 * deliveries it queued.
 */
export async function emitPartnerEvent(
  tx: DbTransaction,
  partnerId: string,
  type: WebhookEventType,
  load: () => Promise<unknown>,
  now = new Date(),
): Promise<number> {
  const listeners = await listeningEndpoints(tx, partnerId, [type]);
  if (listeners.length === 0) return 0;
  await queueDeliveries(
    tx,
    partnerId,
    listeners.map((l) => l.id),
    type,
    await load(),
    now,
  );
  return listeners.length;
}

/** A `webhook.test` event for one endpoint, whatever it listens for. */
export async function queueTestEvent(
  tx: DbTransaction,
  partnerId: string,
  endpointId: string,
  now = new Date(),
) {
  const data = { endpointId, message: "A test event sent from the Partner Orders Portal" };
  const [deliveryId] = await queueDeliveries(tx, partnerId, [endpointId], WEBHOOK_TEST_EVENT, data, now);
  return deliveryId as string;
}

async function queueDeliveries(
  tx: DbTransaction,
  partnerId: string,
  endpointIds: string[],
  type: string,
  data: unknown,
  now: Date,
): Promise<string[]> {
  // The Standard Webhooks message id: one per event, shared by its endpoints' deliveries.
  const eventId = newRowId("msg");
  const payload = JSON.stringify({ type, timestamp: now.toISOString(), data });
  const ids = endpointIds.map(() => newRowId("whd"));
  await tx.webhookDelivery.createMany({
    data: endpointIds.map((endpointId, i) => ({
      id: ids[i] as string,
      eventId,
      endpointId,
      partnerId,
      eventType: type,
      payload,
      status: "pending",
      createdAt: now,
    })),
  });
  for (const id of ids) await jobInsert(tx, deliverWebhookJob(id), now);
  return ids;
}
