// Compensation: the billing provider accepted a new order, then the local write failed (a race
// lost to another order with the same external_id or the same new customer, a constraint, the
// database). The provider would keep billing a subscription no local order knows, so a job
// cancels it there, through the provider's own cancel order (Stripe: the subscription cancelled
// at once, prorated, which credits the unused time of its first invoice; Zuora: a
// CancelSubscription order action), under keys derived from the order's, so a retried job never
// cancels twice. A Stripe order of one-off offers only made no subscription but an invoice,
// finalised and sent to the customer: the same job (`action: "void_invoice"`) voids that invoice
// there, once, or, when the customer has paid it already (Stripe cannot void a paid invoice),
// ends failed for good and tells an operator to refund it by hand. It is audited against the
// partner, and an operator is told when it cannot be done.
//
// A client may send the order again under the same Idempotency-Key, and the provider then replays
// the same subscription (or invoice), which the retry's write adopts. A lost race or a refusal is
// compensated at once (its retry is refused before the provider, or asks for another
// subscription); after any other failure the job waits past the providers' idempotency window
// (24 h at Stripe), and every run first looks whether a local subscription (or, for an invoice, a
// local order whose providerReference is that invoice) has adopted the provider's meanwhile.
import { z } from "zod";
import { BILLING_PROVIDERS, type BillingProviderKind } from "../../domain/enums";
import type { ProviderOrderRequest, ProviderSubmitResult } from "../../infra/billing/billing-provider";
import type { Db } from "../../infra/db/db";
import { newRowId } from "../../infra/db/ids";
import { log } from "../../infra/log/log";
import { jobInsert, type NewJob } from "../../infra/queue/job-queue";
import type { JobHandler } from "../../infra/queue/job-worker";
import type { OrderDeps } from "./order-deps";

/** Cancel the subscription the order made. */
const cancelDataSchema = z.object({
  /** Absent from the jobs queued before invoices were voided: they all cancel a subscription. */
  action: z.literal("cancel_subscription").optional(),
  partnerId: z.string(),
  providerKind: z.enum(BILLING_PROVIDERS),
  providerKey: z.string(),
  providerSubscriptionId: z.string(),
  cancelRequest: z.record(z.string(), z.unknown()),
  reason: z.string(),
});
/** Void the invoice an order of one-off offers only made (Stripe). */
const voidDataSchema = z.object({
  action: z.literal("void_invoice"),
  partnerId: z.string(),
  providerKind: z.enum(BILLING_PROVIDERS),
  providerKey: z.string(),
  providerInvoiceId: z.string(),
  providerCustomerId: z.string().nullable(),
  reason: z.string(),
});
const compensationDataSchema = z.union([voidDataSchema, cancelDataSchema]);
type CancelData = z.infer<typeof cancelDataSchema>;
type VoidData = z.infer<typeof voidDataSchema>;
type CompensationData = CancelData | VoidData;

/** The invoice was paid before it could be voided: no attempt can void it, an operator refunds it. */
class InvoicePaidError extends Error {
  constructor(
    readonly amountPaid: number,
    readonly currency: string,
  ) {
    super(`the invoice is paid (${amountPaid} ${currency} in minor units) and cannot be voided`);
  }
}

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
  if (failed.providerKind === "builtin" || failed.providerRequest.orderType !== "new") return;
  const undo = undoFor(failed);
  if (!undo) {
    // No subscription, and not an invoice a job knows how to void (only Stripe issues one alone).
    log.error("order not stored after the billing provider invoiced it; void the invoice there by hand", {
      partnerId: failed.partnerId,
      provider: failed.providerKind,
      providerReference: failed.submitted.providerReference,
      providerCustomerId: failed.submitted.providerCustomerId,
      reason: failed.reason,
    });
    return;
  }
  const job: NewJob = {
    name: "provider.compensate",
    data: undo.data,
    key: `compensate:${failed.providerKind}:${undo.providerId}`,
    runAt: failed.nothingCanAdopt ? now : new Date(now.getTime() + ADOPTION_WINDOW_MS),
    maxAttempts: COMPENSATION_ATTEMPTS,
  };
  const ids = {
    partnerId: failed.partnerId,
    provider: failed.providerKind,
    ...(undo.data.action === "void_invoice"
      ? { providerInvoiceId: undo.providerId }
      : { providerSubscriptionId: undo.providerId }),
  };
  try {
    await db.$transaction(async (tx) => {
      await jobInsert(tx, job, now);
    });
    log.warn(
      undo.data.action === "void_invoice"
        ? "order not stored after the billing provider invoiced it; its invoice will be voided there"
        : "order not stored after the billing provider accepted it; its subscription will be cancelled there",
      { ...ids, at: job.runAt?.toISOString() },
    );
  } catch (error) {
    log.error(
      undo.data.action === "void_invoice"
        ? "order not stored and its compensation could not be queued: void its invoice at the provider by hand"
        : "order not stored and its compensation could not be queued: cancel it at the provider by hand",
      { ...ids, providerCustomerId: failed.submitted.providerCustomerId, error },
    );
  }
}

