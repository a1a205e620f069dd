// submitOrder: validation, then the partner's eligibility checks, then the billing provider,
// then one transaction (write-order.ts). A new order with `process_immediately: false` skips the
// provider: the transaction stores it `submitted` with the job that calls the provider later.
// With an Idempotency-Key the first answer is stored and replayed to retries; any failure
// releases the key so a retry runs the order afresh.

import { z } from "zod";
import { DomainError, isDomainError } from "../../domain/domain-error";
import { type OrderRequest, orderRequestSchema } from "../../domain/order-request-schemas";
import { type SubmitResponse, submitResponseSchema } from "../../domain/order-response-schemas";
import { parseOrThrow } from "../../domain/validation";
import type { ProviderSubmitResult } from "../../infra/billing/billing-provider";
import type { Db } from "../../infra/db/db";
import { newOrderId } from "../../infra/db/ids";
import { isUniqueViolation } from "../../infra/db/prisma-errors";
import { wakeJobWorker } from "../../infra/queue/process-workers";
import type { PartnerScope } from "../auth/partner-scope";
import { queueCompensation } from "./compensation";
import { claimIdempotencyKey, type IdempotencyOptions, releaseIdempotencyKey } from "./idempotency";
import { loadOrderContext, type OrderContext } from "./load-order-context";
import { defaultOrderDeps, type OrderDeps } from "./order-deps";
import { withPartnerCallout } from "./partner-callout";
import { priceOrderRequest } from "./price-order-request";
import { processOrderJob } from "./process-order";
import { withProviderFigures } from "./provider-figures";
import { providerFor, providerKindFor, providerOrderRequest } from "./provider-request";
import { requestHash } from "./request-hash";
import { writeOrder } from "./write-order";

/** What an order processed later holds until its job has called the provider. */
const NOT_YET_SUBMITTED: ProviderSubmitResult = {
  providerCustomerId: null,
  providerSubscriptionId: null,
  providerReference: null,
  providerResult: null,
};

export type SubmitOptions = { idempotencyKey?: string | null; idempotency?: IdempotencyOptions };

/** What a submit answers the portal: the order, and whether it is a stored answer replayed. */
export const submitOutcomeSchema = z.strictObject({ order: submitResponseSchema, replayed: z.boolean() });
export type SubmitOutcome = z.infer<typeof submitOutcomeSchema>;

export async function submitOrder(
  db: Db,
  scope: PartnerScope,
  body: unknown,
  options: SubmitOptions = {},
  deps: OrderDeps = defaultOrderDeps(),
): Promise<SubmitOutcome> {
  const request = parseOrThrow(orderRequestSchema, body);
  const key = options.idempotencyKey ?? null;
  if (key !== null && (key.length < 1 || key.length > 255)) {
    throw new DomainError("VALIDATION", "Idempotency-Key must be 1 to 255 characters", {
      errors: [{ path: "Idempotency-Key", message: "must be 1 to 255 characters" }],
    });
  }
  let recordId: string | null = null;
  if (key !== null) {
    const claim = await claimIdempotencyKey(db, scope.partnerId, key, requestHash(body), options.idempotency);
    if (claim.kind === "replay") return { order: claim.body as SubmitResponse, replayed: true };
    recordId = claim.recordId;
  }
  try {
    return { order: await placeOrder(db, scope, request, key, recordId, deps), replayed: false };
  } catch (error) {
    if (recordId) await releaseIdempotencyKey(db, recordId);
    throw error;
  }
}

