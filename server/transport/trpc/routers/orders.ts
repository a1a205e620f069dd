// Orders: the live preview (a query sent by POST, see the client's links) and submit with an
// idempotency key. Each procedure only checks access and calls the use case the REST API calls.
import "server-only";
import { z } from "zod";
import { orderRequestSchema } from "../../../domain/order-request-schemas";
import { previewResponseSchema } from "../../../domain/order-response-schemas";
import { creditInUse, creditInUseOutput } from "../../../features/dashboard/credit-in-use";
import {
  cancelPendingOrder,
  cancelPendingOrderInput,
  cancelPendingOrderOutput,
} from "../../../features/orders/cancel-pending-order";
import { previewOrder } from "../../../features/orders/preview-order";
import { retryFailedOrder, retryOrderInput, retryOrderOutput } from "../../../features/orders/retry-order";
import { submitOrder, submitOutcomeSchema } from "../../../features/orders/submit-order";
import { adminProcedure, router, staffProcedure } from "../init";

export const submitOrderInput = z.object({
  order: orderRequestSchema,
  /** Made by the browser once per order it means to place: a retry or a double click reuses it. */
  idempotencyKey: z.string().min(1).max(255),
});

export const ordersRouter = router({
  preview: staffProcedure
    .input(orderRequestSchema)
    .output(previewResponseSchema)
    .query(({ ctx, input }) => previewOrder(ctx.db, ctx.scope, input)),
  submit: staffProcedure
    .input(submitOrderInput)
    .output(submitOutcomeSchema)
    .mutation(({ ctx, input }) =>
      submitOrder(ctx.db, ctx.scope, input.order, { idempotencyKey: input.idempotencyKey }),
    ),
  /** What the new-order form warns with before an order would take credit in use past the limit. */
  creditInUse: staffProcedure.output(creditInUseOutput).query(({ ctx }) => creditInUse(ctx.db, ctx.scope)),
  /** Admins only, checked here and in the use case. */
  retry: adminProcedure
    .input(retryOrderInput)
    .output(retryOrderOutput)
    .mutation(({ ctx, input }) => retryFailedOrder(ctx.db, ctx.scope, input)),
  cancelPending: adminProcedure
    .input(cancelPendingOrderInput)
    .output(cancelPendingOrderOutput)
    .mutation(({ ctx, input }) => cancelPendingOrder(ctx.db, ctx.scope, input)),
});
