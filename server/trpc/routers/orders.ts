// Orders: preview (a query sent by POST, see the client's links), submit with an idempotency
// key, list and one by id. Each procedure only checks access and calls the use case the REST
// API calls too.
import "server-only";
import { z } from "zod";
import { orderRequestSchema } from "../../domain/order-request-schemas";
import { getOrder } from "../../orders/get-order";
import { listOrders } from "../../orders/list-orders";
import { listOrdersQuerySchema } from "../../orders/list-orders-query";
import { previewOrder } from "../../orders/preview-order";
import { submitOrder } from "../../orders/submit-order";
import { router, staffProcedure } from "../init";

export const submitOrderInput = z.object({
  order: orderRequestSchema,
  /** Made by the browser once per order it means to place: a retry or a double click reuses it. */
  idempotencyKey: z.string().min(1).max(255),
});

export const ordersRouter = router({
  preview: staffProcedure
    .input(orderRequestSchema)
    .query(({ ctx, input }) => previewOrder(ctx.db, ctx.scope, input)),
  submit: staffProcedure
    .input(submitOrderInput)
    .mutation(({ ctx, input }) =>
      submitOrder(ctx.db, ctx.scope, input.order, { idempotencyKey: input.idempotencyKey }),
    ),
  list: staffProcedure
    .input(listOrdersQuerySchema)
    .query(({ ctx, input }) => listOrders(ctx.db, ctx.scope, input)),
  byId: staffProcedure
    .input(z.object({ id: z.string().trim().min(1).max(100) }))
    .query(({ ctx, input }) => getOrder(ctx.db, ctx.scope, input.id)),
});