async function placeOrder(
  db: Db,
  scope: PartnerScope,
  request: OrderRequest,
  key: string | null,
  recordId: string | null,
  deps: OrderDeps,
): Promise<SubmitResponse> {
  const now = deps.now();
  const ctx = await loadOrderContext(db, scope, request);
  const priced = await withPartnerCallout(
    priceOrderRequest(request, ctx, now, deps.taxRates),
    ctx.partner,
    request,
  );
  const { problems } = priced.eligibility;
  if (problems.length > 0) {
    // The contract answers 404 for a subscription this partner does not have (never 403/422
    // that would confirm another partner's reference exists).
    if (problems.some((p) => p.code === "SUBSCRIPTION_NOT_FOUND")) {
      throw new DomainError(
        "NOT_FOUND",
        `No subscription ${"forSubscription" in request ? request.forSubscription.reference : ""}`,
      );
    }
    throw new DomainError(
      "INELIGIBLE",
      `The order is not eligible: ${problems.map((p) => p.message).join(" ")}`,
      { problems },
    );
  }
  const providerKind = providerKindFor(ctx, deps);
  // Stripe and Zuora bill as soon as they are asked, so a used external_id is refused before
  // asking them. The builtin provider has no side effects: there the unique (partner,
  // external_id) index refuses the write with the same answer (below), saving a query an order.
  if (request.external_id && providerKind !== "builtin") {
    await assertExternalIdFree(db, scope, request.external_id);
  }
  const providerRequest = providerOrderRequest(request, ctx, priced);
  const orderId = newOrderId();
  const providerKey = providerKeyFor(scope, key, ctx, orderId);
  const later = request.order_type === "new" && !request.process_immediately;
  const provider = providerFor(ctx, deps);
  // The order stores what the provider will bill, as its preview showed: Stripe's and Zuora's
  // own figures (tax, proration, rounding), asked for just before submitting. The builtin
  // provider's figures are the catalogue's. (An order processed later keeps the catalogue's.)
  const stored =
    providerKind === "builtin" || later
      ? priced
      : {
          ...priced,
          pricing: withProviderFigures(priced.pricing, (await provider.preview(providerRequest)).priced),
        };
  // Processed later: the provider is called by the order's job (process-order.ts), not here.
  const submitted = later ? NOT_YET_SUBMITTED : await provider.submit(providerRequest, providerKey);
  const job = later
    ? (orderId: string) =>
        processOrderJob({ orderId, partnerId: scope.partnerId, providerKind, providerKey, providerRequest })
    : null;
  try {
    const { answer, queuedJobs } = await writeOrder(db, scope, {
      orderId,
      request,
      ctx,
      priced: stored,
      submitted,
      providerKind,
      idempotencyRecordId: recordId,
      job,
      now,
    });
    if (queuedJobs) wakeJobWorker();
    return answer;
  } catch (error) {
    // The provider has billed what no local order will know: undo it there (compensation.ts).
    if (!later) {
      await queueCompensation(db, {
        partnerId: scope.partnerId,
        providerKind,
        providerKey,
        providerRequest,
        submitted,
        // A race lost, or a refusal (the discount used up meanwhile): a retry is refused too.
        nothingCanAdopt: isUniqueViolation(error) || isDomainError(error) || key === null,
        reason: error instanceof Error ? error.message.slice(0, 300) : "the order could not be stored",
      });
    }
    if (isUniqueViolation(error)) {
      // A concurrent order with the same external_id won the race: same answer as above.
      if (request.external_id) await assertExternalIdFree(db, scope, request.external_id);
      if (!ctx.customer) await assertCustomerStillNew(db, scope, request);
    }
    throw error;
  }
}

/**
 * Two simultaneous orders for one new email: the unique (partner, email) index lets one create
 * the customer. The other is refused whole (its Idempotency-Key released); sent again, it finds
 * that customer and is checked against its subscriptions like any order for a known customer.
 */
async function assertCustomerStillNew(db: Db, scope: PartnerScope, request: OrderRequest) {
  if (request.order_type !== "new" || !request.customerDetails) return;
  const email = request.customerDetails.email;
  const existing = await db.customer.findUnique({
    where: { partnerId_emailLower: { partnerId: scope.partnerId, emailLower: email.toLowerCase() } },
    select: { id: true },
  });
  if (existing) {
    throw new DomainError(
      "CONFLICT",
      `Another order created the customer ${email} at the same moment; send this order again to place it for that customer.`,
      { extra: { owner: existing.id } },
    );
  }
}

/**
 * The key the provider derives its own idempotency keys from. A retry of the same order (same
 * Idempotency-Key, same customer) derives the same keys, so the provider replays its first answers
 * instead of billing twice. The customer is part of it because a retry after losing the race for a
 * new email is another request to the provider (for the winner's customer): under the old keys
 * Stripe would refuse it for reusing a key with different parameters, forever for that key.
 */
function providerKeyFor(scope: PartnerScope, key: string | null, ctx: OrderContext, orderId: string): string {
  // Without the partner's key, this order's own id: each call to the provider for this order
  // (a retry after a time-out included) carries the same keys, so it cannot bill twice.
  if (key === null) return `${scope.partnerId}:${orderId}`;
  return `${scope.partnerId}:${key}:${ctx.customer?.id ?? "new-customer"}`;
}

async function assertExternalIdFree(db: Db, scope: PartnerScope, externalId: string) {
  const existing = await db.order.findFirst({
    where: { partnerId: scope.partnerId, externalId },
    select: { id: true, reference: true },
  });
  if (existing) {
    throw new DomainError(
      "CONFLICT",
      `An order with external_id "${externalId}" already exists: ${existing.id}`,
      {
        extra: { existing_order: { id: existing.id, order_reference: existing.reference } },
      },
    );
  }
}
