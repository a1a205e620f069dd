import { DomainError } from "../../domain/domain-error";
import type { OrderDetail } from "../../domain/order-response-schemas";
import { expandStoredSchedule } from "../../domain/stored-pricing";
import type { DbTransaction } from "../../infra/db/client";
import type { Db } from "../../infra/db/db";
import type { PartnerScope } from "../auth/partner-scope";
import { orderViewSelect, toOrderListItem } from "./order-view";

/**
 * One order of this partner, with its items, priced schedule and audit trail. Another partner's
 * order id gives the same NOT_FOUND as an unknown one: existence is never confirmed.
 */
export async function getOrder(db: Db, scope: PartnerScope, id: string): Promise<OrderDetail> {
  return orderDetail(db, scope.partnerId, id);
}

/** The same, for a client inside a transaction (an event's payload is read where it is written). */
export async function orderDetail(db: DbTransaction, partnerId: string, id: string): Promise<OrderDetail> {
  const row = await db.order.findFirst({
    where: { id, partnerId },
    select: {
      ...orderViewSelect,
      pricing: true,
      items: {
        orderBy: { position: "asc" },
        select: {
          offerId: true,
          offerVersion: true,
          description: true,
          quantity: true,
          unitAmount: true,
          amountWithoutTax: true,
          discountAmount: true,
          taxAmount: true,
          amount: true,
          billingPeriod: true,
        },
      },
    },
  });
  if (!row) throw new DomainError("NOT_FOUND", `No order ${id}`);
  const audit = await db.auditEvent.findMany({
    where: { partnerId, subjectType: "order", subjectId: id },
    orderBy: { createdAt: "asc" },
    select: { action: true, actorKind: true, actorId: true, createdAt: true, data: true },
  });
  return {
    ...toOrderListItem(row),
    items: row.items.map((item) => ({
      offer: { id: item.offerId, version: item.offerVersion },
      description: item.description,
      quantity: item.quantity,
      unitAmount: item.unitAmount,
      amountWithoutTax: item.amountWithoutTax,
      discountAmount: item.discountAmount,
      taxAmount: item.taxAmount,
      amount: item.amount,
      billingPeriod: item.billingPeriod,
    })),
    schedule: expandStoredSchedule(row.pricing),
    audit: audit.map((e) => ({
      action: e.action,
      actor: { kind: e.actorKind, id: e.actorId },
      at: e.createdAt.toISOString(),
      data: e.data,
    })),
  };
}

export type { OrderDetail };
