// The one transaction that stores a submitted order: the customer identity (new or existing),
// the subscription created or changed, the order and its items, the discount redemption, the
// audit event and the idempotency answer. Either all of it commits or none of it does.
import { auditEventData } from "../audit/record-audit";
import { actorColumns, type PartnerScope } from "../auth/partner-scope";
import type { ProviderSubmitResult } from "../billing/billing-provider";
import type { Db } from "../db";
import { insertRows } from "../db/insert-rows";
import { addMonthsUtc } from "../domain/dates";
import { DomainError } from "../domain/domain-error";
import type { BillingProviderKind } from "../domain/enums";
import type { OrderRequest } from "../domain/order-request-schemas";
import type { SubmitResponse } from "../domain/order-response-schemas";
import { billingPeriodContaining } from "../domain/proration";
import { periodMonths } from "../domain/schedule";
import { newOrderId, newOwnerId, newReference, newRowId } from "../ids";
import { completeIdempotencyData } from "./idempotency";
import type { OrderContext } from "./load-order-context";
import type { PricedRequest } from "./price-order-request";

export type WriteOrderInput = {
  request: OrderRequest;
  ctx: OrderContext;
  priced: PricedRequest;
  submitted: ProviderSubmitResult;
  providerKind: BillingProviderKind;
  idempotencyRecordId: string | null;
  now: Date;
};

type Tx = Db;

export async function writeOrder(
  db: Db,
  scope: PartnerScope,
  input: WriteOrderInput,
): Promise<SubmitResponse> {
  const { request, ctx, priced, submitted, now } = input;
  const processNow = request.process_immediately !== false;
  const orderId = newOrderId();
  const orderReference = newReference();
  const customerId = ctx.customer?.id ?? newOwnerId();
  const subscriptionId = ctx.subscription?.id ?? newRowId("sub");
  const subscriptionReference = ctx.subscription?.reference ?? newReference();
  const answer: SubmitResponse = {
    id: orderId,
    order_reference: orderReference,
    status: processNow ? "complete" : "submitted",
    external_id: request.external_id ?? null,
    subscriptionReference,
    owner: customerId,
    created_at: now.toISOString(),
    total: priced.pricing.total,
    currency: priced.currency,
  };

  await db.$transaction(
    async (tx) => {
      // A write comes first so SQLite takes its write lock at once: a transaction that reads
      // first can fail with SQLITE_BUSY when another process commits in between.
      await insertRows(tx, "AuditEvent", [
        {
          ...auditEventData(
            scope,
            `order.${request.order_type}`,
            { type: "order", id: orderId },
            {
              reference: orderReference,
              subscription: subscriptionReference,
              total: priced.pricing.total,
              currency: priced.currency,
              provider: input.providerKind,
            },
          ),
          createdAt: new Date(),
        },
      ]);
      await writeCustomer(tx as Tx, scope, input, customerId);
      await writeSubscription(tx as Tx, scope, input, {
        subscriptionId,
        subscriptionReference,
        customerId,
        processNow,
      });
      const discountCodeId =
        ctx.discount && priced.discount
          ? await redeemDiscount(tx as Tx, ctx.discount.id, ctx.discount.code)
          : null;
      // The writes below go through insertRows (plain INSERTs), not the model API: see why there.
      await insertRows(tx, "Order", [
        {
          id: orderId,
          reference: orderReference,
          partnerId: scope.partnerId,
          type: request.order_type,
          status: answer.status,
          externalId: answer.external_id,
          customerId,
          subscriptionId,
          currency: priced.currency,
          subtotal: priced.pricing.subtotal,
          discountTotal: priced.pricing.discountTotal,
          taxTotal: priced.pricing.taxTotal,
          total: priced.pricing.total,
          discountCodeId,
          billingProvider: input.providerKind,
          providerReference: submitted.providerReference,
          payload: request,
          pricing: { ...priced.pricing, providerResult: submitted.providerResult },
          ...actorColumns(scope),
          createdAt: now,
          updatedAt: new Date(),
        },
      ]);
      await insertRows(
        tx,
        "OrderItem",
        priced.pricing.lineItems.map((line, position) => ({
          id: newRowId("oit"),
          orderId,
          position,
          offerId: line.offer.id,
          offerVersion: line.offer.version,
          description: line.description,
          quantity: line.quantity,
          unitAmount: line.unitAmount,
          amountWithoutTax: line.amountWithoutTax,
          discountAmount: line.discountAmount,
          taxAmount: line.taxAmount,
          amount: line.amount,
          billingPeriod: line.billingPeriod,
        })),
      );
      if (input.idempotencyRecordId) {
        await tx.idempotencyRecord.update({
          where: { id: input.idempotencyRecordId },
          data: completeIdempotencyData(201, answer),
          select: { id: true },
        });
      }
    },
    { maxWait: 15_000, timeout: 20_000 },
  );
  return answer;
}

