// An admin sends a failed order (processed later) back to the billing provider. Its job is
// still there (kept as failed, with the provider request and idempotency key of its first
// attempt), so the retry asks the provider under the same keys: if an attempt that timed out had
// in fact been billed, the provider replays that answer instead of billing again. In one
// transaction the order goes back to `submitted`, its subscription (cancelled by the failure)
// back to `pending` with the items the failure ended, its discount use is taken again (refused if
// the code has been used up meanwhile), and the job gets a new round of attempts.
import { z } from "zod";
import { DomainError } from "../../domain/domain-error";
import { ORDER_ID_PATTERN } from "../../domain/identifiers";
import { parseOrThrow } from "../../domain/validation";
import type { Db } from "../../infra/db/db";
import { wakeJobWorker } from "../../infra/queue/process-workers";
import { auditEventData } from "../audit/record-audit";
import type { PartnerScope } from "../auth/partner-scope";
import { recordSalesChange, summarizedOrderSelect } from "../dashboard/sales-summary";
import { FAILED_ORDER_CANCEL_REASON, ORDER_PROCESS_ATTEMPTS } from "./process-order";

export const retryOrderInput = z.object({ orderId: z.string().regex(ORDER_ID_PATTERN) });
/** Nothing: the order is `submitted` again and its job queued; the caller reads the order anew. */
export const retryOrderOutput = z.void();

export async function retryFailedOrder(
  db: Db,
  scope: PartnerScope,
  input: unknown,
): Promise<z.infer<typeof retryOrderOutput>> {
  const { orderId } = parseOrThrow(retryOrderInput, input);
  if (scope.actor.kind !== "user" || scope.actor.role !== "admin") {
    throw new DomainError("FORBIDDEN", "Only an admin can retry an order");
  }
  const order = await db.order.findFirst({
    where: { id: orderId, partnerId: scope.partnerId },
    select: {
      status: true,
      subscriptionId: true,
      discountCodeId: true,
      reference: true,
      failureCode: true,
      ...summarizedOrderSelect,
    },
  });
  if (!order) throw new DomainError("NOT_FOUND", `No order ${orderId}`);
  if (order.failureCode === "CANCELLED") {
    throw new DomainError(
      "CONFLICT",
      `Order ${order.reference} was cancelled; submit it again as a new order`,
    );
  }
  if (order.status !== "failed") {
    throw new DomainError(
      "CONFLICT",
      `Order ${order.reference} is ${order.status}; only a failed order can be retried`,
    );
  }
  const job = await db.job.findUnique({
    where: { key: `order:${orderId}` },
    select: { id: true, attempts: true },
  });
  if (!job) {
    throw new DomainError(
      "CONFLICT",
      `Order ${order.reference} failed too long ago to be retried; submit it again as a new order`,
    );
  }

  await db.$transaction(async (tx) => {
    const reopened = await tx.order.updateMany({
      where: { id: orderId, status: "failed" },
      data: { status: "submitted", processedAt: null, failureCode: null, failureMessage: null },
    });
    if (reopened.count === 0)
      throw new DomainError("CONFLICT", `Order ${order.reference} is being retried already`);
    // The subscription, then the discount, then the summaries: the order every order write takes
    // these rows in (process-order.ts, failOrder).
    const subscription = await tx.subscription.findFirst({
      where: {
        id: order.subscriptionId ?? "",
        status: "cancelled",
        cancelReason: FAILED_ORDER_CANCEL_REASON,
      },
      select: { id: true, cancelledAt: true },
    });
    if (subscription) {
      await tx.subscription.update({
        where: { id: subscription.id },
        data: { status: "pending", cancelledAt: null, cancelAt: null, cancelReason: null },
        select: { id: true },
      });
      await tx.subscriptionItem.updateMany({
        where: { subscriptionId: subscription.id, removedAt: subscription.cancelledAt },
        data: { removedAt: null },
      });
    }
    if (order.discountCodeId) {
      const taken =
        await tx.$executeRaw`UPDATE "DiscountCode" SET "timesRedeemed" = "timesRedeemed" + 1 WHERE "id" = ${order.discountCodeId} AND ("maxRedemptions" IS NULL OR "timesRedeemed" < "maxRedemptions")`;
      if (taken !== 1) {
        throw new DomainError(
          "INELIGIBLE",
          `The discount code of order ${order.reference} has been used up meanwhile; submit the order again`,
          {
            problems: [
              { code: "DISCOUNT_USED_UP", message: "The discount code has been used up.", path: "" },
            ],
          },
        );
      }
    }
    await recordSalesChange(tx, order, "reopened");
    // Attempts keep counting (a fresh round on top), so the retry sends exactly what the first
    // attempt sent, under the same keys.
    await tx.job.update({
      where: { id: job.id },
      data: {
        failedAt: null,
        lockedBy: null,
        lockedUntil: null,
        runAt: new Date(),
        maxAttempts: job.attempts + ORDER_PROCESS_ATTEMPTS,
      },
      select: { id: true },
    });
    await tx.auditEvent.create({
      data: auditEventData(
        scope,
        "order.retried",
        { type: "order", id: orderId },
        { attemptsSoFar: job.attempts },
      ),
    });
  });
  wakeJobWorker();
}
