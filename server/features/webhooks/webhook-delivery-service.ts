// An endpoint's delivery log (newest first, with every attempt), resending a delivery, and
// sending a test event. Resending keeps the delivery's `webhook-id`, so a receiver that did get
// it the first time can recognise the duplicate.
import { z } from "zod";
import { DomainError } from "../../domain/domain-error";
import { parseOrThrow } from "../../domain/validation";
import { WEBHOOK_DELIVERY_STATUSES, type WebhookDeliveryView } from "../../domain/webhook-schemas";
import type { Db } from "../../infra/db/db";
import { afterCursor, KEYSET_ORDER, keysetPage } from "../../infra/db/keyset-paging";
import { jobInsert } from "../../infra/queue/job-queue";
import { wakeJobWorker } from "../../infra/queue/process-workers";
import { auditEventData } from "../audit/record-audit";
import type { PartnerScope } from "../auth/partner-scope";
import { queueTestEvent } from "./emit-event";
import { deliverWebhookJob } from "./webhook-delivery-job";

export const listDeliveriesQuerySchema = z
  .object({
    status: z.enum(WEBHOOK_DELIVERY_STATUSES).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().max(200).optional(),
  })
  .strict();

const deliverySelect = {
  id: true,
  eventId: true,
  eventType: true,
  status: true,
  attempts: true,
  lastStatusCode: true,
  lastLatencyMs: true,
  lastError: true,
  createdAt: true,
  deliveredAt: true,
  payload: true,
  attemptLog: {
    orderBy: { at: "asc" },
    select: { at: true, statusCode: true, latencyMs: true, error: true, responseBody: true },
  },
} as const;

type DeliveryRow = {
  id: string;
  eventId: string;
  eventType: string;
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  lastLatencyMs: number | null;
  lastError: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
  payload: string;
  attemptLog: {
    at: Date;
    statusCode: number | null;
    latencyMs: number;
    error: string | null;
    responseBody: string | null;
  }[];
};

const isDeliveryStatus = (s: string): s is WebhookDeliveryView["status"] =>
  (WEBHOOK_DELIVERY_STATUSES as readonly string[]).includes(s);

function toDeliveryView(row: DeliveryRow): WebhookDeliveryView {
  return {
    ...row,
    status: isDeliveryStatus(row.status) ? row.status : "pending",
    createdAt: row.createdAt.toISOString(),
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
    attemptLog: row.attemptLog.map((a) => ({ ...a, at: a.at.toISOString() })),
  };
}

async function ownEndpoint(db: Db, scope: PartnerScope, endpointId: string) {
  const row = await db.webhookEndpoint.findFirst({
    where: { id: endpointId, partnerId: scope.partnerId },
    select: { id: true, enabled: true },
  });
  if (!row) throw new DomainError("NOT_FOUND", `No webhook endpoint ${endpointId}`);
  return row;
}

export async function listDeliveries(
  db: Db,
  scope: PartnerScope,
  endpointId: string,
  rawQuery: z.input<typeof listDeliveriesQuerySchema>,
) {
  const query = parseOrThrow(listDeliveriesQuerySchema, rawQuery);
  await ownEndpoint(db, scope, endpointId);
  const rows = await db.webhookDelivery.findMany({
    where: {
      endpointId,
      partnerId: scope.partnerId,
      ...(query.status ? { status: query.status } : {}),
      ...afterCursor(query.cursor),
    },
    orderBy: KEYSET_ORDER,
    take: query.limit + 1,
    select: deliverySelect,
  });
  return keysetPage(rows, query.limit, toDeliveryView);
}

export async function getDelivery(
  db: Db,
  scope: PartnerScope,
  endpointId: string,
  deliveryId: string,
): Promise<WebhookDeliveryView> {
  const row = await db.webhookDelivery.findFirst({
    where: { id: deliveryId, endpointId, partnerId: scope.partnerId },
    select: deliverySelect,
  });
  if (!row) throw new DomainError("NOT_FOUND", `No delivery ${deliveryId} of webhook endpoint ${endpointId}`);
  return toDeliveryView(row);
}

/** Sends a delivered or failed delivery again, as a fresh round of attempts. */
export async function resendDelivery(
  db: Db,
  scope: PartnerScope,
  endpointId: string,
  deliveryId: string,
): Promise<WebhookDeliveryView> {
  const endpoint = await ownEndpoint(db, scope, endpointId);
  if (!endpoint.enabled) throw new DomainError("CONFLICT", "The endpoint is disabled; enable it first");
  await db.$transaction(async (tx) => {
    const reopened = await tx.webhookDelivery.updateMany({
      where: {
        id: deliveryId,
        endpointId,
        partnerId: scope.partnerId,
        status: { in: ["delivered", "failed"] },
      },
      data: { status: "pending", deliveredAt: null },
    });
    if (reopened.count === 0) {
      const exists = await tx.webhookDelivery.count({
        where: { id: deliveryId, endpointId, partnerId: scope.partnerId },
      });
      if (exists === 0)
        throw new DomainError("NOT_FOUND", `No delivery ${deliveryId} of webhook endpoint ${endpointId}`);
      throw new DomainError("CONFLICT", "The delivery is being sent already; wait for it to end");
    }
    await jobInsert(tx, deliverWebhookJob(deliveryId));
    await tx.auditEvent.create({
      data: auditEventData(
        scope,
        "webhook_delivery.resent",
        { type: "webhook_endpoint", id: endpointId },
        { deliveryId },
      ),
    });
  });
  wakeJobWorker();
  return getDelivery(db, scope, endpointId, deliveryId);
}

/** Queues a `webhook.test` event to the endpoint and answers with its delivery. */
export async function sendTestEvent(
  db: Db,
  scope: PartnerScope,
  endpointId: string,
): Promise<WebhookDeliveryView> {
  const endpoint = await ownEndpoint(db, scope, endpointId);
  if (!endpoint.enabled) throw new DomainError("CONFLICT", "The endpoint is disabled; enable it first");
  const deliveryId = await db.$transaction((tx) => queueTestEvent(tx, scope.partnerId, endpointId));
  wakeJobWorker();
  return getDelivery(db, scope, endpointId, deliveryId);
}
