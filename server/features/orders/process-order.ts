// The job that processes an order submitted with `process_immediately: false`. Submission
// stored the order `submitted`, its customer, its subscription `pending`, and this job with what
// the billing provider is to be told (built then, from what was checked and priced then) and the
// provider idempotency key. Each attempt marks the order `processing`, calls the provider with
// the same key (so a retry after a crash or a timeout never bills twice), and on success completes
// the order and activates the subscription in one transaction. Transient failures are retried by
// the worker with backoff; a refusal, or the last attempt, ends the order `failed` with a
// partner-safe reason, its pending subscription cancelled and its discount use given back. (A
// refusal billed nothing. An attempt that timed out may have reached the provider all the same,
// with no answer to undo it by: an admin's retry replays it under the same keys, see
// docs/partner-api.md.) A provider that works on orders asynchronously (Zuora) is handed the order
// instead (submitLater), and the job polls it (checkSubmitted) on later runs, each one a new job
// carrying the provider's handle (docs/architecture.md, "Orders processed later").
import { z } from "zod";
import { DomainError, isDomainError } from "../../domain/domain-error";
import { BILLING_PROVIDERS, type OrderFailureCode } from "../../domain/enums";
import type { ProviderOrderRequest, ProviderSubmitResult } from "../../infra/billing/billing-provider";
import { isProviderRefusal } from "../../infra/billing/provider-errors";
import type { Db } from "../../infra/db/db";
import { newRowId } from "../../infra/db/ids";
import { type ClaimedJob, jobInsert, type NewJob } from "../../infra/queue/job-queue";
import type { JobHandler } from "../../infra/queue/job-worker";
import { recordSalesChange, summarizedOrderSelect } from "../dashboard/sales-summary";
import { emitOrderEvent, emitSubscriptionEvent } from "../webhooks/partner-events";
import type { OrderDeps } from "./order-deps";

/** What submission hands the job (and what a job waiting on the provider's work adds). */
const processOrderDataSchema = z.object({
  orderId: z.string(),
  partnerId: z.string(),
  providerKind: z.enum(BILLING_PROVIDERS),
  providerKey: z.string(),
  providerRequest: z.record(z.string(), z.unknown()),
  /**
   * "async": the job hands the order to the provider's asynchronous API when the provider has one
   * (BillingProvider.submitLater). Jobs queued before this existed have none, and keep calling
   * `submit` to the end: one order's job never uses both, since Zuora refuses an idempotency key
   * used on another URL, and a second key would make a second order.
   */
  providerCall: z.enum(["async"]).optional(),
  /** Set once the provider took the order to work on: its handle (Zuora's job id) and the polls. */
  providerWork: z
    .object({
      handle: z.string(),
      /** When this round of waiting began (ISO; an admin's retry starts a new round). */
      since: z.string(),
      polls: z.number().int().nonnegative(),
      /** The order's attempts so far (polls that found the work unfinished do not count). */
      attempts: z.number().int().nonnegative(),
    })
    .optional(),
});
export type ProcessOrderData = z.infer<typeof processOrderDataSchema>;

/** The cancel reason a failed order gives its pending subscription (a retry looks for it). */
export const FAILED_ORDER_CANCEL_REASON = "The order failed";

/** Attempts in all: the first and 6 retries (their delays are the worker's setting). */
export const ORDER_PROCESS_ATTEMPTS = 7;

/**
 * Waits before each look at work a provider does asynchronously: the first, second, ... (the last
 * repeats). Zuora's asynchronous orders usually take seconds; a long one, minutes.
 */
export const PROVIDER_WORK_POLL_DELAYS_MS: readonly number[] = [2_000, 5_000, 10_000, 30_000, 60_000];

/** How long a round of waiting on the provider's work may last before the order fails. */
export const PROVIDER_WORK_MAX_WAIT_MS = 24 * 60 * 60 * 1000;

export type ProcessOrderOptions = {
  /** Instead of PROVIDER_WORK_POLL_DELAYS_MS (tests poll at once). */
  pollDelaysMs?: readonly number[];
  maxWaitMs?: number;
};

export function processOrderJob(data: ProcessOrderData): NewJob {
  return {
    name: "order.process",
    data: { ...data, providerCall: "async" },
    key: `order:${data.orderId}`,
    maxAttempts: ORDER_PROCESS_ATTEMPTS,
  };
}

export function processOrderHandler(deps: OrderDeps, options: ProcessOrderOptions = {}): JobHandler {
  return {
    run: (db, job) => processOrder(db, job, deps, options),
    exhausted: (db, job, error) => failOrder(db, job, error, deps.now()),
    retryable: (error) =>
      !isProviderRefusal(error) && !isProviderIneligible(error) && !isWaitedTooLong(error),
  };
}

