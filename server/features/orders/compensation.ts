// Compensation: the billing provider accepted a new order, then the local write failed (a race
// lost to another order with the same external_id or the same new customer, a constraint, the
// database). The provider would keep billing a subscription no local order knows, so a job
// cancels it there, through the provider's own cancel order (Stripe: the subscription cancelled
// at once, prorated, which credits the unused time of its first invoice; Zuora: a
// CancelSubscription order action), under keys derived from the order's, so a retried job never
// cancels twice. It is audited against the partner, and an operator is told when it cannot be
// done.
//
// A client may send the order again under the same Idempotency-Key, and the provider then replays
// the same subscription, which the retry's write adopts. A lost race or a refusal is compensated at
// once (its retry is refused before the provider, or asks for another subscription); after any
// other failure the job waits past the providers' idempotency window (24 h at Stripe), and every
// run first looks whether a local subscription has adopted the provider's meanwhile.
import { z } from "zod";
import { BILLING_PROVIDERS, type BillingProviderKind } from "../../domain/enums";
import type { ProviderOrderRequest, ProviderSubmitResult } from "../../infra/billing/billing-provider";
import type { Db } from "../../infra/db/db";
import { newRowId } from "../../infra/db/ids";
import { log } from "../../infra/log/log";
import { jobInsert, type NewJob } from "../../infra/queue/job-queue";
import type { JobHandler } from "../../infra/queue/job-worker";
import type { OrderDeps } from "./order-deps";

const compensationDataSchema = z.object({
  partnerId: z.string(),
  providerKind: z.enum(BILLING_PROVIDERS),
  providerKey: z.string(),
  providerSubscriptionId: z.string(),
  cancelRequest: z.record(z.string(), z.unknown()),
  reason: z.string(),
});
type CompensationData = z.infer<typeof compensationDataSchema>;

/** Attempts in all (with the worker's order retry delays between them). */
const COMPENSATION_ATTEMPTS = 7;
/** How long a failure other than a lost race waits for the client's retry to adopt the objects. */
export const ADOPTION_WINDOW_MS = 25 * 3_600_000;

type Failed = {
  partnerId: string;
  providerKind: BillingProviderKind;
  providerKey: string;
  providerRequest: ProviderOrderRequest;
  submitted: ProviderSubmitResult;
  /**
   * No retry of the order can adopt what the provider made: it lost a race (its retry is refused
   * before the provider, or asks for another subscription), the write refused it (its discount
   * used up meanwhile: a retry is refused too), or it had no Idempotency-Key (a retry is a new
   * request to the provider). Then it is undone at once.
   */
  nothingCanAdopt: boolean;
  reason: string;
};

/**
 * Queues the undoing of what the provider made for a new order whose local write failed. Never
 * throws: when even this write fails (the database is down), the provider's ids are logged for
 * an operator to cancel by hand.
 */
export async function queueCompensation(db: Db, failed: Failed, now = new Date()): Promise<void> {
  const providerSubscriptionId = failed.submitted.providerSubscriptionId;
  if (failed.providerKind === "builtin" || failed.providerRequest.orderType !== "new") return;
  if (!providerSubscriptionId) {
    // An order of one-off offers only: the provider issued an invoice, which no job voids yet.
    log.error("order not stored after the billing provider invoiced it; void the invoice there by hand", {
      partnerId: failed.partnerId,
      provider: failed.providerKind,
      providerReference: failed.submitted.providerReference,
      providerCustomerId: failed.submitted.providerCustomerId,
      reason: failed.reason,
    });
    return;
  }
  const cancelRequest = cancelRequestFor(failed.providerRequest, failed.submitted, providerSubscriptionId);
  const job: NewJob = {
    name: "provider.compensate",
    data: {
      partnerId: failed.partnerId,
      providerKind: failed.providerKind,
      providerKey: failed.providerKey,
      providerSubscriptionId,
      cancelRequest,
      reason: failed.reason,
    } satisfies CompensationData,
    key: `compensate:${failed.providerKind}:${providerSubscriptionId}`,
    runAt: failed.nothingCanAdopt ? now : new Date(now.getTime() + ADOPTION_WINDOW_MS),
    maxAttempts: COMPENSATION_ATTEMPTS,
  };
  try {
    await db.$transaction(async (tx) => {
      await jobInsert(tx, job, now);
    });
    log.warn(
      "order not stored after the billing provider accepted it; its subscription will be cancelled there",
      {
        partnerId: failed.partnerId,
        provider: failed.providerKind,
        providerSubscriptionId,
        at: job.runAt?.toISOString(),
      },
    );
  } catch (error) {
    log.error(
      "order not stored and its compensation could not be queued: cancel it at the provider by hand",
      {
        partnerId: failed.partnerId,
        provider: failed.providerKind,
        providerSubscriptionId,
        providerCustomerId: failed.submitted.providerCustomerId,
        error,
      },
    );
  }
}

/** The provider's own cancel order for the subscription a new order made there, at once. */
export function cancelRequestFor(
  created: ProviderOrderRequest,
  submitted: ProviderSubmitResult,
  providerSubscriptionId: string,
): ProviderOrderRequest {
  return {
    ...created,
    orderType: "cancel",
    customer: { ...created.customer, providerCustomerId: submitted.providerCustomerId },
    subscription: { reference: "", providerSubscriptionId, termEnd: null },
    cancel: { effective: "immediately", reason: "The order could not be stored; cancelled by the portal" },
  };
}

export function compensationHandler(deps: OrderDeps): JobHandler {
  return {
    run: (db, job) => compensate(db, compensationDataSchema.parse(job.data), deps),
    exhausted: async (db, job, error) => {
      const data = compensationDataSchema.parse(job.data);
      log.error("compensation failed: a subscription at the billing provider has no local order", {
        partnerId: data.partnerId,
        provider: data.providerKind,
        providerSubscriptionId: data.providerSubscriptionId,
        error,
      });
      await db.auditEvent.create({ data: audit(data, "provider.compensation_failed") });
    },
  };
}

async function compensate(db: Db, data: CompensationData, deps: OrderDeps): Promise<void> {
  // Adopted by a retry of the order (the provider replayed the same subscription): keep it.
  const adopted = await db.subscription.count({
    where: { providerSubscriptionId: data.providerSubscriptionId },
  });
  if (adopted > 0) return;
  await deps
    .provider(data.providerKind)
    .submit(data.cancelRequest as unknown as ProviderOrderRequest, `${data.providerKey}:compensate`);
  await db.auditEvent.create({ data: audit(data, "provider.compensated") });
  log.info("cancelled at the billing provider a subscription no local order kept", {
    partnerId: data.partnerId,
    provider: data.providerKind,
    providerSubscriptionId: data.providerSubscriptionId,
  });
}

const audit = (data: CompensationData, action: string) => ({
  id: newRowId("aud"),
  partnerId: data.partnerId,
  actorKind: "system" as const,
  actorId: null,
  action,
  subjectType: "partner",
  subjectId: data.partnerId,
  data: {
    provider: data.providerKind,
    providerSubscriptionId: data.providerSubscriptionId,
    reason: data.reason,
  },
});
