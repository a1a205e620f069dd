// Webhooks to partners: the event types, the request bodies that manage an endpoint, and the
// answers, strict like every answer of the API (the services are typed by them and the OpenAPI
// document is generated from them). A signing secret appears only in the answer that creates or
// rotates it.
import { z } from "zod";
import { isoDateTimeSchema } from "./order-response-schemas";

export const WEBHOOK_EVENT_TYPES = [
  "order.submitted",
  "order.completed",
  "order.failed",
  "subscription.created",
  "subscription.updated",
  "subscription.cancelled",
  "subscription.renewed",
  "subscription.expired",
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** Sent only by "send test event", to the one endpoint asked; never subscribed to. */
export const WEBHOOK_TEST_EVENT = "webhook.test";

export const WEBHOOK_ENDPOINT_ID_PATTERN = /^whe_[0-9a-f]{24}$/;
export const WEBHOOK_DELIVERY_ID_PATTERN = /^whd_[0-9a-f]{24}$/;
/** The most endpoints one partner may register. */
export const MAX_WEBHOOK_ENDPOINTS = 20;

const urlField = z
  .string()
  .trim()
  .max(2000, "must be at most 2000 characters")
  .refine((v) => URL.canParse(v), "must be an absolute URL such as https://example.com/hooks");
const eventsField = z
  .array(z.enum(WEBHOOK_EVENT_TYPES))
  .min(1, "must name at least one event")
  .transform((events) => [...new Set(events)]);
const descriptionField = z.string().trim().max(200, "must be at most 200 characters");

export const createWebhookRequestSchema = z.strictObject({
  url: urlField,
  events: eventsField,
  description: descriptionField.optional(),
  enabled: z.boolean().optional(),
});
export type CreateWebhookRequest = z.infer<typeof createWebhookRequestSchema>;

export const updateWebhookRequestSchema = z
  .strictObject({
    url: urlField.optional(),
    events: eventsField.optional(),
    description: descriptionField.nullable().optional(),
    enabled: z.boolean().optional(),
  })
  .refine(
    (body) => Object.keys(body).length > 0,
    "must change at least one of url, events, description, enabled",
  );
export type UpdateWebhookRequest = z.infer<typeof updateWebhookRequestSchema>;

export const webhookEndpointSchema = z.strictObject({
  id: z.string().regex(WEBHOOK_ENDPOINT_ID_PATTERN),
  url: z.string(),
  events: z.array(z.enum(WEBHOOK_EVENT_TYPES)),
  description: z.string().nullable(),
  enabled: z.boolean(),
  disabledReason: z
    .string()
    .nullable()
    .describe("Why the portal turned the endpoint off (failing deliveries for days); null otherwise"),
  failingSince: isoDateTimeSchema.nullable().describe("The first failed delivery since the last success"),
  previousSecretExpiresAt: isoDateTimeSchema
    .nullable()
    .describe("After a rotation, until when deliveries are also signed with the previous secret"),
  createdAt: isoDateTimeSchema,
  updatedAt: isoDateTimeSchema,
});
export type WebhookEndpointView = z.infer<typeof webhookEndpointSchema>;

/** The answer that creates an endpoint or rotates its secret: the only time the secret is shown. */
export const webhookEndpointWithSecretSchema = webhookEndpointSchema.extend({
  secret: z
    .string()
    .regex(/^whsec_[A-Za-z0-9+/]+=*$/)
    .describe("The signing secret (whsec_ + base64), shown this once: store it now"),
});
export type WebhookEndpointWithSecret = z.infer<typeof webhookEndpointWithSecretSchema>;

export const webhookEndpointListSchema = z.strictObject({ items: z.array(webhookEndpointSchema) });

export const WEBHOOK_DELIVERY_STATUSES = ["pending", "delivered", "failed"] as const;

export const webhookAttemptSchema = z.strictObject({
  at: isoDateTimeSchema,
  statusCode: z.int().nullable().describe("The receiver's answer; null when none came"),
  latencyMs: z.int().nonnegative(),
  error: z.string().nullable(),
  responseBody: z.string().nullable().describe("The start of the receiver's answer"),
});

export const webhookDeliverySchema = z.strictObject({
  id: z.string().regex(WEBHOOK_DELIVERY_ID_PATTERN),
  eventId: z.string().describe("The webhook-id header: the same on every attempt and resend"),
  eventType: z.string(),
  status: z.enum(WEBHOOK_DELIVERY_STATUSES),
  attempts: z.int().nonnegative(),
  lastStatusCode: z.int().nullable(),
  lastLatencyMs: z.int().nullable(),
  lastError: z.string().nullable(),
  createdAt: isoDateTimeSchema,
  deliveredAt: isoDateTimeSchema.nullable(),
  payload: z.string().describe("The body as sent"),
  attemptLog: z.array(webhookAttemptSchema).describe("Every attempt, oldest first"),
});
export type WebhookDeliveryView = z.infer<typeof webhookDeliverySchema>;

export const webhookDeliveryListSchema = z.strictObject({
  items: z.array(webhookDeliverySchema),
  next_cursor: z.string().nullable(),
});

/** The body POSTed to an endpoint. */
export const webhookMessageSchema = z.strictObject({
  type: z.string(),
  timestamp: isoDateTimeSchema,
  data: z.unknown(),
});
