// The job that sends one webhook delivery. Each attempt signs the stored payload per Standard
// Webhooks (the same `webhook-id` every time, a fresh timestamp, one signature per valid secret),
// POSTs it through the outbound rules (server/infra/outbound/outbound-http.ts: public addresses only
// unless allowed, no redirects, 10 s, a capped read) and logs the attempt. A 2xx answer is
// delivered; anything else is retried after the next WEBHOOK_RETRY_DELAYS wait. When the
// attempts are used up the delivery is failed, and an endpoint that has failed without a single
// success for ENDPOINT_DISABLE_AFTER_MS is turned off with a reason its partner sees.
//
// Each request is a client span (when telemetry is on), inside the span of its job, so it shows
// in the trace of what caused the event. The trace context is not sent to the partner: it is
// ours, and a receiver has no use for it.
import { z } from "zod";
import type { Db } from "../../infra/db/db";
import { newRowId } from "../../infra/db/ids";
import { env } from "../../infra/env/env";
import { log } from "../../infra/log/log";
import { metrics } from "../../infra/metrics/metrics";
import { postOutbound } from "../../infra/outbound/outbound-http";
import type { OutboundPolicy } from "../../infra/outbound/outbound-policy";
import { signedHeaders, storableText } from "../../infra/outbound/signed-request";
import type { ClaimedJob, NewJob } from "../../infra/queue/job-queue";
import type { JobHandler } from "../../infra/queue/job-worker";
import { inSpan, markError, SpanKind } from "../../infra/telemetry/spans";
import { signingSecrets } from "./webhook-secrets";

const deliverWebhookDataSchema = z.object({ deliveryId: z.string() });

/** An endpoint failing this long with no success in between is turned off. */
export const ENDPOINT_DISABLE_AFTER_MS = 5 * 24 * 3_600_000;
/** How much of a receiver's answer the delivery log keeps. */
const RESPONSE_LOG_BYTES = 1024;
const USER_AGENT = "PartnerOrdersPortal-Webhooks/1.0";

export function deliverWebhookJob(deliveryId: string): NewJob {
  return {
    name: "webhook.deliver",
    data: { deliveryId },
    maxAttempts: env().webhookRetryDelaysMs.length + 1,
  };
}

export type WebhookDeliveryDeps = {
  policy: () => OutboundPolicy;
  timeoutMs: number;
  /** Waits between attempts (WEBHOOK_RETRY_DELAYS). */
  retryDelaysMs: readonly number[];
  now: () => Date;
};

export const defaultWebhookDeliveryDeps = (): WebhookDeliveryDeps => ({
  policy: () => ({ allowHosts: env().outboundAllowHosts }),
  timeoutMs: 10_000,
  retryDelaysMs: env().webhookRetryDelaysMs,
  now: () => new Date(),
});

class DeliveryFailed extends Error {
  override name = "DeliveryFailed";
}

/** The signing secret no longer opens (AUTH_SECRET changed): no retry helps until it is rotated. */
class SecretUnreadable extends Error {
  override name = "SecretUnreadable";
}

export function deliverWebhookHandler(deps: WebhookDeliveryDeps = defaultWebhookDeliveryDeps()): JobHandler {
  return {
    run: (db, job) => deliver(db, job, deps),
    exhausted: (db, job, error) => giveUp(db, job, error, deps.now()),
    retryable: (error) => !(error instanceof SecretUnreadable),
    retryDelaysMs: deps.retryDelaysMs,
    // A partner's receiver failing is the partner's to fix (its delivery log says so), not an
    // operator's alarm.
    failureLogLevel: "warn",
  };
}

async function deliver(db: Db, job: ClaimedJob, deps: WebhookDeliveryDeps): Promise<void> {
  const { deliveryId } = deliverWebhookDataSchema.parse(job.data);
  const delivery = await db.webhookDelivery.findUnique({
    where: { id: deliveryId },
    select: {
      eventId: true,
      eventType: true,
      payload: true,
      status: true,
      endpointId: true,
      endpoint: {
        select: {
          url: true,
          enabled: true,
          secretSealed: true,
          previousSecretSealed: true,
          previousSecretExpiresAt: true,
        },
      },
    },
  });
  // Deleted with its endpoint, or settled by an earlier run that died before its job went.
  if (delivery?.status !== "pending") return;
  const { endpoint } = delivery;
  if (!endpoint.enabled) {
    await db.webhookDelivery.updateMany({
      where: { id: deliveryId, status: "pending" },
      data: { status: "failed", lastError: "Not sent: the endpoint is disabled" },
    });
    return;
  }
  const now = deps.now();
  const secrets = signingSecrets(endpoint, now);
  if (secrets.length === 0) {
    // Sealed under another AUTH_SECRET: retrying cannot help until the secret is rotated.
    throw new SecretUnreadable(
      "The signing secret cannot be read (was AUTH_SECRET changed?); rotate the secret",
    );
  }
  const started = Date.now();
  const { statusCode, responseBody, error } = await inSpan(
    "webhook delivery",
    { kind: SpanKind.CLIENT, attributes: spanAttributes(delivery, deliveryId) },
    async (span) => {
      const sent = await send(endpoint.url, delivery, now, secrets, deps);
      if (sent.statusCode !== null) span.setAttribute("http.response.status_code", sent.statusCode);
      span.setAttribute("webhook.outcome", sent.error === null ? "delivered" : "failed");
      if (sent.error !== null) markError(span, sent.error);
      return sent;
    },
  );
  const latencyMs = Date.now() - started;
  const delivered = error === null;
  await db.$transaction([
    db.webhookAttempt.create({
      data: { id: newRowId("wha"), deliveryId, at: now, statusCode, latencyMs, error, responseBody },
    }),
    db.webhookDelivery.updateMany({
      where: { id: deliveryId, status: "pending" },
      data: {
        attempts: { increment: 1 },
        lastStatusCode: statusCode,
        lastLatencyMs: latencyMs,
        lastError: error,
        ...(delivered ? { status: "delivered", deliveredAt: new Date() } : {}),
      },
    }),
    delivered
      ? db.webhookEndpoint.updateMany({
          where: { id: delivery.endpointId, failingSince: { not: null } },
          data: { failingSince: null },
        })
      : db.webhookEndpoint.updateMany({
          where: { id: delivery.endpointId, failingSince: null },
          data: { failingSince: now },
        }),
  ]);
  metrics().webhookDeliveries.inc({ outcome: delivered ? "delivered" : "failed" });
  if (!delivered) throw new DeliveryFailed(error ?? "not delivered");
}

