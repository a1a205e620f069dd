// The partner events of orders and subscriptions, each carrying the object exactly as the REST
// API shows it (GET /partner/order/{id}, GET /partner/subscriptions/{reference}), read inside
// the transaction that made the change.

import type { OrderType } from "../../domain/enums";
import type { WebhookEventType } from "../../domain/webhook-schemas";
import type { DbTransaction } from "../../infra/db/client";
import { orderDetail } from "../orders/get-order";
import { subscriptionDetail } from "../subscriptions/subscription-service";
import { emitPartnerEvent } from "./emit-event";

export function emitOrderEvent(
  tx: DbTransaction,
  partnerId: string,
  type: Extract<WebhookEventType, `order.${string}`>,
  orderId: string,
) {
  return emitPartnerEvent(tx, partnerId, type, () => orderDetail(tx, partnerId, orderId));
}

export function emitSubscriptionEvent(
  tx: DbTransaction,
  partnerId: string,
  type: Extract<WebhookEventType, `subscription.${string}`>,
  subscriptionId: string,
) {
  return emitPartnerEvent(tx, partnerId, type, () =>
    subscriptionDetail(tx, partnerId, { id: subscriptionId }),
  );
}

/** What a completed order of a type did to its subscription. */
export function subscriptionEventOf(
  type: OrderType,
  cancelledNow: boolean,
): Extract<WebhookEventType, `subscription.${string}`> {
  switch (type) {
    case "new":
      return "subscription.created";
    case "renew":
      return "subscription.renewed";
    case "cancel":
      return cancelledNow ? "subscription.cancelled" : "subscription.updated";
    default:
      return "subscription.updated";
  }
}
