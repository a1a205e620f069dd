// An order in brief, as a subscription's or a customer's answer lists it (GET /partner/order/{id}
// has the rest).

import type { z } from "zod";
import type { orderBriefSchema } from "../../domain/partner-object-schemas";
import type { DbTypes } from "../../infra/db/client";

export const orderBriefSelect = {
  id: true,
  reference: true,
  type: true,
  status: true,
  createdAt: true,
  total: true,
  currency: true,
} satisfies DbTypes.OrderSelect;

type OrderBriefRow = DbTypes.OrderGetPayload<{ select: typeof orderBriefSelect }>;

export function toOrderBrief(row: OrderBriefRow): z.infer<typeof orderBriefSchema> {
  return {
    id: row.id,
    order_reference: row.reference,
    order_type: row.type,
    status: row.status,
    created_at: row.createdAt.toISOString(),
    total: row.total,
    currency: row.currency,
  };
}
