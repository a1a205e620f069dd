// The partner API's webhook endpoint management, scope webhooks:manage (see
// server/features/endpoints/partner-endpoint.ts).
import { z } from "zod";
import {
  createWebhookRequestSchema,
  updateWebhookRequestSchema,
  WEBHOOK_DELIVERY_ID_PATTERN,
  WEBHOOK_ENDPOINT_ID_PATTERN,
  webhookDeliveryListSchema,
  webhookDeliverySchema,
  webhookEndpointListSchema,
  webhookEndpointSchema,
  webhookEndpointWithSecretSchema,
} from "../../domain/webhook-schemas";
import { partnerEndpoint } from "../endpoints/partner-endpoint";
import {
  listDeliveries,
  listDeliveriesQuerySchema,
  resendDelivery,
  sendTestEvent,
} from "./webhook-delivery-service";
import {
  changeWebhookEndpoint,
  listWebhookEndpoints,
  registerWebhookEndpoint,
  removeWebhookEndpoint,
  rotateWebhookSecret,
  showWebhookEndpoint,
} from "./webhook-endpoint-service";

const idParameter = { name: "id", pattern: WEBHOOK_ENDPOINT_ID_PATTERN.source };
const deliveryIdParameter = { name: "deliveryId", pattern: WEBHOOK_DELIVERY_ID_PATTERN.source };
const common = { scope: "webhooks:manage", tag: "Webhooks" } as const;
const endpointResponse = {
  status: 200,
  name: "WebhookEndpoint",
  schema: webhookEndpointSchema,
  description: "The endpoint (never its secret)",
} as const;
const withSecretResponse = (status: 200 | 201, description: string) =>
  ({
    status,
    name: "WebhookEndpointWithSecret",
    schema: webhookEndpointWithSecretSchema,
    description,
  }) as const;

export const listWebhooksEndpoint = partnerEndpoint({
  ...common,
  operationId: "listWebhooks",
  method: "GET",
  path: "/partner/webhooks",
  summary: "This partner's webhook endpoints",
  response: {
    status: 200,
    name: "WebhookEndpointList",
    schema: webhookEndpointListSchema,
    description: "Every endpoint, oldest first",
  },
  problems: [401, 403, 429],
  handle: async (db, scope) => ({ body: await listWebhookEndpoints(db, scope) }),
});

export const createWebhookEndpoint = partnerEndpoint({
  ...common,
  operationId: "createWebhook",
  method: "POST",
  path: "/partner/webhooks",
  summary: "Register a webhook endpoint",
  description:
    "The URL must be https and reach a public address (see OUTBOUND_ALLOW_HOSTS in the operations guide). The answer carries the signing secret, the only time it is shown.",
  request: { name: "CreateWebhookRequest", schema: createWebhookRequestSchema },
  response: withSecretResponse(201, "The endpoint with its signing secret"),
  problems: [400, 401, 403, 409, 413, 415, 429],
  handle: async (db, scope, { body }) => ({ body: await registerWebhookEndpoint(db, scope, body) }),
});

export const getWebhookEndpoint = partnerEndpoint({
  ...common,
  operationId: "getWebhook",
  method: "GET",
  path: "/partner/webhooks/{id}",
  summary: "One webhook endpoint",
  pathParameters: [idParameter],
  response: endpointResponse,
  problems: [401, 403, 404, 429],
  handle: async (db, scope, { params }) => ({ body: await showWebhookEndpoint(db, scope, params.id ?? "") }),
});

export const updateWebhookEndpoint = partnerEndpoint({
  ...common,
  operationId: "updateWebhook",
  method: "PATCH",
  path: "/partner/webhooks/{id}",
  summary: "Change a webhook endpoint's URL, events, description or whether it is enabled",
  pathParameters: [idParameter],
  request: { name: "UpdateWebhookRequest", schema: updateWebhookRequestSchema },
  response: endpointResponse,
  problems: [400, 401, 403, 404, 413, 415, 429],
  handle: async (db, scope, { params, body }) => ({
    body: await changeWebhookEndpoint(db, scope, params.id ?? "", body),
  }),
});