/** Errors of an order whose provider never finished its work: final, not retried. */
const waitedTooLong = new WeakSet<object>();
const isWaitedTooLong = (error: unknown) =>
  typeof error === "object" && error !== null && waitedTooLong.has(error);

async function processOrder(
  db: Db,
  job: ClaimedJob,
  deps: OrderDeps,
  options: ProcessOrderOptions,
): Promise<void> {
  const data = processOrderDataSchema.parse(job.data);
  const order = await db.order.findFirst({
    where: { id: data.orderId, partnerId: data.partnerId },
    select: {
      status: true,
      subscriptionId: true,
      customerId: true,
      pricing: true,
      customer: { select: { providerCustomerId: true } },
    },
  });
  // Already final: a job that ran to the end once and died before it was deleted.
  if (!order || order.status === "complete" || order.status === "failed") return;
  // A job waiting on the provider's work starts afresh with each poll; the order counts its runs.
  const work = data.providerWork;
  const attempts = work ? work.attempts + job.attempts - 1 : job.attempts;
  const started = await db.order.updateMany({
    where: { id: data.orderId, status: { in: ["submitted", "processing"] } },
    data: { status: "processing", attempts },
  });
  if (started.count === 0) return;

  const provider = deps.provider(data.providerKind);
  const request = withCurrentCustomer(data, job, order.customer.providerCustomerId);
  let submitted: ProviderSubmitResult;
  if (data.providerCall === "async" && provider.submitLater && provider.checkSubmitted) {
    if (!work) {
      // Zuora answers at once with its job; the same key gets the same job back, so a run that
      // dies before the handle is stored starts nothing new when it is run again.
      const { handle } = await provider.submitLater(request, data.providerKey);
      const since = new Date().toISOString();
      await pollLater(db, job, { ...data, providerWork: { handle, since, polls: 0, attempts } }, options);
      return;
    }
    // A failed order sent back by an admin (`submitted` again) waits a new round on the same work.
    const since = order.status === "submitted" ? new Date().toISOString() : work.since;
    const check = await provider.checkSubmitted(request, work.handle);
    if (!check.done) {
      if (Date.now() - Date.parse(since) >= (options.maxWaitMs ?? PROVIDER_WORK_MAX_WAIT_MS)) {
        const error = new DomainError(
          "UPSTREAM_FAILED",
          "The billing provider had not finished the order after a day; an admin can retry it once it has.",
        );
        waitedTooLong.add(error);
        throw error;
      }
      const next = { ...work, since, polls: work.polls + 1, attempts };
      await pollLater(db, job, { ...data, providerWork: next }, options);
      return;
    }
    submitted = check.result;
  } else {
    submitted = await provider.submit(request, data.providerKey);
  }
  await completeOrder(db, data, order, attempts, submitted, deps.now());
}

/**
 * The provider is working on the order: this job goes and the same job (same key, the handle in its
 * data, so a worker that restarts finds it) comes back after the next poll delay, with a fresh
 * count of attempts, since a poll that finds the work unfinished is not a failure. Only while this
 * worker still holds the job: one whose lease was lost is another worker's, which asks the
 * provider again under the same key and gets the same work back.
 */
async function pollLater(db: Db, job: ClaimedJob, data: ProcessOrderData, options: ProcessOrderOptions) {
  const polls = data.providerWork?.polls ?? 0;
  const delays = options.pollDelaysMs ?? PROVIDER_WORK_POLL_DELAYS_MS;
  const delay = delays[Math.min(polls, delays.length - 1)] ?? 0;
  await db.$transaction(async (tx) => {
    const held = await tx.job.deleteMany({ where: { id: job.id, lockedBy: job.lockedBy } });
    if (held.count !== 1) return;
    await jobInsert(tx, { ...processOrderJob(data), runAt: new Date(Date.now() + delay) });
  });
}

type ProcessedOrder = {
  subscriptionId: string | null;
  customerId: string;
  pricing: unknown;
};

/** The provider has the order: complete it, activate its subscription, emit the events. */
async function completeOrder(
  db: Db,
  data: ProcessOrderData,
  order: ProcessedOrder,
  attempts: number,
  submitted: ProviderSubmitResult,
  now: Date,
): Promise<void> {
  const pricing = (order.pricing ?? {}) as Record<string, unknown>;
  await db.$transaction(async (tx) => {
    const completed = await tx.order.updateMany({
      where: { id: data.orderId, status: "processing" },
      data: {
        status: "complete",
        processedAt: now,
        attempts,
        providerReference: submitted.providerReference,
        pricing: { ...pricing, providerResult: submitted.providerResult } as object,
      },
    });
    // Another run settled the order meanwhile: nothing more to write.
    if (completed.count === 0) return;
    await tx.subscription.updateMany({
      where: { id: order.subscriptionId ?? "", status: "pending" },
      data: { status: "active", providerSubscriptionId: submitted.providerSubscriptionId },
    });
    await tx.customer.updateMany({
      where: { id: order.customerId, providerCustomerId: null },
      data: { providerCustomerId: submitted.providerCustomerId },
    });
    await tx.auditEvent.create({
      data: systemAudit(data, "order.completed", {
        attempts,
        provider: data.providerKind,
        providerReference: submitted.providerReference,
      }),
    });
    await emitOrderEvent(tx, data.partnerId, "order.completed", data.orderId);
    if (order.subscriptionId) {
      await emitSubscriptionEvent(tx, data.partnerId, "subscription.created", order.subscriptionId);
    }
  });
}

