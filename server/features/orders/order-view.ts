// How an order is read back and shown: one select (no secrets, only what the answer needs) and
// one mapper to the contract's field names, shared by submit, get and list.

import { isOrderFailureCode, type OrderFailureCode } from "../../domain/enums";
import type { DbTypes } from "../../infra/db/client";

export const orderViewSelect = {
  id: true,
  reference: true,
  type: true,
  status: true,
  externalId: true,
  currency: true,
  subtotal: true,
  discountTotal: true,
  taxTotal: true,
  total: true,
  billingProvider: true,
  attempts: true,
  processedAt: true,
  failureCode: true,
  failureMessage: true,
  createdAt: true,
  customerId: true,
  customer: { select: { email: true, firstName: true, lastName: true } },
  subscription: { select: { reference: true } },
  createdByUser: { select: { id: true, name: true, email: true } },
  createdByClient: { select: { clientId: true, name: true } },
} satisfies DbTypes.OrderSelect;

export type OrderViewRow = DbTypes.OrderGetPayload<{ select: typeof orderViewSelect }>;

/** The answer of POST /partner/order (docs/partner-api.md). */
export function toOrderSummary(row: OrderViewRow) {
  return {
    id: row.id,
    order_reference: row.reference,
    status: row.status,
    external_id: row.externalId,
    subscriptionReference: row.subscription?.reference ?? null,
    owner: row.customerId,
    created_at: row.createdAt.toISOString(),
    total: row.total,
    currency: row.currency,
  };
}

export type OrderSummary = ReturnType<typeof toOrderSummary>;

/** A row of the order list: the summary plus what a table shows. */
export function toOrderListItem(row: OrderViewRow) {
  return {
    ...toOrderSummary(row),
    order_type: row.type,
    subtotal: row.subtotal,
    discount_total: row.discountTotal,
    tax_total: row.taxTotal,
    billing_provider: row.billingProvider,
    attempts: row.attempts,
    processed_at: row.processedAt?.toISOString() ?? null,
    failure: failureOf(row),
    customer: {
      owner: row.customerId,
      email: row.customer.email,
      name: `${row.customer.firstName} ${row.customer.lastName}`,
    },
    created_by: row.createdByUser
      ? { kind: "user" as const, id: row.createdByUser.id, name: row.createdByUser.name }
      : row.createdByClient
        ? { kind: "api_client" as const, id: row.createdByClient.clientId, name: row.createdByClient.name }
        : null,
  };
}

export type OrderListItem = ReturnType<typeof toOrderListItem>;

/** A failed order's reason (the column is text: a code this version does not know reads as unavailable). */
function failureOf(row: OrderViewRow): { code: OrderFailureCode; message: string } | null {
  if (!row.failureCode || !row.failureMessage) return null;
  const code = isOrderFailureCode(row.failureCode) ? row.failureCode : "PROVIDER_UNAVAILABLE";
  return { code, message: row.failureMessage };
}