type Sent = { statusCode: number | null; responseBody: string | null; error: string | null };

/** One signed POST of the payload; every failure is an answer here (the caller records it). */
async function send(
  url: string,
  delivery: { eventId: string; payload: string },
  now: Date,
  secrets: ReturnType<typeof signingSecrets>,
  deps: WebhookDeliveryDeps,
): Promise<Sent> {
  try {
    const answer = await postOutbound(
      url,
      {
        headers: signedHeaders(delivery.eventId, now, delivery.payload, secrets, USER_AGENT),
        body: delivery.payload,
        timeoutMs: deps.timeoutMs,
        capBytes: RESPONSE_LOG_BYTES,
      },
      deps.policy(),
    );
    const error =
      answer.status < 200 || answer.status > 299 ? `The endpoint answered ${answer.status}` : null;
    return { statusCode: answer.status, responseBody: storableText(answer.body), error };
  } catch (failure) {
    const error = storableText(failure instanceof Error ? failure.message : String(failure));
    return { statusCode: null, responseBody: null, error };
  }
}

/** What a delivery's span says: ids and the receiver's host, never its path or query (they may hold a
 * token). */
function spanAttributes(
  delivery: { eventId: string; eventType: string; endpointId: string; endpoint: { url: string } },
  deliveryId: string,
) {
  let host = "";
  try {
    host = new URL(delivery.endpoint.url).hostname;
  } catch {
    // Stored URLs were checked when registered; an unreadable one just has no host here.
  }
  return {
    "webhook.delivery_id": deliveryId,
    "webhook.event_id": delivery.eventId,
    "webhook.event_type": delivery.eventType,
    "webhook.endpoint_id": delivery.endpointId,
    "http.request.method": "POST",
    "server.address": host,
  };
}

async function giveUp(db: Db, job: ClaimedJob, error: unknown, now: Date): Promise<void> {
  const { deliveryId } = deliverWebhookDataSchema.parse(job.data);
  const reason = error instanceof Error ? error.message : String(error);
  const delivery = await db.webhookDelivery.findUnique({
    where: { id: deliveryId },
    select: {
      partnerId: true,
      endpointId: true,
      endpoint: { select: { failingSince: true, enabled: true } },
    },
  });
  if (!delivery) return;
  await db.webhookDelivery.updateMany({
    where: { id: deliveryId, status: "pending" },
    data: { status: "failed", lastError: reason.slice(0, 1000) },
  });
  const since = delivery.endpoint.failingSince;
  if (!delivery.endpoint.enabled || !since || now.getTime() - since.getTime() < ENDPOINT_DISABLE_AFTER_MS)
    return;
  const disabledReason = `Turned off on ${now.toISOString().slice(0, 10)}: every delivery failed since ${since.toISOString()}. Fix the receiver, then enable the endpoint again.`;
  const turnedOff = await db.$transaction(async (tx) => {
    const off = await tx.webhookEndpoint.updateMany({
      where: { id: delivery.endpointId, enabled: true, failingSince: since },
      data: { enabled: false, disabledReason },
    });
    if (off.count === 0) return false;
    await tx.auditEvent.create({
      data: {
        id: newRowId("aud"),
        partnerId: delivery.partnerId,
        actorKind: "system",
        actorId: null,
        action: "webhook_endpoint.disabled",
        subjectType: "webhook_endpoint",
        subjectId: delivery.endpointId,
        data: { failingSince: since.toISOString() },
      },
    });
    return true;
  });
  if (turnedOff) {
    log.warn("webhook endpoint turned off after failing for days", {
      partnerId: delivery.partnerId,
      endpointId: delivery.endpointId,
      failingSince: since.toISOString(),
    });
  }
}