/**
 * The stored request, naming the provider's customer if another order has created it since this
 * one was submitted (else the provider would make a second customer for the same person). Only
 * on a first attempt: a retry must send what the first attempt sent, under the same keys.
 */
function withCurrentCustomer(
  data: ProcessOrderData,
  job: ClaimedJob,
  providerCustomerId: string | null,
): ProviderOrderRequest {
  const request = data.providerRequest as unknown as ProviderOrderRequest;
  if (job.attempts !== 1 || !providerCustomerId || request.customer.providerCustomerId) return request;
  return { ...request, customer: { ...request.customer, providerCustomerId } };
}

async function failOrder(db: Db, job: ClaimedJob, error: unknown, now: Date): Promise<void> {
  const data = processOrderDataSchema.parse(job.data);
  const failure = failureOf(error);
  await db.$transaction(async (tx) => {
    const order = await tx.order.findFirst({
      where: { id: data.orderId, partnerId: data.partnerId },
      select: { subscriptionId: true, discountCodeId: true, ...summarizedOrderSelect },
    });
    if (!order) return;
    const failed = await tx.order.updateMany({
      where: { id: data.orderId, status: { in: ["submitted", "processing"] } },
      data: {
        status: "failed",
        processedAt: now,
        attempts: job.attempts,
        failureCode: failure.code,
        failureMessage: failure.message,
      },
    });
    // Already final (another run completed or failed it): its effects were written by that run.
    if (failed.count === 0) return;
    // The subscription, then the discount, then the summaries: the order every order write takes
    // these rows in, so two writers on PostgreSQL never wait on each other in a circle.
    const subscriptionId = order.subscriptionId ?? "";
    // The subscription never started: it ends as it began.
    const ended = await tx.subscription.updateMany({
      where: { id: subscriptionId, status: "pending" },
      data: {
        status: "cancelled",
        cancelledAt: now,
        cancelAt: now,
        cancelReason: FAILED_ORDER_CANCEL_REASON,
      },
    });
    if (ended.count === 1) {
      await tx.subscriptionItem.updateMany({
        where: { subscriptionId, removedAt: null },
        data: { removedAt: now },
      });
    }
    if (order.discountCodeId) {
      await tx.$executeRaw`UPDATE "DiscountCode" SET "timesRedeemed" = "timesRedeemed" - 1 WHERE "id" = ${order.discountCodeId} AND "timesRedeemed" > 0`;
    }
    await recordSalesChange(tx, order, "failed");
    await tx.auditEvent.create({
      data: systemAudit(data, "order.failed", { attempts: job.attempts, ...failure }),
    });
    await emitOrderEvent(tx, data.partnerId, "order.failed", data.orderId);
  });
}

/**
 * The reason a partner is shown. Provider errors carry messages written for partners (see
 * billing/provider-errors.ts); anything else is an internal failure and says only that.
 */
/**
 * The provider's own eligibility check refused the order (an offer it has no mapping for, more
 * items than it takes): as final as a refusal, and checked before anything was sent to it.
 */
function isProviderIneligible(error: unknown): boolean {
  return isDomainError(error) && error.code === "INELIGIBLE";
}

function failureOf(error: unknown): { code: OrderFailureCode; message: string } {
  if ((isProviderRefusal(error) || isProviderIneligible(error)) && isDomainError(error)) {
    return { code: "PROVIDER_REJECTED", message: error.message };
  }
  if (isDomainError(error) && error.code === "UPSTREAM_FAILED") {
    return { code: "PROVIDER_UNAVAILABLE", message: error.message };
  }
  return { code: "PROVIDER_UNAVAILABLE", message: "The order could not be processed; it was not billed." };
}

function systemAudit(
  data: ProcessOrderData,
  action: string,
  details: Record<string, string | number | null>,
) {
  return {
    id: newRowId("aud"),
    partnerId: data.partnerId,
    actorKind: "system" as const,
    actorId: null,
    action,
    subjectType: "order",
    subjectId: data.orderId,
    data: details,
  };
}
