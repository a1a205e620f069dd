// The partner API's order endpoints (see server/features/endpoints/partner-endpoint.ts).

import { orderRequestSchema } from "../../domain/order-request-schemas";
import {
  orderDetailSchema,
  orderListResponseSchema,
  previewResponseSchema,
  submitResponseSchema,
} from "../../domain/order-response-schemas";
import { cancelOrderExample, newOrderExample, submitAnswerExample } from "../endpoints/examples";
import { partnerEndpoint } from "../endpoints/partner-endpoint";
import { getOrder } from "./get-order";
import { listOrders } from "./list-orders";
import { listOrdersQuerySchema } from "./list-orders-query";
import { previewOrder } from "./preview-order";
import { submitOrder } from "./submit-order";

export const previewOrderEndpoint = partnerEndpoint({
  operationId: "previewOrder",
  method: "POST",
  path: "/partner/order/preview",
  scope: "orders:preview",
  tag: "Orders",
  summary: "Price an order and check its eligibility, creating nothing",
  request: { name: "OrderRequest", schema: orderRequestSchema, examples: { new: newOrderExample } },
  response: {
    status: 200,
    name: "PreviewResponse",
    schema: previewResponseSchema,
    description: "The priced order with its eligibility",
  },
  problems: [400, 401, 403, 413, 415, 429, 502],
  handle: async (db, scope, { body }) => ({ body: await previewOrder(db, scope, body) }),
});

export const submitOrderEndpoint = partnerEndpoint({
  operationId: "submitOrder",
  method: "POST",
  path: "/partner/order",
  scope: "orders:write",
  tag: "Orders",
  summary: "Submit an order",
  description:
    "Validation, then the partner's eligibility checks, then the billing provider, then one transaction.",
  headerParameters: [
    {
      name: "Idempotency-Key",
      maxLength: 255,
      description:
        "Same key and body within 24 hours replays the first answer (with `Idempotent-Replayed: true`).",
    },
  ],
  request: {
    name: "OrderRequest",
    schema: orderRequestSchema,
    examples: { new: newOrderExample, cancel: cancelOrderExample },
  },
  response: {
    status: 201,
    name: "SubmitResponse",
    schema: submitResponseSchema,
    description: "The order was created (or replayed)",
    examples: { created: submitAnswerExample },
  },
  problems: [400, 401, 403, 404, 409, 413, 415, 422, 429, 502],
  handle: async (db, scope, { body, headers }) => {
    const idempotencyKey = headers.get("idempotency-key");
    const { order, replayed } = await submitOrder(db, scope, body, { idempotencyKey });
    return {
      body: order,
      headers: {
        location: `/partner/order/${order.id}`,
        ...(replayed ? { "idempotent-replayed": "true" } : {}),
      },
    };
  },
});

export const getOrderEndpoint = partnerEndpoint({
  operationId: "getOrder",
  method: "GET",
  path: "/partner/order/{id}",
  scope: "orders:read",
  tag: "Orders",
  summary: "One order of this partner",
  pathParameters: [{ name: "id", pattern: "^order-[0-9a-f]{32}$" }],
  response: {
    status: 200,
    name: "OrderDetail",
    schema: orderDetailSchema,
    description: "The order with its items, schedule and audit trail",
  },
  problems: [401, 403, 404, 429],
  handle: async (db, scope, { params }) => ({ body: await getOrder(db, scope, params.id ?? "") }),
});

export const listOrdersEndpoint = partnerEndpoint({
  operationId: "listOrders",
  method: "GET",
  path: "/partner/orders",
  scope: "orders:read",
  tag: "Orders",
  summary: "A page of this partner's orders, newest first",
  query: listOrdersQuerySchema,
  response: {
    status: 200,
    name: "OrderList",
    schema: orderListResponseSchema,
    description: "A page of orders; pass next_cursor as cursor for the next one",
  },
  problems: [400, 401, 403, 429],
  handle: async (db, scope, { query }) => ({ body: await listOrders(db, scope, query) }),
});
