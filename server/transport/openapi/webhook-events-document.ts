// The OpenAPI document's top-level `webhooks`: each event a partner's endpoint can receive, as
// the POST the portal sends, with its Standard Webhooks headers and the body whose `data` is the
// object as the REST API shows it.
import { WEBHOOK_EVENT_TYPES, WEBHOOK_TEST_EVENT } from "../../domain/webhook-schemas";

const SUMMARIES: Record<string, string> = {
  "order.submitted": "An order to be processed later was stored (status submitted)",
  "order.completed": "An order is complete at the billing provider",
  "order.failed": "An order processed later failed; `failure` says why",
  "subscription.created": "A subscription became active with its first order",
  "subscription.updated": "A subscription's items or scheduled end changed",
  "subscription.cancelled": "A subscription ended (at once, or at the end of its term)",
  "subscription.renewed": "A subscription's term was renewed",
  "subscription.expired": "A subscription without renewal reached the end of its term",
  [WEBHOOK_TEST_EVENT]: 'Sent by "send test event" to one endpoint',
};

const HEADERS = {
  "webhook-id": "The message id: the same on every retry and resend (drop duplicates by it)",
  "webhook-timestamp": "Seconds since the epoch when this attempt was signed (refuse old ones)",
  "webhook-signature":
    'Space-separated `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, one per valid secret (two for 24 h after a rotation)',
};

function dataSchemaOf(type: string) {
  if (type.startsWith("order.")) return { $ref: "#/components/schemas/OrderDetail" };
  if (type.startsWith("subscription.")) return { $ref: "#/components/schemas/SubscriptionDetail" };
  return {
    type: "object",
    properties: { endpointId: { type: "string" }, message: { type: "string" } },
    required: ["endpointId", "message"],
  };
}

export function webhookEvents() {
  const events: Record<string, unknown> = {};
  for (const type of [...WEBHOOK_EVENT_TYPES, WEBHOOK_TEST_EVENT]) {
    events[type] = {
      post: {
        tags: ["Webhooks"],
        summary: SUMMARIES[type],
        description:
          "Verify the signature with any Standard Webhooks library and the endpoint's secret, then answer 2xx within 10 s; anything else is retried with backoff.",
        parameters: Object.entries(HEADERS).map(([name, description]) => ({
          in: "header",
          name,
          required: true,
          description,
          schema: { type: "string" },
        })),
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: {
                type: "object",
                properties: {
                  type: { const: type },
                  timestamp: { type: "string", format: "date-time" },
                  data: dataSchemaOf(type),
                },
                required: ["type", "timestamp", "data"],
              },
            },
          },
        },
        responses: { "200": { description: "Any 2xx answer counts as delivered" } },
      },
    };
  }
  return events;
}
