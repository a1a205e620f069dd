// An admin cancels an order still waiting to be processed (status `submitted`: not yet sent to
// the billing provider, or waiting to retry after the provider was unavailable), e.g. one stuck
// in a long provider outage. In one transaction: its job is removed (refused while a worker holds
// it, since the provider may be being asked at that moment), the order ends `failed` with the
// code CANCELLED, its pending subscription is cancelled with its items, its discount use is given
// back, and the partner's `order.failed` event goes out. Nothing was billed: an attempt that had
// reached the provider would have left the order `processing` or final.
import { z } from "zod";
import { DomainError } from "../../domain/domain-error";
import { ORDER_ID_PATTERN } from "../../domain/identifiers";
import { parseOrThrow } from "../../domain/validation";
import type { Db } from "../../infra/db/db";
import { auditEventData } from "../audit/record-audit";
import type { PartnerScope } from "../auth/partner-scope";
import { recordSalesChange, summarizedOrderSelect } from "../dashboard/sales-summary";
import { emitOrderEvent } from "../webhooks/partner-events";

export const cancelPendingOrderInput = z.object({ orderId: z.string().regex(ORDER_ID_PATTERN) });
/** Nothing: the order has ended `failed` (CANCELLED); the caller reads the order anew. */
export const cancelPendingOrderOutput = z.void();

/** The cancel reason a cancelled order gives its pending subscription. */
export const CANCELLED_ORDER_REASON = "The order was cancelled before it was processed";

export async function cancelPendingOrder(
  db: Db,
  scope: PartnerScope,
  input: unknown,
  now = new Date(),
): Promise<z.infer<typeof cancelPendingOrderOutput>> {
  const { orderId } = parseOrThrow(cancelPendingOrderInput, input);
  if (scope.actor.kind !== "user" || scope.actor.role !== "admin") {
    throw new DomainError("FORBIDDEN", "Only an admin can cancel an order");
  }
  const order = await db.order.findFirst({
    where: { id: orderId, partnerId: scope.partnerId },
    select: {
      status: true,
      subscriptionId: true,
      discountCodeId: true,
      reference: true,
      ...summarizedOrderSelect,
    },
  });
  if (!order) throw new DomainError("NOT_FOUND", `No order ${orderId}`);
  if (order.status !== "submitted") {
    throw new DomainError(
      "CONFLICT",
      `Order ${order.reference} is ${order.status}; only an order waiting to be processed can be cancelled`,
    );
  }
  const who = scope.actor.email;
  await db.$transaction(async (tx) => {
    const free = { OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] };
    const removed = await tx.job.deleteMany({ where: { key: `order:${orderId}`, failedAt: null, ...free } });
    const held = await tx.job.count({ where: { key: `order:${orderId}`, failedAt: null } });
    if (removed.count === 0 && held > 0) {
      throw new DomainError(
        "CONFLICT",
        `Order ${order.reference} is being sent to the billing provider right now`,
      );
    }
    const cancelled = await tx.order.updateMany({
      where: { id: orderId, status: "submitted" },
      data: {
        status: "failed",
        processedAt: now,
        failureCode: "CANCELLED",
        failureMessage: `Cancelled by ${who} before it was processed`,
      },
    });
    if (cancelled.count === 0)
      throw new DomainError("CONFLICT", `Order ${order.reference} has moved on meanwhile`);
    // The subscription, then the discount, then the summaries: the order every order write takes
    // these rows in (process-order.ts, failOrder).
    const subscriptionId = order.subscriptionId ?? "";
    const ended = await tx.subscription.updateMany({
      where: { id: subscriptionId, status: "pending" },
      data: { status: "cancelled", cancelledAt: now, cancelAt: now, cancelReason: CANCELLED_ORDER_REASON },
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
      data: auditEventData(scope, "order.cancelled", { type: "order", id: orderId }),
    });
    await emitOrderEvent(tx, scope.partnerId, "order.failed", orderId);
  });
}
