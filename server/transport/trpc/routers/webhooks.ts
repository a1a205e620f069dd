// Webhook endpoints and their delivery log: admins only, checked here (adminProcedure). The use
// cases are the ones the REST API (scope webhooks:manage) calls, and they check the partner.
import "server-only";
import { z } from "zod";
import {
  createWebhookRequestSchema,
  updateWebhookRequestSchema,
  WEBHOOK_DELIVERY_STATUSES,
  webhookDeliveryListSchema,
  webhookDeliverySchema,
  webhookEndpointListSchema,
  webhookEndpointSchema,
  webhookEndpointWithSecretSchema,
} from "../../../domain/webhook-schemas";
import {
  listDeliveries,
  resendDelivery,
  sendTestEvent,
} from "../../../features/webhooks/webhook-delivery-service";
import {
  changeWebhookEndpoint,
  listWebhookEndpoints,
  registerWebhookEndpoint,
  removeWebhookEndpoint,
  rotateWebhookSecret,
  showWebhookEndpoint,
} from "../../../features/webhooks/webhook-endpoint-service";
import { adminProcedure, router } from "../init";

// Any other id, or another partner's, is the use case's NOT_FOUND.
const idField = z.string().trim().min(1).max(100);
const endpointIdInput = z.object({ id: idField });
/** The fields to change, beside the id (the use case refuses a change of nothing). */
const updateInput = z.object({ id: idField, ...updateWebhookRequestSchema.shape });
/** A page of the log: `cursor` is the previous page's next_cursor (React Query's infinite query). */
const deliveriesInput = z.object({
  id: idField,
  status: z.enum(WEBHOOK_DELIVERY_STATUSES).optional(),
  limit: z.int().min(1).max(100).optional(),
  cursor: z.string().max(200).nullish(),
});
const deliveryInput = z.object({ id: idField, deliveryId: idField });

export const webhooksRouter = router({
  list: adminProcedure
    .output(webhookEndpointListSchema)
    .query(({ ctx }) => listWebhookEndpoints(ctx.db, ctx.scope)),
  get: adminProcedure
    .input(endpointIdInput)
    .output(webhookEndpointSchema)
    .query(({ ctx, input }) => showWebhookEndpoint(ctx.db, ctx.scope, input.id)),
  create: adminProcedure
    .input(createWebhookRequestSchema)
    .output(webhookEndpointWithSecretSchema)
    .mutation(({ ctx, input }) => registerWebhookEndpoint(ctx.db, ctx.scope, input)),
  update: adminProcedure
    .input(updateInput)
    .output(webhookEndpointSchema)
    .mutation(({ ctx, input: { id, ...changes } }) => changeWebhookEndpoint(ctx.db, ctx.scope, id, changes)),
  delete: adminProcedure
    .input(endpointIdInput)
    .output(z.strictObject({ id: z.string(), deleted: z.literal(true) }))
    .mutation(({ ctx, input }) => removeWebhookEndpoint(ctx.db, ctx.scope, input.id)),
  rotateSecret: adminProcedure
    .input(endpointIdInput)
    .output(webhookEndpointWithSecretSchema)
    .mutation(({ ctx, input }) => rotateWebhookSecret(ctx.db, ctx.scope, input.id)),
  deliveries: adminProcedure
    .input(deliveriesInput)
    .output(webhookDeliveryListSchema)
    .query(({ ctx, input: { id, cursor, ...query } }) =>
      listDeliveries(ctx.db, ctx.scope, id, { ...query, cursor: cursor ?? undefined }),
    ),
  resend: adminProcedure
    .input(deliveryInput)
    .output(webhookDeliverySchema)
    .mutation(({ ctx, input }) => resendDelivery(ctx.db, ctx.scope, input.id, input.deliveryId)),
  sendTest: adminProcedure
    .input(endpointIdInput)
    .output(webhookDeliverySchema)
    .mutation(({ ctx, input }) => sendTestEvent(ctx.db, ctx.scope, input.id)),
});