async function writeCustomer(tx: Tx, scope: PartnerScope, input: WriteOrderInput, customerId: string) {
  const { request, ctx, submitted } = input;
  if (ctx.customer) {
    if (submitted.providerCustomerId && !ctx.customer.providerCustomerId) {
      await tx.customer.update({
        where: { id: ctx.customer.id },
        data: { providerCustomerId: submitted.providerCustomerId },
      });
    }
    return;
  }
  if (request.order_type !== "new" || !request.customerDetails) {
    throw new Error("invariant: an order without an existing customer must carry customerDetails");
  }
  const details = request.customerDetails;
  const stamp = new Date();
  await insertRows(tx, "Customer", [
    {
      id: customerId,
      partnerId: scope.partnerId,
      firstName: details.firstName,
      lastName: details.lastName,
      email: details.email,
      emailLower: details.email.toLowerCase(),
      nameLower: `${details.firstName} ${details.lastName}`.toLowerCase(),
      phone: details.phone ?? null,
      company: request.billingDetails.company ?? null,
      country: request.country,
      billingAddress: request.billingDetails,
      providerCustomerId: submitted.providerCustomerId,
      createdAt: stamp,
      updatedAt: stamp,
    },
  ]);
}

type SubscriptionIds = {
  subscriptionId: string;
  subscriptionReference: string;
  customerId: string;
  processNow: boolean;
};

async function writeSubscription(tx: Tx, scope: PartnerScope, input: WriteOrderInput, ids: SubscriptionIds) {
  const { request, ctx, priced, submitted, now } = input;
  const start = priced.startDate;
  const insertItems = () =>
    insertRows(
      tx,
      "SubscriptionItem",
      priced.pricing.lineItems.map((line) => ({
        id: newRowId("sit"),
        subscriptionId: ids.subscriptionId,
        offerId: line.offer.id,
        offerVersion: line.offer.version,
        quantity: line.quantity,
        unitAmount: line.unitAmount,
        billingPeriod: line.billingPeriod,
        addedAt: start,
        removedAt: null,
      })),
    );

  switch (request.order_type) {
    case "new": {
      const terms = priced.pricing.lineItems.map(
        (l) => ctx.offers.find((o) => o?.offerId === l.offer.id)?.termMonths ?? null,
      );
      const termMonths = terms.reduce<number | null>(
        (max, t) => (t !== null && (max === null || t > max) ? t : max),
        null,
      );
      const stamp = new Date();
      await insertRows(tx, "Subscription", [
        {
          id: ids.subscriptionId,
          reference: ids.subscriptionReference,
          partnerId: scope.partnerId,
          customerId: ids.customerId,
          status: ids.processNow ? "active" : "pending",
          currency: priced.currency,
          termStart: start,
          termMonths,
          termEnd: termMonths ? addMonthsUtc(start, termMonths) : null,
          providerSubscriptionId: submitted.providerSubscriptionId,
          createdAt: stamp,
          updatedAt: stamp,
        },
      ]);
      await insertItems();
      return;
    }
    case "add_offer":
      await insertItems();
      return;
    case "change_offer": {
      const replaced = (ctx.subscription?.items ?? [])
        .filter((i) => !i.offerVersionRef.addOn)
        .map((i) => i.id);
      await tx.subscriptionItem.updateMany({
        where: { id: { in: replaced }, subscriptionId: ids.subscriptionId },
        data: { removedAt: start },
      });
      await insertItems();
      return;
    }
    case "cancel": {
      const sub = ctx.subscription;
      if (!sub) return;
      if (request.effective === "immediately") {
        await tx.subscription.update({
          where: { id: sub.id },
          data: {
            status: "cancelled",
            cancelledAt: now,
            cancelAt: now,
            cancelReason: request.reason ?? null,
          },
        });
        await tx.subscriptionItem.updateMany({
          where: { subscriptionId: sub.id, removedAt: null },
          data: { removedAt: now },
        });
      } else {
        await tx.subscription.update({
          where: { id: sub.id },
          data: {
            cancelAt: endOfTerm(sub.termEnd, sub.termStart, sub.items, now),
            cancelReason: request.reason ?? null,
          },
        });
      }
      return;
    }
    case "renew": {
      const sub = ctx.subscription;
      if (!sub) return;
      const months = request.termMonths ?? sub.termMonths ?? 12;
      const from = sub.termEnd && sub.termEnd > now ? sub.termEnd : now;
      await tx.subscription.update({
        where: { id: sub.id },
        data: {
          status: "active",
          termEnd: addMonthsUtc(from, months),
          termMonths: months,
          cancelAt: null,
          cancelledAt: null,
        },
      });
      return;
    }
  }
}

/** A termed subscription ends with its term; a rolling one with its current billing period. */
function endOfTerm(
  termEnd: Date | null,
  termStart: Date,
  items: { billingPeriod: "month" | "year" | "once" }[],
  now: Date,
): Date {
  if (termEnd) return termEnd;
  const months = items.map((i) => periodMonths(i.billingPeriod)).filter((m): m is number => m !== null);
  if (months.length === 0) return now;
  return billingPeriodContaining(termStart, Math.max(...months), now).periodEnd;
}

/** Counts one use, atomically: two orders racing for a code's last use cannot both get it. */
async function redeemDiscount(tx: Tx, id: string, code: string): Promise<string> {
  const updated =
    await tx.$executeRaw`UPDATE "DiscountCode" SET "timesRedeemed" = "timesRedeemed" + 1 WHERE "id" = ${id} AND ("maxRedemptions" IS NULL OR "timesRedeemed" < "maxRedemptions")`;
  if (updated !== 1) {
    throw new DomainError("INELIGIBLE", `Discount code "${code}" has just been used up.`, {
      problems: [
        {
          code: "DISCOUNT_USED_UP",
          message: `Discount code "${code}" has been used up.`,
          path: "orderDiscount.code",
        },
      ],
    });
  }
  return id;
}