/** The job's data: cancel the order's subscription, or void its invoice; null when neither applies. */
function undoFor(failed: Failed): { providerId: string; data: CompensationData } | null {
  const { providerSubscriptionId, providerReference } = failed.submitted;
  const common = {
    partnerId: failed.partnerId,
    providerKind: failed.providerKind,
    providerKey: failed.providerKey,
    reason: failed.reason,
  };
  if (providerSubscriptionId) {
    const cancelRequest = cancelRequestFor(failed.providerRequest, failed.submitted, providerSubscriptionId);
    return {
      providerId: providerSubscriptionId,
      data: { action: "cancel_subscription", ...common, providerSubscriptionId, cancelRequest },
    };
  }
  // Stripe's order of one-off offers only: its reference is the invoice it finalised and sent.
  if (failed.providerKind === "stripe" && providerReference) {
    return {
      providerId: providerReference,
      data: {
        action: "void_invoice",
        ...common,
        providerInvoiceId: providerReference,
        providerCustomerId: failed.submitted.providerCustomerId,
      },
    };
  }
  return null;
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
    run: async (db, job) => {
      const data = compensationDataSchema.parse(job.data);
      if (data.action === "void_invoice") await voidInvoice(db, data, deps);
      else await compensate(db, data, deps);
    },
    // A paid invoice stays paid: no other attempt can void it.
    retryable: (error) => !(error instanceof InvoicePaidError),
    exhausted: async (db, job, error) => {
      const data = compensationDataSchema.parse(job.data);
      if (data.action !== "void_invoice") {
        log.error("compensation failed: a subscription at the billing provider has no local order", {
          partnerId: data.partnerId,
          provider: data.providerKind,
          providerSubscriptionId: data.providerSubscriptionId,
          error,
        });
      } else if (error instanceof InvoicePaidError) {
        log.error(
          "compensation failed: the invoice of an order not stored is paid at the billing provider; refund it there by hand",
          {
            partnerId: data.partnerId,
            provider: data.providerKind,
            providerInvoiceId: data.providerInvoiceId,
            providerCustomerId: data.providerCustomerId,
            amountPaid: error.amountPaid,
            currency: error.currency,
          },
        );
      } else {
        log.error(
          "compensation failed: an invoice at the billing provider has no local order; void it there by hand",
          {
            partnerId: data.partnerId,
            provider: data.providerKind,
            providerInvoiceId: data.providerInvoiceId,
            providerCustomerId: data.providerCustomerId,
            error,
          },
        );
      }
      const paid =
        error instanceof InvoicePaidError
          ? { invoicePaid: true, amountPaid: error.amountPaid, currency: error.currency }
          : {};
      await db.auditEvent.create({ data: audit(data, "provider.compensation_failed", paid) });
    },
  };
}

async function compensate(db: Db, data: CancelData, deps: OrderDeps): Promise<void> {
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

async function voidInvoice(db: Db, data: VoidData, deps: OrderDeps): Promise<void> {
  // Adopted by a retry of the order (Stripe replayed the same invoice, which its write stored as
  // the order's providerReference): keep it.
  const adopted = await db.order.count({
    where: { partnerId: data.partnerId, providerReference: data.providerInvoiceId },
  });
  if (adopted > 0) return;
  const provider = deps.provider(data.providerKind);
  if (!provider.voidInvoice)
    throw new Error(`the ${data.providerKind} billing provider cannot void invoices`);
  const voided = await provider.voidInvoice(
    data.partnerId,
    data.providerInvoiceId,
    `${data.providerKey}:compensate`,
  );
  // Stripe marks an invoice of 0 paid as it finalises it: nothing was charged, nothing to refund.
  if (voided.outcome === "paid" && voided.amountPaid > 0) {
    throw new InvoicePaidError(voided.amountPaid, voided.currency);
  }
  const outcome = voided.outcome === "paid" ? "nothing_charged" : voided.outcome;
  await db.auditEvent.create({ data: audit(data, "provider.compensated", { outcome }) });
  log.info("voided at the billing provider an invoice no local order kept", {
    partnerId: data.partnerId,
    provider: data.providerKind,
    providerInvoiceId: data.providerInvoiceId,
    outcome,
  });
}

const audit = (data: CompensationData, action: string, extra: Record<string, unknown> = {}) => ({
  id: newRowId("aud"),
  partnerId: data.partnerId,
  actorKind: "system" as const,
  actorId: null,
  action,
  subjectType: "partner",
  subjectId: data.partnerId,
  data: {
    provider: data.providerKind,
    ...(data.action === "void_invoice"
      ? { providerInvoiceId: data.providerInvoiceId }
      : { providerSubscriptionId: data.providerSubscriptionId }),
    reason: data.reason,
    ...extra,
  },
});
