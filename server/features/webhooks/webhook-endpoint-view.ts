// The rows of a webhook endpoint as the API and the portal show them: never a secret.
import type { WebhookEndpointView, WebhookEventType } from "../../domain/webhook-schemas";
import { WEBHOOK_EVENT_TYPES } from "../../domain/webhook-schemas";

export const webhookEndpointSelect = {
  id: true,
  url: true,
  events: true,
  description: true,
  enabled: true,
  disabledReason: true,
  failingSince: true,
  previousSecretExpiresAt: true,
  createdAt: true,
  updatedAt: true,
} as const;

type EndpointRow = {
  id: string;
  url: string;
  events: unknown;
  description: string | null;
  enabled: boolean;
  disabledReason: string | null;
  failingSince: Date | null;
  previousSecretExpiresAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
};

/** The stored JSON list, keeping only names this version knows (a newer one may have added some). */
export function endpointEvents(stored: unknown): WebhookEventType[] {
  if (!Array.isArray(stored)) return [];
  return stored.filter((e): e is WebhookEventType => (WEBHOOK_EVENT_TYPES as readonly unknown[]).includes(e));
}

export function toWebhookEndpointView(row: EndpointRow, now = new Date()): WebhookEndpointView {
  const overlap = row.previousSecretExpiresAt && row.previousSecretExpiresAt > now;
  return {
    id: row.id,
    url: row.url,
    events: endpointEvents(row.events),
    description: row.description,
    enabled: row.enabled,
    disabledReason: row.disabledReason,
    failingSince: row.failingSince?.toISOString() ?? null,
    previousSecretExpiresAt: overlap ? (row.previousSecretExpiresAt?.toISOString() ?? null) : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