export const deleteWebhookEndpoint = partnerEndpoint({
  ...common,
  operationId: "deleteWebhook",
  method: "DELETE",
  path: "/partner/webhooks/{id}",
  summary: "Delete a webhook endpoint and its delivery log",
  pathParameters: [idParameter],
  response: {
    status: 200,
    name: "DeletedWebhookEndpoint",
    schema: z.strictObject({ id: z.string(), deleted: z.literal(true) }),
    description: "Deleted; deliveries not yet sent are dropped",
  },
  problems: [401, 403, 404, 429],
  handle: async (db, scope, { params }) => ({
    body: await removeWebhookEndpoint(db, scope, params.id ?? ""),
  }),
});

export const rotateWebhookSecretEndpoint = partnerEndpoint({
  ...common,
  operationId: "rotateWebhookSecret",
  method: "POST",
  path: "/partner/webhooks/{id}/rotate-secret",
  summary: "Replace the signing secret; the previous one keeps signing for 24 hours",
  pathParameters: [idParameter],
  response: withSecretResponse(200, "The endpoint with its new signing secret"),
  problems: [401, 403, 404, 409, 429],
  handle: async (db, scope, { params }) => ({ body: await rotateWebhookSecret(db, scope, params.id ?? "") }),
});

export const sendWebhookTestEndpoint = partnerEndpoint({
  ...common,
  operationId: "sendWebhookTest",
  method: "POST",
  path: "/partner/webhooks/{id}/test",
  summary: "Send a webhook.test event to the endpoint",
  pathParameters: [idParameter],
  response: {
    status: 201,
    name: "WebhookDelivery",
    schema: webhookDeliverySchema,
    description: "The test event's delivery, queued",
  },
  problems: [401, 403, 404, 409, 429],
  handle: async (db, scope, { params }) => ({ body: await sendTestEvent(db, scope, params.id ?? "") }),
});

export const listWebhookDeliveriesEndpoint = partnerEndpoint({
  ...common,
  operationId: "listWebhookDeliveries",
  method: "GET",
  path: "/partner/webhooks/{id}/deliveries",
  summary: "The endpoint's delivery log, newest first, with every attempt",
  pathParameters: [idParameter],
  query: listDeliveriesQuerySchema,
  response: {
    status: 200,
    name: "WebhookDeliveryList",
    schema: webhookDeliveryListSchema,
    description: "A page of deliveries; pass next_cursor as cursor for the next one",
  },
  problems: [400, 401, 403, 404, 429],
  handle: async (db, scope, { params, query }) => ({
    body: await listDeliveries(db, scope, params.id ?? "", query),
  }),
});

export const resendWebhookDeliveryEndpoint = partnerEndpoint({
  ...common,
  operationId: "resendWebhookDelivery",
  method: "POST",
  path: "/partner/webhooks/{id}/deliveries/{deliveryId}/resend",
  summary: "Send a delivered or failed delivery again, with the same webhook-id",
  pathParameters: [idParameter, deliveryIdParameter],
  response: {
    status: 200,
    name: "WebhookDelivery",
    schema: webhookDeliverySchema,
    description: "The delivery, queued again",
  },
  problems: [401, 403, 404, 409, 429],
  handle: async (db, scope, { params }) => ({
    body: await resendDelivery(db, scope, params.id ?? "", params.deliveryId ?? ""),
  }),
});

export const WEBHOOK_API_ENDPOINTS = [
  listWebhooksEndpoint,
  createWebhookEndpoint,
  getWebhookEndpoint,
  updateWebhookEndpoint,
  deleteWebhookEndpoint,
  rotateWebhookSecretEndpoint,
  sendWebhookTestEndpoint,
  listWebhookDeliveriesEndpoint,
  resendWebhookDeliveryEndpoint,
];
